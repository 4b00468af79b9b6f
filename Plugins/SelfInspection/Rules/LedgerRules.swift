import DudaoKernel

/// 2.4: the unit's ledger filed — at least `minimumItems` items registered by `ledgerDueBy`,
/// met late when the minimum is reached after it.
///
/// It counts the unit's own problems (self-inspection, symposiums, appeals, its list, its projects
/// and targets); a bureau finding is the bureau's entry in the unit's ledger, not the unit's filing.
struct LedgerFiledRule: Rule {
    let id = "2.4/ledger-filed"
    let clause = "2.4"
    let title = LocalizedText(zh: "建立问题清单和整改台账并备案", en: "problem list and ledger filed")
    let dueByKey = "ledgerDueBy"
    let minimumKey = "minimumItems"

    func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        guard let due = context.clause.date(dueByKey) else { return [context.misconfigured(self, key: dueByKey)] }
        guard let minimum = context.clause.int(minimumKey) else { return [context.misconfigured(self, key: minimumKey)] }
        let items = Self.unitsOwn(context.ledger).sorted { ($0.item.registeredOn, $0.id) < ($1.item.registeredOn, $1.id) }
        let onTime = items.filter { $0.item.registeredOn <= due }
        let window = context.clause.window
        let period = Period(kind: .window, label: "\(window.start)..\(due)", start: window.start, end: due)
        return [context.deadlineCell(self, period: period, deadline: due, done: items.count >= minimum,
                                     late: onTime.count < minimum, records: items.map(\.id),
                                     note: LocalizedText(zh: "台账事项 \(items.count) 项（要求 \(minimum) 项）",
                                                         en: "\(items.count) ledger items (required \(minimum))"))]
    }

    /// The items the unit itself put in its ledger.
    static func unitsOwn(_ ledger: [LedgerItemState]) -> [LedgerItemState] {
        ledger.filter { $0.item.source != .bureauFinding }
    }
}

/// 2.4: every item of the unit's own ledger has measures, a deadline and a responsible person
/// (`LedgerItem.isComplete`): met when all do, due until `ledgerDueBy` and overdue after while
/// some do not (those items are the cell's records) or while the ledger is empty.
struct LedgerCompletenessRule: Rule {
    let id = "2.4/ledger-complete"
    let clause = "2.4"
    let title = LocalizedText(zh: "台账事项措施、时限、责任部门、责任人齐全",
                              en: "ledger items have measures, deadline, department and responsible person")
    let dueByKey = "ledgerDueBy"

    func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        guard let due = context.clause.date(dueByKey) else { return [context.misconfigured(self, key: dueByKey)] }
        let items = LedgerFiledRule.unitsOwn(context.ledger).sorted { ($0.item.registeredOn, $0.id) < ($1.item.registeredOn, $1.id) }
        let incomplete = items.filter { !$0.item.isComplete }
        let window = context.clause.window
        let period = Period(kind: .window, label: "\(window.start)..\(due)", start: window.start, end: due)
        let note: LocalizedText?
        if items.isEmpty {
            note = LocalizedText(zh: "台账尚无事项", en: "the ledger has no items yet")
        } else if incomplete.isEmpty {
            note = nil
        } else {
            note = LocalizedText(
                zh: "\(incomplete.count) 项不齐全：" + incomplete.map { "\($0.item.title)（缺\(Self.missing($0.item, .zh))）" }.joined(separator: "；"),
                en: "\(incomplete.count) incomplete: " + incomplete.map { "\($0.item.title) (no \(Self.missing($0.item, .en)))" }.joined(separator: "; "))
        }
        return [context.deadlineCell(self, period: period, deadline: due, done: !items.isEmpty && incomplete.isEmpty,
                                     late: false, records: incomplete.map(\.id), note: note)]
    }

    /// What an incomplete item lacks, in `language`.
    static func missing(_ item: LedgerItem, _ language: Language) -> String {
        var parts: [LocalizedText] = []
        if item.measures.isEmpty { parts.append(LocalizedText(zh: "措施", en: "measures")) }
        if item.deadline == nil { parts.append(LocalizedText(zh: "时限", en: "deadline")) }
        if (item.responsiblePerson ?? "").isEmpty { parts.append(LocalizedText(zh: "责任人", en: "responsible person")) }
        return parts.map { $0(language) }.joined(separator: language == .zh ? "、" : ", ")
    }
}
