/// "By a date, at least N records": 1.4's reflections by 04-28, 3.1's targets by 04-20.
///
/// The deadline is the clause parameter `dueByKey` (the clause window's end when nil); the
/// minimum is the parameter `minimumKey` (1 when nil). Records count from the clause's start,
/// or from the campaign's start when `countsFromCampaignStart`.
public struct DeadlineRule<Body: RecordBody>: Rule {
    public let id: String
    public let clause: String
    public let title: LocalizedText
    public var dueByKey: String?
    public var minimumKey: String?
    public var countsFromCampaignStart: Bool
    public var date: @Sendable (Body) -> LocalDate
    public var qualifies: @Sendable (TypedRecord<Body>, RuleContext) -> Bool

    public init(id: String, clause: String, title: LocalizedText, dueBy dueByKey: String? = nil,
                minimum minimumKey: String? = nil, countsFromCampaignStart: Bool = false,
                date: @escaping @Sendable (Body) -> LocalDate,
                where qualifies: @escaping @Sendable (TypedRecord<Body>, RuleContext) -> Bool = { _, _ in true }) {
        self.id = id
        self.clause = clause
        self.title = title
        self.dueByKey = dueByKey
        self.minimumKey = minimumKey
        self.countsFromCampaignStart = countsFromCampaignStart
        self.date = date
        self.qualifies = qualifies
    }

    public func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        let window = context.clause.window
        guard let due = dueByKey.map({ context.clause.date($0) }) ?? window.end else {
            return [context.misconfigured(self, key: dueByKey ?? "window")]
        }
        let minimum = minimumKey.flatMap { context.clause.int($0) } ?? 1
        let from = countsFromCampaignStart ? context.campaign.window.start : window.start
        let counted = context.records(Body.self).filter { record in
            let day = date(record.body)
            return day >= from && day <= context.asOf && qualifies(record, context)
        }.sorted { date($0.body) < date($1.body) }
        let onTime = counted.filter { date($0.body) <= due }
        let period = Period(kind: .window, label: "\(window.start)..\(due)", start: window.start, end: due)
        return [context.deadlineCell(self, period: period, deadline: due, done: counted.count >= minimum,
                                     late: onTime.count < minimum, records: counted.map { $0.id },
                                     note: minimum > 1 ? LocalizedText(zh: "\(counted.count)/\(minimum)", en: "\(counted.count)/\(minimum)") : nil)]
    }
}
