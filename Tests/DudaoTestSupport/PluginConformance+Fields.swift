import DudaoKernel

extension PluginConformance {
    /// The field descriptions a record type declares are usable by a form: every field labelled
    /// in zh and en, every key once.
    ///
    /// Hook for the `forms` work (issue on field descriptions): its completeness check — every
    /// Codable property of the body described, `required` matching optionality — belongs here,
    /// beside this one; until it lands, a type that describes no field passes.
    static func fieldDescriptionFailures(_ type: RecordType) -> [String] {
        var failures: [String] = []
        var seen = Set<String>()
        func check(_ fields: [FieldDescription], prefix: String) {
            for field in fields {
                let key = prefix + field.key
                if !seen.insert(key).inserted { failures.append("\(type.id): field \(key) is described twice") }
                if field.label.zh.isEmpty || field.label.en.isEmpty {
                    failures.append("\(type.id): field \(key) needs a label in zh and en")
                }
                if case .group(let inner) = field.kind { check(inner, prefix: key + ".") }
                if case .list(.group(let inner)) = field.kind { check(inner, prefix: key + "[].") }
            }
        }
        check(type.fields, prefix: "")
        return failures
    }
}
