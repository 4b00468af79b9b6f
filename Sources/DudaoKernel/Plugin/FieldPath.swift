/// A field path as validation issues name it (`title`, `materials[2]`, `problems[0].title`),
/// read into its steps so a form can find the field and a message can give its label.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// One step: a key of an object or an index of a list.
    public enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var steps: [Step]

    public init(_ steps: [Step]) {
        self.steps = steps
    }

    /// Reads `path`; `$` and the empty path are the body itself. Nil when it is not a field path.
    public init?(_ path: String) {
        var text = Substring(path)
        if text.hasPrefix("$") { text = text.dropFirst() }
        if text.hasPrefix(".") { text = text.dropFirst() }
        var steps: [Step] = []
        var key = ""
        var index: String?
        for character in text {
            if var digits = index {
                if character == "]" {
                    guard let number = Int(digits) else { return nil }
                    steps.append(.index(number))
                    index = nil
                } else {
                    digits.append(character)
                    index = digits
                }
                continue
            }
            switch character {
            case ".":
                if !key.isEmpty { steps.append(.key(key)) }
                key = ""
            case "[":
                if !key.isEmpty { steps.append(.key(key)) }
                key = ""
                index = ""
            default:
                key.append(character)
            }
        }
        if index != nil { return nil }
        if !key.isEmpty { steps.append(.key(key)) }
        self.steps = steps
    }

    /// The path as validation names it: `problems[0].title`; `$` for the body itself.
    public var description: String {
        var text = ""
        for step in steps {
            switch step {
            case .key(let key): text += text.isEmpty ? key : "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text.isEmpty ? "$" : text
    }

    /// The path one step longer.
    public func appending(_ step: Step) -> FieldPath {
        FieldPath(steps + [step])
    }

    /// The path one step shorter; nil for the body itself.
    public var parent: FieldPath? {
        steps.isEmpty ? nil : FieldPath(Array(steps.dropLast()))
    }
}

extension Array where Element == FieldDescription {
    /// The description of the field at `path`, through groups and lists; nil when none names it.
    public func field(at path: FieldPath) -> FieldDescription? {
        var fields = self
        var current: FieldDescription?
        var kind: FieldKind?
        for step in path.steps {
            switch step {
            case .key(let key):
                guard let field = fields.first(where: { $0.key == key }) else { return nil }
                current = field
                kind = field.kind
            case .index:
                guard case .list(let element)? = kind else { return nil }
                kind = element
            }
            if case .group(let nested)? = kind { fields = nested } else { fields = [] }
        }
        return current
    }

    /// The field at `path` as a person reads it, with each level's label and list items counted
    /// from one: “发现的问题 第 1 项 · 问题” / “Problems found, item 1 · Problem”. Nil when no
    /// description names the path (or it is the body itself).
    public func label(of path: FieldPath, _ language: Language) -> String? {
        var fields = self
        var kind: FieldKind?
        var parts: [String] = []
        for step in path.steps {
            switch step {
            case .key(let key):
                guard let field = fields.first(where: { $0.key == key }) else { return nil }
                parts.append(field.label(language))
                kind = field.kind
            case .index(let index):
                guard case .list(let element)? = kind, !parts.isEmpty else { return nil }
                parts[parts.count - 1] += language == .zh ? " 第 \(index + 1) 项" : ", item \(index + 1)"
                kind = element
            }
            if case .group(let nested)? = kind { fields = nested } else { fields = [] }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
}
