import DudaoKernel

/// 4.1: major projects past their time limit whose ledger item is still open are flagged.
///
/// A project is followed through the ledger item it registered (source `major-project`, same
/// source record), whose deadline may have been moved by the bureau; a project whose item has
/// not reached the ledger yet counts as open with the project's own deadline. One cell over the
/// clause window so far: overdue listing the overdue projects, met otherwise.
struct OverdueProjectsRule: Rule {
    let id = "4.1/overdue-projects"
    let clause = "4.1"
    let title = LocalizedText(zh: "重大项目按期推进", en: "major projects within their time limit")

    func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        let window = context.clause.window
        guard context.asOf >= window.start else { return [] }
        let projects = context.records(MajorProject.self).filter { $0.body.registeredOn <= context.asOf }
        var overdue: [String] = []
        var closed = 0
        for project in projects {
            let item = context.ledger.first { $0.item.source == .majorProject && $0.item.sourceRecord == project.id }
            let open = item?.state.isOpen ?? true
            if !open { closed += 1 }
            if open && context.asOf > (item?.deadline ?? project.body.deadline) { overdue.append(project.id) }
        }
        let note = LocalizedText(zh: "重大项目 \(projects.count) 项：已销号 \(closed) 项，超期未完成 \(overdue.count) 项",
                                 en: "\(projects.count) major projects: \(closed) closed, \(overdue.count) past their time limit")
        return [context.cell(self, period: context.clauseSoFar, state: overdue.isEmpty ? .met : .overdue,
                             records: overdue.isEmpty ? projects.map(\.id) : overdue, note: note)]
    }
}

/// 4.2: rectify against the ledger and close item by item (逐项销号).
///
/// One cell over the clause window so far: met while no ledger item of the unit is past its
/// deadline and open, overdue listing those items otherwise; the note gives the closure rate.
struct LedgerClosureRule: Rule {
    let id = "4.2/ledger-closure"
    let clause = "4.2"
    let title = LocalizedText(zh: "台账逐项销号", en: "ledger items closed one by one")

    func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        guard context.asOf >= context.clause.window.start else { return [] }
        let items = context.ledger
        let closed = items.filter { !$0.state.isOpen }.count
        let overdue = items.filter { $0.isOverdue(asOf: context.asOf) }.map(\.id)
        let rate = items.isEmpty ? 100 : Int((Double(closed) * 100 / Double(items.count)).rounded())
        let note = LocalizedText(
            zh: "台账 \(items.count) 项，已销号 \(closed) 项（销号率 \(rate)%），逾期未销号 \(overdue.count) 项",
            en: "\(items.count) ledger items, \(closed) closed (closure rate \(rate)%), \(overdue.count) overdue")
        return [context.cell(self, period: context.clauseSoFar, state: overdue.isEmpty ? .met : .overdue,
                             records: overdue.isEmpty ? items.map(\.id) : overdue, note: note)]
    }
}

extension RuleContext {
    /// The clause window, labelled up to the date evaluated (a running verdict, not a deadline).
    var clauseSoFar: Period {
        let window = clause.window
        return Period(kind: .window, label: "\(window.start)..\(min(asOf, window.end))", start: window.start, end: window.end)
    }
}
