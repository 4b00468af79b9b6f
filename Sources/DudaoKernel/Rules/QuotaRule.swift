/// "At least N per period": 1.3's weekly article, 4.2's monthly or quarterly report.
///
/// The period kind is the clause parameter `periodKey`, either one kind (`"week"`) or a map by
/// unit kind (`{"office": "month", "school": "quarter"}`); a unit kind the map leaves out is not
/// applicable. When records name the period they report on (`periodLabel`), a report filed after
/// the period's end plus `graceDaysKey` days counts as met late; otherwise a record counts for
/// the period its date falls in.
public struct QuotaRule<Body: RecordBody>: Rule {
    public let id: String
    public let clause: String
    public let title: LocalizedText
    public var periodKey: String
    public var minimumKey: String?
    public var graceDaysKey: String?
    public var date: @Sendable (Body) -> LocalDate
    public var periodLabel: (@Sendable (Body) -> String?)?
    public var qualifies: @Sendable (TypedRecord<Body>, RuleContext) -> Bool

    public init(id: String, clause: String, title: LocalizedText, period periodKey: String,
                minimum minimumKey: String? = nil, graceDays graceDaysKey: String? = nil,
                date: @escaping @Sendable (Body) -> LocalDate,
                periodLabel: (@Sendable (Body) -> String?)? = nil,
                where qualifies: @escaping @Sendable (TypedRecord<Body>, RuleContext) -> Bool = { _, _ in true }) {
        self.id = id
        self.clause = clause
        self.title = title
        self.periodKey = periodKey
        self.minimumKey = minimumKey
        self.graceDaysKey = graceDaysKey
        self.date = date
        self.periodLabel = periodLabel
        self.qualifies = qualifies
    }

    public func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        let clause = context.clause
        let kindText = context.unit.flatMap { clause.value(periodKey, for: $0)?.stringValue } ?? clause.string(periodKey)
        guard let kindText else {
            if clause.parameters[periodKey]?.objectValue != nil {
                return [context.cell(self, period: .whole(clause.window), state: .notApplicable,
                                     note: LocalizedText(zh: "本类单位无此报送要求", en: "no such report for this kind of unit"))]
            }
            return [context.misconfigured(self, key: periodKey)]
        }
        guard let kind = PeriodKind(rawValue: kindText) else { return [context.misconfigured(self, key: periodKey)] }
        let minimum = minimumKey.flatMap { clause.int($0) } ?? 1
        let grace = graceDaysKey.flatMap { clause.int($0) } ?? 0
        let periods = context.calendar.periods(kind, overlapping: clause.window).prefix { $0.start <= context.asOf }
        // Each record counts for one period: the one it names, or the one its date falls in
        // (periods are contiguous and in order, so a binary search finds it).
        let labels = periodLabel == nil ? [:] : Dictionary(periods.enumerated().map { ($1.label, $0) }) { first, _ in first }
        let records = context.records(Body.self)
        var buckets = [[Int]](repeating: [], count: periods.count)
        for position in records.indices {
            let day = date(records[position].body)
            guard day <= context.asOf, qualifies(records[position], context) else { continue }
            let slot: Int?
            if let periodLabel {
                slot = periodLabel(records[position].body).flatMap { labels[$0] }
            } else {
                slot = Self.period(containing: day, in: periods)
            }
            if let slot { buckets[slot].append(position) }
        }
        return zip(periods, buckets).map { period, matching in
            let deadline = period.end.adding(days: periodLabel == nil ? 0 : grace)
            let onTime = matching.reduce(0) { $0 + (date(records[$1].body) <= deadline ? 1 : 0) }
            return context.deadlineCell(self, period: period, deadline: deadline, done: matching.count >= minimum,
                                        late: onTime < minimum, records: matching.map { records[$0].id })
        }
    }

    /// The index of the period holding `day`, if one does.
    static func period(containing day: LocalDate, in periods: ArraySlice<Period>) -> Int? {
        var low = periods.startIndex, high = periods.endIndex
        while low < high {
            let middle = (low + high) / 2
            if periods[middle].end < day { low = middle + 1 } else { high = middle }
        }
        return low < periods.endIndex && periods[low].start <= day ? low : nil
    }
}
