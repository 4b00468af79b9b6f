/// Renders coding paths as JSON paths (`$.clauses[3].window.start`), the way errors name a field.
public enum JSONPath {
    public static func render(_ path: [any CodingKey]) -> String {
        var text = "$"
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += "." + key.stringValue
            }
        }
        return text
    }

    /// A field path relative to a body, as validation issues name it (`attendance`, `materials[2]`).
    public static func field(_ path: [any CodingKey]) -> String {
        let rendered = render(path)
        if rendered == "$" { return "$" }
        return rendered.hasPrefix("$.") ? String(rendered.dropFirst(2)) : String(rendered.dropFirst(1))
    }
}

/// A DecodingError said in words a person can act on, with the JSON path of the field.
public struct DecodingProblem: Sendable, Hashable {
    public var path: String
    public var reason: LocalizedText

    public init(path: String, reason: LocalizedText) {
        self.path = path
        self.reason = reason
    }

    public init(_ error: any Error, fieldStyle: Bool = false) {
        func where_(_ codingPath: [any CodingKey]) -> String {
            fieldStyle ? JSONPath.field(codingPath) : JSONPath.render(codingPath)
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            path = where_(context.codingPath + [key])
            reason = LocalizedText(zh: "缺少必填字段", en: "required field is missing")
        case DecodingError.typeMismatch(let type, let context):
            path = where_(context.codingPath)
            let expected = Self.typeName(type)
            reason = LocalizedText(zh: "类型错误，应为\(expected.zh)", en: "wrong type, expected \(expected.en)")
        case DecodingError.valueNotFound(let type, let context):
            path = where_(context.codingPath)
            let expected = Self.typeName(type)
            reason = LocalizedText(zh: "值为空，应为\(expected.zh)", en: "value is null, expected \(expected.en)")
        case DecodingError.dataCorrupted(let context):
            path = where_(context.codingPath)
            let detail = context.debugDescription
            if context.codingPath.isEmpty, detail.contains("JSON") || detail.contains("data") {
                reason = LocalizedText(zh: "不是合法的 JSON：\(detail)", en: "not valid JSON: \(detail)")
            } else {
                reason = LocalizedText(zh: "取值无效：\(detail)", en: "invalid value: \(detail)")
            }
        case let failure as any DudaoFailure:
            path = "$"
            reason = failure.message
        default:
            path = "$"
            reason = LocalizedText(zh: "无法读取：\(error)", en: "cannot read: \(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> LocalizedText {
        if type is String.Type { return LocalizedText(zh: "字符串", en: "a string") }
        if type is Int.Type || type is Int64.Type || type is Int32.Type { return LocalizedText(zh: "整数", en: "an integer") }
        if type is Double.Type || type is Float.Type { return LocalizedText(zh: "数字", en: "a number") }
        if type is Bool.Type { return LocalizedText(zh: "布尔值", en: "a boolean") }
        if type is LocalDate.Type { return LocalizedText(zh: "日期（YYYY-MM-DD）", en: "a date (YYYY-MM-DD)") }
        if String(describing: type).hasPrefix("Array") { return LocalizedText(zh: "数组", en: "an array") }
        return LocalizedText(zh: "对象", en: "an object")
    }
}
