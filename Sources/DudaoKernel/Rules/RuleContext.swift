/// What a rule sees: the campaign, its clause, the subject, the date, and the visible records.
///
/// Records are those of the subject unit for unit rules, and all records for leader rules;
/// records written after `asOf` are the caller's to leave out or keep, rules filter by body dates.
public struct RuleContext: Sendable {
    public let campaign: Campaign
    public let clause: Clause
    public let calendar: CampaignCalendar
    public let asOf: LocalDate
    public let subject: CellSubject
    /// The visible records, grouped by type and decoded once for every rule of one evaluation.
    public let recordSet: RecordSet
    public let ledger: [LedgerItemState]

    public init(campaign: Campaign, clause: Clause, calendar: CampaignCalendar, asOf: LocalDate,
                subject: CellSubject, records: RecordSet, ledger: [LedgerItemState]) {
        self.campaign = campaign
        self.clause = clause
        self.calendar = calendar
        self.asOf = asOf
        self.subject = subject
        recordSet = records
        self.ledger = ledger
    }

    public init(campaign: Campaign, clause: Clause, calendar: CampaignCalendar, asOf: LocalDate,
                subject: CellSubject, records: [RecordEnvelope], ledger: [LedgerItemState], cache: BodyCache? = nil) {
        self.init(campaign: campaign, clause: clause, calendar: calendar, asOf: asOf, subject: subject,
                  records: RecordSet(records, cache: cache), ledger: ledger)
    }

    /// Every visible record, tombstones included.
    public var records: [RecordEnvelope] { recordSet.all }

    /// Decoded bodies shared across evaluations, when the caller keeps them.
    public var cache: BodyCache? { recordSet.cache }

    /// The same context about the records of `units` only (a leader's assigned units, say).
    public func narrowed(to units: Set<String>) -> RuleContext {
        RuleContext(campaign: campaign, clause: clause, calendar: calendar, asOf: asOf, subject: subject,
                    records: recordSet.narrowed(to: units), ledger: ledger)
    }

    /// The subject as a unit, for unit rules.
    public var unit: CampaignUnit? {
        if case .unit(let id) = subject { return campaign.unit(id) }
        return nil
    }

    /// The subject as a person, for leader rules.
    public var person: Person? {
        if case .person(let id) = subject { return campaign.person(id) }
        return nil
    }

    /// The live records of `B`'s type, decoded; a body that no longer decodes is skipped.
    public func records<B: RecordBody>(_: B.Type) -> [TypedRecord<B>] { recordSet.typed(B.self) }

    /// A cell about this context's subject and clause.
    public func cell<R: Rule>(_ rule: R, period: Period, state: CellState, daysLeft: Int? = nil, deadline: LocalDate? = nil,
                     records: [String] = [], note: LocalizedText? = nil) -> ComplianceCell {
        ComplianceCell(subject: subject, clause: clause.id, rule: rule.id, period: period, state: state,
                       daysLeft: daysLeft, deadline: deadline, recordIDs: records, note: note)
    }

    /// A cell whose state follows from a deadline (see `ComplianceCell.verdict`).
    public func deadlineCell<R: Rule>(_ rule: R, period: Period, deadline: LocalDate, done: Bool, late: Bool,
                             records: [String], note: LocalizedText? = nil) -> ComplianceCell {
        let (state, daysLeft) = ComplianceCell.verdict(done: done, late: late, deadline: deadline, asOf: asOf)
        return cell(rule, period: period, state: state, daysLeft: daysLeft, deadline: deadline, records: records, note: note)
    }

    /// A cell saying the parameter `key` is missing or malformed: the rule cannot judge, so it says why.
    public func misconfigured<R: Rule>(_ rule: R, key: String) -> ComplianceCell {
        cell(rule, period: .whole(clause.window), state: .notApplicable,
             note: LocalizedText(zh: "活动文件缺少参数 clauses[\(clause.id)].parameters.\(key)",
                                 en: "campaign file lacks clauses[\(clause.id)].parameters.\(key)"))
    }
}
