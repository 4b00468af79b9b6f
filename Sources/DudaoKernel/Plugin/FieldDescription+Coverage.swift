import Foundation

/// Whether a record type's field descriptions match its body: the conformance suite's check that
/// every form can be built, and that no form shows a field the body does not have.
extension RecordType {
    /// Every key the descriptions name, as field paths with `[]` for a list's items
    /// (`problems[].title`), in description order.
    public var describedKeys: [String] {
        func walk(_ fields: [FieldDescription], _ prefix: String) -> [String] {
            fields.flatMap { field -> [String] in
                let path = prefix + field.key
                return [path] + field.kind.nestedFields.map { walk($0.fields, path + $0.suffix) }.joined()
            }
        }
        return walk(fields, "")
    }

    /// Everything wrong with the descriptions, as sentences naming the type and the field path;
    /// empty when they describe the body exactly.
    ///
    /// Checked against the body's schema (derived from its Codable shape) and its example: every
    /// property is described, every description names a property, `required` matches the Swift
    /// optionality, the kind fits the JSON type, every label and option has Chinese and English,
    /// and every key of the example is described, through groups and lists.
    public func fieldDescriptionProblems() -> [String] {
        var problems: [String] = []
        if fields.isEmpty {
            return ["\(id): describes no fields (static let fields: [FieldDescription]), so no form can be built"]
        }
        compare(fields, with: schema.document, at: "", into: &problems)
        if let example = try? JSONDecoder().decode(JSONValue.self, from: example) {
            let described = Set(describedKeys)
            for key in Self.keys(of: example, prefix: "") where !described.contains(key) {
                problems.append("\(id): the example's key \(key) has no description")
            }
        } else {
            problems.append("\(id): the example is not JSON")
        }
        return problems
    }

    private func compare(_ fields: [FieldDescription], with schema: JSONValue, at prefix: String, into problems: inout [String]) {
        let properties = schema["properties"]?.objectValue ?? [:]
        let required = Set(schema["required"]?.stringArray ?? [])
        var seen: Set<String> = []
        for field in fields {
            let path = prefix + field.key
            if !seen.insert(field.key).inserted { problems.append("\(id): \(path) is described twice") }
            labelProblems(field.label, "the label of \(path)", into: &problems)
            if let help = field.help { labelProblems(help, "the help of \(path)", into: &problems) }
            guard let property = properties[field.key] else {
                problems.append("\(id): describes \(path), which the body does not have")
                continue
            }
            if field.required != required.contains(field.key) {
                problems.append("\(id): \(path) is described as \(field.required ? "required" : "optional") but the body's property is \(required.contains(field.key) ? "required" : "optional")")
            }
            compare(field.kind, with: property, at: path, into: &problems)
        }
        for key in properties.keys.sorted() where !seen.contains(key) {
            problems.append("\(id): the body's property \(prefix + key) has no description")
        }
    }

    private func compare(_ kind: FieldKind, with property: JSONValue, at path: String, into problems: inout [String]) {
        let type = property["type"]?.stringValue
        func expect(_ wanted: String, _ what: String) {
            if type != wanted { problems.append("\(id): \(path) is described as \(what) but its JSON type is \(type ?? "any")") }
        }
        switch kind {
        case .text, .longText, .clauseOption, .person, .unit, .record:
            expect("string", "text")
            if property["format"]?.stringValue == "date" { problems.append("\(id): \(path) is described as text but is a LocalDate") }
            if property["enum"] != nil { problems.append("\(id): \(path) is described as text but is an enum: describe it as a choice") }
        case .date:
            expect("string", "a date")
            if property["format"]?.stringValue != "date" { problems.append("\(id): \(path) is described as a date but is not a LocalDate") }
        case .integer:
            expect("integer", "a whole number")
        case .decimal:
            if type != "number" && type != "integer" { problems.append("\(id): \(path) is described as a number but its JSON type is \(type ?? "any")") }
        case .boolean:
            expect("boolean", "yes or no")
        case .choice(let options):
            expect("string", "a choice")
            for option in options { labelProblems(option.label, "option \(option.id) of \(path)", into: &problems) }
            if let cases = property["enum"]?.stringArray, Set(cases) != Set(options.map(\.id)) {
                problems.append("\(id): \(path)'s options \(options.map(\.id)) differ from the body's cases \(cases)")
            }
        case .list(let element):
            expect("array", "a list")
            if let items = property["items"] { compare(element, with: items, at: path + "[]", into: &problems) }
        case .group(let fields):
            expect("object", "a group")
            compare(fields, with: property, at: path + ".", into: &problems)
        }
    }

    private func labelProblems(_ text: LocalizedText, _ what: String, into problems: inout [String]) {
        if text.zh.allSatisfy(\.isWhitespace) { problems.append("\(id): \(what) has no Chinese") }
        if text.en.allSatisfy(\.isWhitespace) { problems.append("\(id): \(what) has no English") }
    }

    /// The keys of a JSON value as described-key paths (`problems[].title`).
    static func keys(of value: JSONValue, prefix: String) -> [String] {
        switch value {
        case .object(let object):
            return object.keys.sorted().flatMap { key -> [String] in
                let path = prefix.isEmpty ? key : prefix + "." + key
                return [path] + keys(of: object[key]!, prefix: path)
            }
        case .array(let items):
            return items.flatMap { keys(of: $0, prefix: prefix + "[]") }
        default:
            return []
        }
    }
}

extension FieldKind {
    /// The groups inside this kind, with the path suffix that leads to their fields
    /// (`.` for a group, `[].` for a list of groups).
    var nestedFields: [(suffix: String, fields: [FieldDescription])] {
        switch self {
        case .group(let fields): [(".", fields)]
        case .list(let element): element.nestedFields.map { ("[]" + $0.suffix, $0.fields) }
        default: []
        }
    }
}

extension RecordType {
    /// What the descriptions name that does not exist: a clause (of a date's window or an option
    /// list), a clause parameter list, or a record type (when `recordTypes` is given). A form would
    /// show an empty choice or an unbounded date for them.
    public func fieldReferenceProblems(in campaign: Campaign, recordTypes: [String]? = nil) -> [String] {
        var problems: [String] = []
        func check(_ kind: FieldKind, at path: String) {
            switch kind {
            case .date(let clause?) where campaign.clause(clause) == nil:
                problems.append("\(id): \(path) is bounded by clause \(clause), which the campaign does not have")
            case .clauseOption(let clause, let list):
                if campaign.clause(clause)?.optionIDs(list).isEmpty ?? true {
                    problems.append("\(id): \(path) offers clause \(clause)'s list \(list), which the campaign does not have")
                }
            case .record(let type) where recordTypes.map({ !$0.contains(type) }) ?? false:
                problems.append("\(id): \(path) refers to record type \(type), which is not registered")
            case .list(let element):
                check(element, at: path + "[]")
            case .group(let fields):
                for field in fields { check(field.kind, at: path + "." + field.key) }
            default:
                break
            }
        }
        for field in fields { check(field.kind, at: field.key) }
        return problems
    }
}
