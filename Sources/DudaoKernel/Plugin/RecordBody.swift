/// The body of one record type: a Codable value a plugin declares, with its own validation.
///
/// Only `recordType`, `title` and `example` are required; validation, writers and ledger
/// problems have defaults.
public protocol RecordBody: Codable, Sendable {
    /// `plugin/type`, e.g. `publicity/article-submission`.
    static var recordType: String { get }
    /// What a person calls it, in both languages.
    static var title: LocalizedText { get }
    /// Who may write it: a unit's agent, the bureau, or both.
    static var writers: RecordWriters { get }
    /// A valid body, used by documentation and the conformance suite.
    static var example: Self { get }
    /// Each field of the body with its label, help and kind, from which every form is built.
    static var fields: [FieldDescription] { get }
    /// The example as `unit` would file it, for a type whose valid values depend on the unit
    /// (a reporting period that is a month for an office and a quarter for a school); `example` by default.
    static func example(filedBy unit: CampaignUnit, in campaign: Campaign) -> Self

    /// Checks what types cannot: dates in the clause's window, known units and people, non-empty text.
    func validate(_ check: inout RecordCheck)

    /// Problems this record puts into the ledger (R3): a self-inspection's findings, an appeal, a target.
    func ledgerProblems(recordID: String, unit: String) -> [LedgerItem]
}

extension RecordBody {
    public static var writers: RecordWriters { .unit }
    /// No description: the conformance suite refuses it, since no form can be built.
    public static var fields: [FieldDescription] { [] }
    public static func example(filedBy unit: CampaignUnit, in campaign: Campaign) -> Self { example }
    public func validate(_ check: inout RecordCheck) {}
    public func ledgerProblems(recordID: String, unit: String) -> [LedgerItem] { [] }
}

/// Which side of the campaign writes a record type.
public enum RecordWriters: String, Sendable, Codable {
    /// A unit's own agent, for that unit only.
    case unit
    /// The bureau (campaign office or leaders), about any unit.
    case bureau
    /// Both.
    case both

    public func allows(bureau: Bool) -> Bool {
        switch self {
        case .unit: !bureau
        case .bureau: bureau
        case .both: true
        }
    }
}

/// One thing wrong with a record body: the field path and the reason.
public struct ValidationIssue: Sendable, Hashable, Codable {
    public var path: String
    public var reason: LocalizedText

    public init(path: String, reason: LocalizedText) {
        self.path = path
        self.reason = reason
    }
}

/// A record that failed validation; names the record type, the record or file, and each field.
public struct RecordValidationError: DudaoFailure, CustomStringConvertible {
    public var recordType: String
    public var location: String?
    public var issues: [ValidationIssue]

    public init(recordType: String, location: String? = nil, issues: [ValidationIssue]) {
        self.recordType = recordType
        self.location = location
        self.issues = issues
    }

    public var message: LocalizedText { message(naming: { issue, _ in issue.path }) }

    /// The message with each issue's field named by `name` (its path, or its label and path).
    public func message(naming name: (ValidationIssue, Language) -> String) -> LocalizedText {
        let place = location.map { "（\($0)）" } ?? ""
        let placeEn = location.map { " (\($0))" } ?? ""
        let zh = issues.map { "  \(name($0, .zh))：\($0.reason.zh)" }.joined(separator: "\n")
        let en = issues.map { "  \(name($0, .en)): \($0.reason.en)" }.joined(separator: "\n")
        return LocalizedText(zh: "记录类型 \(recordType) 校验失败\(place)：\n\(zh)",
                             en: "record of type \(recordType) failed validation\(placeEn):\n\(en)")
    }

    public var description: String { message.en }
}
