/// "Each bureau leader, at least N per period": 4.4's visits, 2.5's attendance, 1.4's reflections.
///
/// Cells are per leader. The period is the clause parameter `periodKey` (the clause window when
/// nil, with its deadline `dueByKey`); the minimum is `minimumKey` (1 when nil). When the clause parameter
/// `scopeKey` says `leader-and-unit`, each of the leader's assigned units and offices in charge
/// needs the minimum on its own.
public struct PersonQuotaRule<Body: RecordBody>: Rule {
    public let id: String
    public let clause: String
    public let title: LocalizedText
    public var periodKey: String?
    public var dueByKey: String?
    public var minimumKey: String?
    public var scopeKey: String?
    public var date: @Sendable (Body) -> LocalDate
    public var people: @Sendable (Body) -> [String]
    /// Which records count at all (2.5: only a 民主生活会 counts for a leader).
    public var qualifies: @Sendable (TypedRecord<Body>, RuleContext) -> Bool

    public var scope: RuleScope { .leader }

    public init(id: String, clause: String, title: LocalizedText, period periodKey: String? = nil,
                dueBy dueByKey: String? = nil, minimum minimumKey: String? = nil, scope scopeKey: String? = nil,
                date: @escaping @Sendable (Body) -> LocalDate, people: @escaping @Sendable (Body) -> [String],
                where qualifies: @escaping @Sendable (TypedRecord<Body>, RuleContext) -> Bool = { _, _ in true }) {
        self.id = id
        self.clause = clause
        self.title = title
        self.periodKey = periodKey
        self.dueByKey = dueByKey
        self.minimumKey = minimumKey
        self.scopeKey = scopeKey
        self.date = date
        self.people = people
        self.qualifies = qualifies
    }

    public func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        let clause = context.clause
        guard let person = context.person else { return [] }
        var minimum = 1
        if let minimumKey {
            guard let value = clause.int(minimumKey) else { return [context.misconfigured(self, key: minimumKey)] }
            minimum = value
        }
        let perUnit = scopeKey.flatMap { clause.string($0) } == "leader-and-unit"
        let mine = context.records(Body.self).filter {
            date($0.body) <= context.asOf && date($0.body) >= clause.window.start && people($0.body).contains(person.id)
                && qualifies($0, context)
        }
        var periods: [(Period, LocalDate)]
        if let periodKey {
            guard let kind = clause.string(periodKey).flatMap(PeriodKind.init(rawValue:)) else {
                return [context.misconfigured(self, key: periodKey)]
            }
            periods = context.calendar.periods(kind, overlapping: clause.window)
                .filter { $0.start <= context.asOf }.map { ($0, $0.end) }
        } else {
            guard let due = dueByKey.map({ clause.date($0) }) ?? clause.window.end else {
                return [context.misconfigured(self, key: dueByKey ?? "window")]
            }
            periods = [(Period(kind: .window, label: "\(clause.window.start)..\(due)", start: clause.window.start, end: due), due)]
        }
        let units = person.assignedUnits + person.officesInCharge
        return periods.map { period, deadline in
            let inPeriod = mine.filter { periodKey == nil || period.contains(date($0.body)) }
            func enough(_ records: [TypedRecord<Body>]) -> Bool {
                perUnit ? units.allSatisfy { unit in records.filter { $0.unit == unit }.count >= minimum } : records.count >= minimum
            }
            let onTime = inPeriod.filter { date($0.body) <= deadline }
            let note = LocalizedText(zh: "\(inPeriod.count) 次（要求 \(minimum) 次\(perUnit ? "／单位" : "")）",
                                     en: "\(inPeriod.count) (required \(minimum)\(perUnit ? " per unit" : ""))")
            return context.deadlineCell(self, period: period, deadline: deadline, done: enough(inPeriod),
                                        late: !enough(onTime), records: inPeriod.map { $0.id }, note: note)
        }
    }
}
