/// How a rule slices time: ISO weeks, fortnights, months, quarters, years, or the whole window.
public enum PeriodKind: String, Sendable, Codable, CaseIterable {
    case week, fortnight, month, quarter, year, window
}

/// One slice of time a compliance cell is about, e.g. `2017-W14`, `2017-04`, `2017-Q2`.
public struct Period: Sendable, Hashable, Codable, Comparable {
    public var kind: PeriodKind
    public var label: String
    public var start: LocalDate
    public var end: LocalDate

    public init(kind: PeriodKind, label: String, start: LocalDate, end: LocalDate) {
        self.kind = kind
        self.label = label
        self.start = start
        self.end = end
    }

    public func contains(_ date: LocalDate) -> Bool { date >= start && date <= end }

    public static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.start, lhs.end, lhs.label) < (rhs.start, rhs.end, rhs.label)
    }

    /// The whole of `window` as one period.
    public static func whole(_ window: DateWindow) -> Period {
        Period(kind: .window, label: "\(window.start)..\(window.end)", start: window.start, end: window.end)
    }
}
