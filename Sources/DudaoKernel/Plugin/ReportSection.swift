/// A part of a unit's report that a plugin contributes: a titled table built from the unit's records.
public struct ReportSection: Sendable {
    public let id: String
    public let clause: String?
    public let title: LocalizedText
    public let build: @Sendable (ReportContext) -> ReportTable

    public init(id: String, clause: String?, title: LocalizedText, build: @escaping @Sendable (ReportContext) -> ReportTable) {
        self.id = id
        self.clause = clause
        self.title = title
        self.build = build
    }
}

/// What a report section sees: the campaign, the unit, its records and ledger, the date.
public struct ReportContext: Sendable {
    public let campaign: Campaign
    public let unit: CampaignUnit
    public let asOf: LocalDate
    public let language: Language
    public let records: [RecordEnvelope]
    public let ledger: [LedgerItemState]

    public init(campaign: Campaign, unit: CampaignUnit, asOf: LocalDate, language: Language,
                records: [RecordEnvelope], ledger: [LedgerItemState]) {
        self.campaign = campaign
        self.unit = unit
        self.asOf = asOf
        self.language = language
        self.records = records
        self.ledger = ledger
    }

    public func records<B: RecordBody>(_: B.Type) -> [TypedRecord<B>] { records.typed(B.self) }
}

/// A table of text: column headers and rows, rendered as text, JSON or HTML by the caller.
public struct ReportTable: Sendable, Hashable, Codable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}

extension PluginRegistry {
    /// The report sections that concern `campaign`: those of no particular clause, and those whose
    /// clause it has (a plugin built in for another campaign adds no empty section).
    public func reports(in campaign: Campaign) -> [ReportSection] {
        reports.filter { section in section.clause.map { campaign.clause($0) != nil } ?? true }
    }
}
