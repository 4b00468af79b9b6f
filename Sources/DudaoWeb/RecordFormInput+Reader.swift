import DudaoKernel
import Foundation

extension RecordFormInput {
    /// Walks the field descriptions and takes each field's value from the submitted pairs.
    struct Reader {
        /// The submitted values of the body's fields, by name, in the order sent.
        private var submitted: [String: [String]] = [:]
        private(set) var issues: [ValidationIssue] = []
        private(set) var unreadable: [FieldPath] = []

        init(pairs: [(name: String, value: String)]) {
            let prefix = RecordFormName.prefix + "."
            for pair in pairs where pair.name.hasPrefix(prefix) {
                submitted[pair.name, default: []].append(pair.value)
            }
        }

        /// The fields of a body or group as an object; nil for an optional group left empty.
        mutating func object(_ fields: [FieldDescription], prefix: String, path: FieldPath, presentOnly: Bool) -> JSONValue? {
            if presentOnly && !hasInput(under: prefix) { return nil }
            var object: [String: JSONValue] = [:]
            for field in fields {
                let name = prefix + "." + field.key
                if let value = value(of: field, name: name, path: path.appending(.key(field.key))) { object[field.key] = value }
            }
            return .object(object)
        }

        mutating func value(of field: FieldDescription, name: String, path: FieldPath) -> JSONValue? {
            switch field.kind {
            case .list(let element):
                let items = list(element, name: name, path: path)
                return items.isEmpty && !field.required ? nil : .array(items)
            case .group(let nested):
                return object(nested, prefix: name, path: path, presentOnly: !field.required)
            case .boolean where field.required:
                return .bool(submitted[name]?.contains { Self.isYes($0) } ?? false)
            default:
                let value = scalar(field.kind, name: name, path: path)
                if value == nil && field.required {
                    issues.append(ValidationIssue(path: path.description, reason: LocalizedText(zh: "此项必填", en: "this field is required")))
                }
                return value
            }
        }

        /// A list's items in slot order, empty slots left out; body paths count only the items kept.
        mutating func list(_ element: FieldKind, name: String, path: FieldPath) -> [JSONValue] {
            if element.isPicked {
                return (submitted[name] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                    .filter { !$0.isEmpty }.map(JSONValue.string)
            }
            var items: [JSONValue] = []
            for slot in slots(of: name) {
                let slotName = "\(name).\(slot)"
                let itemPath = path.appending(.index(items.count))
                switch element {
                case .group(let nested):
                    if let item = object(nested, prefix: slotName, path: itemPath, presentOnly: true) { items.append(item) }
                case .list(let inner):
                    if hasInput(under: slotName) { items.append(.array(list(inner, name: slotName, path: itemPath))) }
                default:
                    if let item = scalar(element, name: slotName, path: itemPath) { items.append(item) }
                }
            }
            return items
        }

        /// The slot numbers submitted for a list named `name` (`f.measures.0`, `f.measures.3.title`), in order.
        func slots(of name: String) -> [Int] {
            let prefix = name + "."
            var slots: Set<Int> = []
            for key in submitted.keys where key.hasPrefix(prefix) {
                let rest = key.dropFirst(prefix.count)
                if let slot = Int(rest.prefix { $0 != "." }), slot >= 0 { slots.insert(slot) }
            }
            return slots.sorted()
        }

        /// Whether anything but blanks was sent under `name`.
        func hasInput(under name: String) -> Bool {
            submitted.contains { key, values in
                (key == name || key.hasPrefix(name + ".")) && values.contains { !$0.allSatisfy(\.isWhitespace) }
            }
        }

        /// One value; nil when empty. What cannot be read is an issue, kept as typed.
        mutating func scalar(_ kind: FieldKind, name: String, path: FieldPath) -> JSONValue? {
            guard let raw = submitted[name]?.first else { return nil }
            if case .longText = kind {
                let text = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : .string(text)
            }
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { return nil }
            switch kind {
            case .date:
                guard let date = LocalDate(Self.halfWidth(text)) else {
                    return unreadable(text, at: path, zh: "“\(text)”不是日期，请按 年-月-日 填写，如 2017-04-07",
                                      en: "'\(text)' is not a date; write it as year-month-day, e.g. 2017-04-07")
                }
                return .string(date.description)
            case .integer:
                let digits = Self.halfWidth(text)
                if let number = Int(digits) { return .number(Double(number)) }
                if Double(digits) != nil {
                    return unreadable(text, at: path, zh: "“\(text)”不是整数", en: "'\(text)' is not a whole number")
                }
                return unreadable(text, at: path, zh: "“\(text)”不是数字，请只填写阿拉伯数字", en: "'\(text)' is not a number; use digits only")
            case .decimal:
                guard let number = Double(Self.halfWidth(text)), number.isFinite else {
                    return unreadable(text, at: path, zh: "“\(text)”不是数字，请只填写阿拉伯数字和小数点",
                                      en: "'\(text)' is not a number; use digits and a decimal point only")
                }
                return .number(number)
            case .boolean:
                if text == "true" { return .bool(true) }
                if text == "false" { return .bool(false) }
                return unreadable(text, at: path, zh: "“\(text)”应为“是”或“否”", en: "'\(text)' should be yes or no")
            case .choice(let options):
                guard options.contains(where: { $0.id == text }) else {
                    return unreadable(text, at: path, zh: "“\(text)”不在可选项中", en: "'\(text)' is not one of the options")
                }
                return .string(text)
            default:
                return .string(text)
            }
        }

        private mutating func unreadable(_ text: String, at path: FieldPath, zh: String, en: String) -> JSONValue {
            issues.append(ValidationIssue(path: path.description, reason: LocalizedText(zh: zh, en: en)))
            unreadable.append(path)
            return .string(text)
        }

        /// A ticked checkbox's value.
        static func isYes(_ value: String) -> Bool { ["true", "on", "1", "yes"].contains(value.lowercased()) }

        /// Full-width digits and signs, as Chinese input methods type them, made ASCII: “１２．５” → “12.5”.
        static func halfWidth(_ text: String) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
                (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0)! : scalar
            }))
        }
    }
}
