/// The verdict of one rule for one subject and period.
public enum CellState: String, Sendable, Hashable, Codable, CaseIterable {
    case met
    case metLate = "met-late"
    case due
    case overdue
    case notApplicable = "not-applicable"

    public var title: LocalizedText {
        switch self {
        case .met: LocalizedText(zh: "已完成", en: "met")
        case .metLate: LocalizedText(zh: "逾期完成", en: "met late")
        case .due: LocalizedText(zh: "待完成", en: "due")
        case .overdue: LocalizedText(zh: "已逾期", en: "overdue")
        case .notApplicable: LocalizedText(zh: "不适用", en: "not applicable")
        }
    }
}

/// Whom a cell is about: a unit, or a person (a bureau leader's quota).
public enum CellSubject: Sendable, Hashable, Codable, CustomStringConvertible {
    case unit(String)
    case person(String)

    public var id: String {
        switch self {
        case .unit(let id), .person(let id): id
        }
    }

    public var description: String {
        switch self {
        case .unit(let id): "unit:\(id)"
        case .person(let id): "person:\(id)"
        }
    }
}

/// One cell of the compliance grid: (subject, clause, period) → state, with the records that decided it.
public struct ComplianceCell: Sendable, Hashable, Codable {
    public var subject: CellSubject
    public var clause: String
    public var rule: String
    public var period: Period
    public var state: CellState
    /// Days left until the deadline, for `due`.
    public var daysLeft: Int?
    public var deadline: LocalDate?
    public var recordIDs: [String]
    public var note: LocalizedText?

    public init(subject: CellSubject, clause: String, rule: String, period: Period, state: CellState,
                daysLeft: Int? = nil, deadline: LocalDate? = nil, recordIDs: [String] = [], note: LocalizedText? = nil) {
        self.subject = subject
        self.clause = clause
        self.rule = rule
        self.period = period
        self.state = state
        self.daysLeft = daysLeft
        self.deadline = deadline
        self.recordIDs = recordIDs
        self.note = note
    }
}

extension ComplianceCell {
    /// The verdict of a deadline: `met` when done in time, `metLate` when done after it,
    /// `due` with the days left while it has not passed, `overdue` after.
    public static func verdict(done: Bool, late: Bool, deadline: LocalDate, asOf: LocalDate) -> (CellState, Int?) {
        if done { return (late ? .metLate : .met, nil) }
        if asOf <= deadline { return (.due, asOf.days(until: deadline)) }
        return (.overdue, nil)
    }
}
