/// "Every one answered within N days": 2.3's appeals.
///
/// The limit is the clause parameter `limitKey` in days. The cell covers the clause window so far:
/// met when every appeal was answered in time (or there were none), met late when all were
/// answered but some late, due while some wait within their limit, overdue when one waits past it.
public struct ReplyLimitRule<Body: RecordBody>: Rule {
    public let id: String
    public let clause: String
    public let title: LocalizedText
    public var limitKey: String
    public var received: @Sendable (Body) -> LocalDate
    public var replied: @Sendable (Body) -> LocalDate?

    public init(id: String, clause: String, title: LocalizedText, limit limitKey: String,
                received: @escaping @Sendable (Body) -> LocalDate, replied: @escaping @Sendable (Body) -> LocalDate?) {
        self.id = id
        self.clause = clause
        self.title = title
        self.limitKey = limitKey
        self.received = received
        self.replied = replied
    }

    public func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        let clause = context.clause
        guard let limit = clause.int(limitKey) else { return [context.misconfigured(self, key: limitKey)] }
        let asOf = context.asOf
        let appeals = context.records(Body.self).filter { received($0.body) <= asOf }
        var late: [String] = [], waitingPast: [String] = [], waiting: [(String, Int)] = []
        for appeal in appeals {
            let due = received(appeal.body).adding(days: limit)
            if let answer = replied(appeal.body), answer <= asOf {
                if answer > due { late.append(appeal.id) }
            } else if asOf > due {
                waitingPast.append(appeal.id)
            } else {
                waiting.append((appeal.id, asOf.days(until: due)))
            }
        }
        let period = Period(kind: .window, label: "\(clause.window.start)..\(min(asOf, clause.window.end))",
                            start: clause.window.start, end: clause.window.end)
        let counts = LocalizedText(zh: "诉求 \(appeals.count) 件，超期未复 \(waitingPast.count) 件，逾期答复 \(late.count) 件（时限 \(limit) 天）",
                                   en: "\(appeals.count) appeals, \(waitingPast.count) unanswered past the limit, \(late.count) answered late (limit \(limit) days)")
        if !waitingPast.isEmpty {
            return [context.cell(self, period: period, state: .overdue, records: waitingPast, note: counts)]
        }
        if let soonest = waiting.min(by: { $0.1 < $1.1 }) {
            return [context.cell(self, period: period, state: .due, daysLeft: soonest.1, records: waiting.map { $0.0 }, note: counts)]
        }
        return [context.cell(self, period: period, state: late.isEmpty ? .met : .metLate,
                             records: late.isEmpty ? appeals.map { $0.id } : late, note: counts)]
    }
}
