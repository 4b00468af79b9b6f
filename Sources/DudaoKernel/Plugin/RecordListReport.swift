/// A record as a phase's report lists it: its clause, the day it is filed under, a one-line summary.
///
/// Conforming record types get their report section from `ReportTable.recordList(_:of:)`.
public protocol ReportableRecord: RecordBody {
    /// The clause of the plan the record serves; its window bounds the record's dates.
    static var clause: String { get }
    /// The day the report files the record under.
    var reportDate: LocalDate { get }
    func summary(_ language: Language, campaign: Campaign) -> String
}

extension ReportTable {
    /// The unit's records of `types` filed on or before the report's date, one row each
    /// (clause, record type, date, summary), ordered by clause, date and record id.
    public static func recordList(_ context: ReportContext, of types: [any ReportableRecord.Type]) -> ReportTable {
        var rows: [(clause: String, date: LocalDate, id: String, cells: [String])] = []
        func add<B: ReportableRecord>(_ type: B.Type) {
            for record in context.records(B.self) where record.body.reportDate <= context.asOf {
                let body = record.body
                rows.append((B.clause, body.reportDate, record.id,
                             [B.clause, B.title(context.language), body.reportDate.description,
                              body.summary(context.language, campaign: context.campaign)]))
            }
        }
        for type in types { add(type) }
        rows.sort { ($0.clause, $0.date, $0.id) < ($1.clause, $1.date, $1.id) }
        let columns = context.language == .zh ? ["条款", "记录类型", "日期", "内容"] : ["Clause", "Record type", "Date", "Details"]
        return ReportTable(columns: columns, rows: rows.map(\.cells))
    }

    /// The columns of a report that lists records with their own details: clause, record, date,
    /// content, details.
    public static func recordColumns(_ language: Language) -> [String] {
        [
            LocalizedText(zh: "条款", en: "Clause"), LocalizedText(zh: "记录", en: "Record"),
            LocalizedText(zh: "日期", en: "Date"), LocalizedText(zh: "内容", en: "Content"),
            LocalizedText(zh: "说明", en: "Details"),
        ].map { $0(language) }
    }
}

extension ReportSection {
    /// A section listing the unit's records of `types`, one row each (`ReportTable.recordList`):
    /// the report a phase gets without writing one.
    public static func recordList(id: String, clause: String?, title: LocalizedText, of types: [any ReportableRecord.Type]) -> ReportSection {
        ReportSection(id: id, clause: clause, title: title) { context in ReportTable.recordList(context, of: types) }
    }
}

extension Campaign {
    /// A person's name for reports, or the id when the roster does not know it.
    public func name(of person: String) -> String { self.person(person)?.name ?? person }
}
