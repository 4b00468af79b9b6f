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
