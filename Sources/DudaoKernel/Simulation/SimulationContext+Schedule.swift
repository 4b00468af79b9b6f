/// Choices the phase plugins' simulations share: a random item, a day in a range, the day a
/// unit of this diligence does what is due, and who types the records.
extension SimulationContext {
    /// One of `items`, at random.
    public mutating func pick<T>(_ items: [T]) -> T { items[int(in: 0...(items.count - 1))] }

    /// A day from `from` to `to` (just `from` when the range is empty).
    public mutating func between(_ from: LocalDate, _ to: LocalDate) -> LocalDate {
        from.adding(days: int(in: 0...max(0, from.days(until: to))))
    }

    /// The day this unit does what is due on `deadline`: on time from `from`, unless it is a late
    /// unit (then a week or two after, never past the campaign's end).
    public mutating func scheduled(_ deadline: LocalDate, from: LocalDate) -> LocalDate {
        diligence == .late ? after(deadline) : between(from, deadline)
    }

    /// A day a week or two after `deadline`, never past the campaign's end.
    public mutating func after(_ deadline: LocalDate) -> LocalDate {
        min(deadline.adding(days: int(in: 1...12)), max(deadline, campaign.window.end))
    }

    /// Who types the unit's records: its operator, else its head.
    public var clerk: String? { (people(.operator).first ?? people(.unitHead).first)?.id }
}

extension SimulationContext {
    /// The days this unit does what `clause` asks `minimum` times (default 1) each `period` (both
    /// clause parameters; the period may be keyed by unit kind), through the clause's window:
    /// every period for a diligent unit, a late unit missing about one in twelve and a lax unit
    /// one in three. Empty when the period parameter is missing.
    public mutating func quotaDays(_ clause: Clause, period periodKey: String, minimum minimumKey: String) -> [LocalDate] {
        guard let kind = clause.periodKind(periodKey, for: unit) else { return [] }
        let minimum = clause.int(minimumKey) ?? 1
        let last = min(clause.window.end, campaign.window.end)
        let skip = switch diligence {
        case .diligent: 0.0
        case .late: 0.08
        case .lax: 0.35
        }
        var days: [LocalDate] = []
        for period in calendar.periods(kind, overlapping: clause.window) {
            let from = max(period.start, clause.window.start), to = min(period.end, last)
            guard from <= to, !chance(skip) else { continue }
            days += (0..<minimum).map { _ in between(from, to) }.sorted()
        }
        return days
    }
}
