import DudaoKernel
import Foundation

/// One of the unit's own records, offered by name where a field refers to a record
/// (`.record(type:)`): the id is what the body stores, the summary what the person reads.
public struct RecordChoice: Sendable, Hashable {
    public var id: String
    /// The record's type (`plugin/type`); a field offers only the records of its own type.
    public var type: String
    public var summary: String

    public init(id: String, type: String, summary: String) {
        self.id = id
        self.type = type
        self.summary = summary
    }
}

/// The form of a record type, generated from its field descriptions: every door that lets a
/// person write a record builds it this way, so a new plugin gets its forms with no web code.
///
/// ```swift
/// let form = RecordForm(type: type, campaign: campaign, unit: unit, ownRecords: choices,
///                       values: .body(storedBody), issues: rejected, language: .zh)
/// page.body = form.form(action: Link("/records", type.id), csrf: token, submit: "保存")
/// ```
/// Fields are named `f.` plus the body path with list indexes as steps (`f.title`,
/// `f.problems.0.title`, `f.materials` for a list of choices shown as checkboxes), and
/// ``RecordFormInput`` reads them back. Each issue is shown beside the field its path names (or the
/// nearest enclosing one), with `aria-describedby` and `aria-invalid`, and listed with a link at the top.
public struct RecordForm: Sendable {
    /// What the form starts with.
    public enum Values: Sendable {
        /// An empty form.
        case empty
        /// A JSON object: the example, or what ``RecordFormInput`` read from a rejected submission.
        case json(JSONValue)
        /// A body's bytes (a stored record being edited); not JSON gives an empty form.
        case body(Data)

        var object: JSONValue {
            switch self {
            case .empty: .object([:])
            case .json(let value): value
            case .body(let data): (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .object([:])
            }
        }
    }

    public var type: RecordType
    public var campaign: Campaign
    /// The unit the record is for: its people are offered first where a person is chosen.
    public var unit: CampaignUnit?
    /// The unit's own records, offered where a field refers to a record of their type.
    public var ownRecords: [RecordChoice]
    public var values: JSONValue
    public var issues: [ValidationIssue]
    public var language: Language
    /// Lists that get more empty slots than usual: the list whose "add another" button was pressed
    /// (``RecordFormInput/moreRequested``), as a field name (`f.problems`).
    public var expanded: Set<String>

    public init(type: RecordType, campaign: Campaign, unit: CampaignUnit?, ownRecords: [RecordChoice] = [],
                values: Values = .empty, issues: [ValidationIssue] = [], language: Language, expanded: Set<String> = []) {
        self.type = type
        self.campaign = campaign
        self.unit = unit
        self.ownRecords = ownRecords
        self.values = values.object
        self.issues = issues
        self.language = language
        self.expanded = expanded
    }

    /// The record types whose records the form offers (`.record(type:)` fields, through groups and
    /// lists): the records a caller should pass as `ownRecords`.
    public static func referencedRecordTypes(of type: RecordType) -> [String] {
        func walk(_ kind: FieldKind) -> [String] {
            switch kind {
            case .record(let type): [type]
            case .list(let element): walk(element)
            case .group(let fields): fields.flatMap { walk($0.kind) }
            default: []
            }
        }
        var seen: [String] = []
        for type in type.fields.flatMap({ walk($0.kind) }) where !seen.contains(type) { seen.append(type) }
        return seen
    }

    /// The fields, the error summary and the note on required fields: the inside of a `<form>`.
    public var html: HTML {
        let renderer = RecordFormRenderer(form: self)
        let fields = renderer.fields(type.fields, values: values, prefix: RecordFormName.prefix, inList: false)
        return "\(renderer.summary())<p class=\"muted form-note\">\(renderer.t("带 * 的为必填项。", "Fields marked * are required."))</p>\(fields)"
    }

    /// The whole form: posts to `action` with the session's token and a submit button.
    public func form(action: Link, csrf: String, submit: String? = nil) -> HTML {
        let t = Tr(language: language)
        let button = submit ?? t("保存", "Save")
        return Form.post(action, csrf: csrf, classes: "box record-form", "\(html)<p class=\"actions\"><button>\(button)</button></p>").html
    }
}

/// How the form names its fields: `f.` and the body path's steps joined by dots.
public enum RecordFormName {
    /// The prefix of every field of a record's body; other fields of the same form (the token,
    /// the "add another" button) are ignored when the body is read.
    public static let prefix = "f"

    /// The field name of a body path: `problems[0].title` → `f.problems.0.title`.
    public static func name(of path: FieldPath) -> String {
        ([prefix] + path.steps.map { step -> String in
            switch step {
            case .key(let key): key
            case .index(let index): String(index)
            }
        }).joined(separator: ".")
    }

    /// The element id of a field name (`f.problems.0.title` → `fld-f-problems-0-title`).
    public static func id(of name: String) -> String {
        "fld-" + name.replacingOccurrences(of: ".", with: "-")
    }
}
