import DudaoKernel
import Foundation

/// What a unit must do, as of a date: the workstation's home page (待办) and `dudao status`'s lists.
public struct TodoList: Sendable {
    /// One obligation: a compliance cell with what a person needs to act on it.
    public struct Obligation: Sendable {
        public var group: Group
        public var cell: ComplianceCell
        public var clause: Clause
        /// The rule's own title ("每周至少报送 1 篇稿件").
        public var ruleTitle: LocalizedText
        /// The record types that fill the cell and that this unit may write, the counted one first.
        public var recordTypes: [String]
        /// Records still needed in the period; nil when the rule does not count records.
        public var missing: Int?
        /// Records one period needs; nil when the rule does not count records.
        public var minimum: Int?
        /// Set when the deadline is the campaign office's assumption, not the plan's.
        public var assumption: Assumption?
        /// The date a new record for this obligation should carry: the period's last day, or today if earlier.
        public var suggestedDate: LocalDate
    }

    /// The page's groups, in the order they are shown.
    public enum Group: String, Sendable, CaseIterable {
        case overdue, thisWeek = "this-week", soon, done

        public var title: LocalizedText {
            switch self {
            case .overdue: LocalizedText(zh: "已逾期", en: "Overdue")
            case .thisWeek: LocalizedText(zh: "本周到期", en: "Due this week")
            case .soon: LocalizedText(zh: "稍后到期", en: "Due later")
            case .done: LocalizedText(zh: "已完成", en: "Done")
            }
        }
    }

    public var unit: String
    public var asOf: LocalDate
    /// Ledger items the bureau supervises and waits for this unit's feedback on, nearest deadline first.
    public var awaitingFeedback: [LedgerItemState]
    /// Every obligation, by group, nearest deadline first.
    public var obligations: [Obligation]

    public func group(_ group: Group) -> [Obligation] { obligations.filter { $0.group == group } }
}

extension Workspace {
    /// The to-do list of `unit` (this agent's unit when nil) as of `asOf`: overdue, due this week,
    /// due later, and done (the latest period of each rule), each nearest deadline first.
    public func todo(unit unitID: String? = nil, asOf: LocalDate) throws -> TodoList {
        guard let unitID = unitID ?? identity.unit, let unit = campaign.unit(unitID) else {
            throw DudaoError("请用 --unit 指明单位", "name the unit with --unit")
        }
        let set = RecordSet(try store.records(unit: unit.id), cache: engine.cache)
        let ledger = engine.ledger(set, asOf: asOf)
        let cells = engine.cells(for: unit, records: set, ledger: ledger, asOf: asOf)
        let weekEnd = asOf.adding(days: 7 - asOf.isoWeekday)
        var latest: [String: ComplianceCell] = [:]
        for cell in cells where latest[cell.rule].map({ $0.period < cell.period }) ?? true { latest[cell.rule] = cell }
        var obligations: [TodoList.Obligation] = []
        for cell in cells {
            let group: TodoList.Group
            switch cell.state {
            case .overdue: group = .overdue
            case .due: group = (cell.deadline ?? asOf) <= weekEnd ? .thisWeek : .soon
            case .met, .metLate:
                guard latest[cell.rule] == cell else { continue }
                group = .done
            case .notApplicable: continue
            }
            guard let clause = campaign.clause(cell.clause) else { continue }
            obligations.append(obligation(cell, group: group, clause: clause, asOf: asOf))
        }
        obligations.sort { lhs, rhs in
            let order = TodoList.Group.allCases
            let (l, r) = (order.firstIndex(of: lhs.group)!, order.firstIndex(of: rhs.group)!)
            if l != r { return l < r }
            let (ld, rd) = (lhs.cell.deadline ?? lhs.cell.period.end, rhs.cell.deadline ?? rhs.cell.period.end)
            // Overdue and done: the most recent first; due: the nearest first.
            if ld != rd { return lhs.group == .overdue || lhs.group == .done ? ld > rd : ld < rd }
            return (lhs.cell.clause, lhs.cell.rule) < (rhs.cell.clause, rhs.cell.rule)
        }
        let waiting = ledger.filter { $0.state == .supervising }
            .sorted { ($0.deadline ?? asOf.adding(days: 36_500), $0.id) < ($1.deadline ?? asOf.adding(days: 36_500), $1.id) }
        return TodoList(unit: unit.id, asOf: asOf, awaitingFeedback: waiting, obligations: obligations)
    }

    private func obligation(_ cell: ComplianceCell, group: TodoList.Group, clause: Clause, asOf: LocalDate) -> TodoList.Obligation {
        let rule = registry.rules(for: clause.id).first { $0.id == cell.rule }
        let counting = rule as? any CountingRule
        let writable = clause.recordTypes.filter { registry.recordType($0)?.writers.allows(bureau: false) == true }
        var types = writable
        if let counted = counting?.countedType, registry.recordType(counted)?.writers.allows(bureau: false) == true {
            types = [counted] + writable.filter { $0 != counted }
        }
        let minimum = counting.map { $0.minimum(in: clause) }
        let missing = minimum.map { max(0, $0 - cell.recordIDs.count) }
        let day = max(cell.period.start, min(asOf, cell.period.end, campaign.window.end))
        return TodoList.Obligation(group: group, cell: cell, clause: clause, ruleTitle: rule?.title ?? clause.title,
                                   recordTypes: types, missing: group == .done ? 0 : missing, minimum: minimum,
                                   assumption: cell.deadline.flatMap { clause.assumption(forDeadline: $0) }, suggestedDate: day)
    }
}
