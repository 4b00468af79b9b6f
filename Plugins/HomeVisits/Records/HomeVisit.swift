import DudaoKernel

/// One 家访 (home visits) for clause 6.1: when it took place and what was done.
public struct HomeVisit: ReportableRecord, Hashable {
    public static let recordType = "home-visits/home-visit"
    public static let title = LocalizedText(zh: "家访", en: "Home visits")
    public static let clause = "6.1"

    public static let fields: [FieldDescription] = [
        .init("heldOn", zh: "日期", en: "Date", kind: .date(windowOf: clause)),
        .init("content", zh: "内容", en: "What was done", kind: .longText),
        .init("notes", zh: "备注", en: "Notes", kind: .longText, required: false),
    ]

    /// The day it took place; it counts for the period holding it.
    public var heldOn: LocalDate
    public var content: String
    public var notes: String?

    public init(heldOn: LocalDate, content: String, notes: String? = nil) {
        self.heldOn = heldOn
        self.content = content
        self.notes = notes
    }

    public static var example: HomeVisit {
        HomeVisit(heldOn: LocalDate(year: 2017, month: 3, day: 1)!, content: "家访记录示例")
    }

    public func validate(_ check: inout RecordCheck) {
        check.date(heldOn, at: "heldOn", inWindowOf: Self.clause)
        check.nonEmpty(content, at: "content")
        check.nonEmpty(notes, at: "notes")
    }

    public var reportDate: LocalDate { heldOn }

    public func summary(_ language: Language, campaign: Campaign) -> String { content }
}
