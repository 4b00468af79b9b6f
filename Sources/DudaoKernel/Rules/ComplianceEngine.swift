/// Evaluates every rule of the registry against a campaign's units and leaders.
///
/// Pure: it takes the records and the date it evaluates as of; it never reads a clock or a database.
public struct ComplianceEngine: Sendable {
    public let campaign: Campaign
    public let registry: PluginRegistry
    public let calendar: CampaignCalendar
    /// Decoded bodies kept across evaluations (the bureau's server keeps one); nil decodes afresh.
    public let cache: BodyCache?
    /// The revisions before the one in force, oldest first, each with the day its successor took
    /// effect: periods settled before then keep its verdicts (see `CampaignHistory`). Empty when
    /// the campaign was never revised.
    var earlier: [EarlierRevision]
    /// The day the campaign in force took effect; nil when it was never revised.
    var effectiveOn: LocalDate?

    public init(campaign: Campaign, registry: PluginRegistry, cache: BodyCache? = nil) throws {
        self.campaign = campaign
        self.registry = registry
        self.cache = cache
        calendar = try campaign.calendar()
        earlier = []
        effectiveOn = nil
    }

    /// The ledger of `records` as of `asOf`.
    public func ledger(_ records: [RecordEnvelope], asOf: LocalDate?) -> [LedgerItemState] {
        ledger(RecordSet(records, cache: cache), asOf: asOf)
    }

    /// The ledger of a record set as of `asOf`.
    public func ledger(_ records: RecordSet, asOf: LocalDate?) -> [LedgerItemState] {
        LedgerFold.fold(items: records.typed(LedgerItem.self), transitions: records.typed(LedgerTransition.self),
                        transfers: records.typed(LedgerTransfer.self), asOf: asOf)
    }

    /// The cells of `unit`, from its records (and the bureau's records about it), as of `asOf`.
    public func cells(for unit: CampaignUnit, records: [RecordEnvelope], asOf: LocalDate) -> [ComplianceCell] {
        let mine = RecordSet(records.filter { $0.unit == unit.id }, cache: cache)
        return cells(for: unit, records: mine, ledger: ledger(mine, asOf: asOf), asOf: asOf)
    }

    /// The cells of `unit` from its record set and its ledger as of `asOf`, both already at hand:
    /// each period judged under the revision in force on its deadline, none judged after the unit
    /// or its clause was retired.
    public func cells(for unit: CampaignUnit, records: RecordSet, ledger: [LedgerItemState], asOf: LocalDate) -> [ComplianceCell] {
        let cells = earlier.isEmpty ? cellsUnderThisRevision(for: unit, records: records, ledger: ledger, asOf: asOf)
            : cellsAcrossRevisions(for: unit, records: records, ledger: ledger, asOf: asOf)
        return retiring(cells, of: unit)
    }

    /// The cells of `unit` as the campaign in force alone judges them.
    func cellsUnderThisRevision(for unit: CampaignUnit, records: RecordSet, ledger: [LedgerItemState], asOf: LocalDate) -> [ComplianceCell] {
        var cells: [ComplianceCell] = []
        for clause in campaign.clauses {
            for rule in registry.rules(for: clause.id) where rule.scope == .unit {
                let context = RuleContext(campaign: campaign, clause: clause, calendar: calendar, asOf: asOf,
                                          subject: .unit(unit.id), records: records, ledger: ledger)
                if !clause.applies(to: unit) {
                    cells.append(context.cell(rule, period: .whole(clause.window), state: .notApplicable,
                                              note: LocalizedText(zh: "本条款不适用于\(unit.kind.title.zh)",
                                                                  en: "this clause does not bind a \(unit.kind.title.en)")))
                } else {
                    cells += rule.evaluate(context)
                }
            }
        }
        return cells
    }

    /// The cells of a bureau leader's own quotas (visits, attendance, reflections), from all records.
    public func cells(forLeader leader: Person, records: [RecordEnvelope], asOf: LocalDate) -> [ComplianceCell] {
        cells(forLeader: leader, records: RecordSet(records, cache: cache), asOf: asOf)
    }

    /// The cells of a bureau leader's own quotas from a record set of all records, shared by the leaders.
    public func cells(forLeader leader: Person, records: RecordSet, asOf: LocalDate) -> [ComplianceCell] {
        var cells: [ComplianceCell] = []
        for clause in campaign.clauses {
            for rule in registry.rules(for: clause.id) where rule.scope == .leader {
                let context = RuleContext(campaign: campaign, clause: clause, calendar: calendar, asOf: asOf,
                                          subject: .person(leader.id), records: records, ledger: [])
                cells += rule.evaluate(context)
            }
        }
        return retiring(cells, ofPerson: leader)
    }
}
