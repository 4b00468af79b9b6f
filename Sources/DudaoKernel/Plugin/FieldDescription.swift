/// How one field of a record body looks to a person: its label, help and kind.
///
/// A record type describes its fields to the kernel, and every door builds its form from the
/// description: the unit's workstation, the bureau's forms, a scaffolded plugin's tests. A sixth
/// plugin gets its forms with no web code.
/// ```swift
/// public static let fields: [FieldDescription] = [
///     .init("title", zh: "稿件标题", en: "Title", kind: .text),
///     .init("submittedOn", zh: "报送日期", en: "Submitted on", kind: .date(windowOf: "1.3")),
///     .init("summary", zh: "内容摘要", en: "Summary", kind: .longText, required: false),
/// ]
/// ```
/// `key` is the body's JSON key (the Codable property name). Evidence files (R4) attach to any
/// record through its envelope, so they are not a field of the body.
public struct FieldDescription: Sendable, Hashable, Codable {
    public var key: String
    public var label: LocalizedText
    public var help: LocalizedText?
    public var kind: FieldKind
    /// Whether the body needs a value; an optional Swift property is `required: false`.
    public var required: Bool

    public init(_ key: String, label: LocalizedText, help: LocalizedText? = nil, kind: FieldKind, required: Bool = true) {
        self.key = key
        self.label = label
        self.help = help
        self.kind = kind
        self.required = required
    }

    public init(_ key: String, zh: String, en: String, help: LocalizedText? = nil, kind: FieldKind, required: Bool = true) {
        self.init(key, label: LocalizedText(zh: zh, en: en), help: help, kind: kind, required: required)
    }
}

/// What kind of value a field holds, and so which input a form shows for it.
public indirect enum FieldKind: Sendable, Hashable, Codable {
    /// One line of text.
    case text
    /// Paragraphs of text.
    case longText
    /// A calendar date; bounded by the window of the named clause when there is one.
    case date(windowOf: String?)
    /// A whole number, optionally bounded.
    case integer(min: Int?, max: Int?)
    /// A decimal number (a score), optionally bounded.
    case decimal(min: Double?, max: Double?)
    /// Yes or no.
    case boolean
    /// One of a fixed list of labelled options; the body stores the option's id.
    case choice([FieldOption])
    /// One of the options a clause parameter lists (`{id, zh, en}` objects), e.g. 1.4's discussion forms.
    case clauseOption(clause: String, list: String)
    /// A person of the campaign's roster, chosen by name; the body stores the person id.
    case person(role: Person.Role?)
    /// A unit of the campaign, chosen by name; the body stores the unit id.
    case unit
    /// One of the unit's own records of the given type (`plugin/type`); the body stores the record id.
    case record(type: String)
    /// A list of values of one kind.
    case list(FieldKind)
    /// A nested object with its own fields (an item of a list of findings, say).
    case group([FieldDescription])
}

/// One labelled option of a `.choice` field.
public struct FieldOption: Sendable, Hashable, Codable {
    public var id: String
    public var label: LocalizedText

    public init(_ id: String, zh: String, en: String) {
        self.id = id
        self.label = LocalizedText(zh: zh, en: en)
    }
}
