import DudaoKernel

extension RecordCheck {
    /// A count (attendance) must be at least `minimum`.
    mutating func number(_ value: Int, atLeast minimum: Int, at path: String) {
        if value < minimum { fail(path, "应不少于 \(minimum)，实际为 \(value)", "must be at least \(minimum), got \(value)") }
    }

    /// Optional text, when present, must not be blank.
    mutating func nonEmpty(_ text: String?, at path: String) {
        if let text { nonEmpty(text, at: path) }
    }

    /// Every entry of a list of text must not be blank.
    mutating func nonEmpty(_ texts: [String], at path: String) {
        for (index, text) in texts.enumerated() { nonEmpty(text, at: "\(path)[\(index)]") }
    }
}

/// A SelfInspection record as the unit's report lists it: its clause, its date and a one-line summary.
protocol SelfInspectionRecord: RecordBody {
    /// The clause of the plan the record serves; its window bounds the record's dates.
    static var clause: String { get }
    /// The day the report files the record under.
    var reportDate: LocalDate { get }
    func summary(_ language: Language, campaign: Campaign) -> String
}

extension Campaign {
    /// A person's name for reports, or the id when the roster does not know it.
    func name(of person: String) -> String { self.person(person)?.name ?? person }
}
