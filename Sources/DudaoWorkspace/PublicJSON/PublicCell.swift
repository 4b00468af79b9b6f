import DudaoKernel

/// One compliance cell as tools read it, the same in `dudao status --json` and `/api/v1/grid`.
public struct PublicCell: PublicOutput, Hashable {
    /// The unit the cell is about (absent for a person's cell).
    public var unit: String?
    /// The person the cell is about, for a bureau leader's quota (absent for a unit's cell).
    public var person: String?
    public var clause: String
    public var rule: String
    public var period: PublicPeriod
    public var state: CellState
    /// Days left until the deadline, while the cell is `due`.
    public var daysLeft: Int?
    public var deadline: LocalDate?
    /// The records that decided the cell.
    public var records: [String]
    public var note: LocalizedText?

    public init(_ cell: ComplianceCell) {
        switch cell.subject {
        case .unit(let id): unit = id
        case .person(let id): person = id
        }
        clause = cell.clause
        rule = cell.rule
        period = PublicPeriod(cell.period)
        state = cell.state
        daysLeft = cell.daysLeft
        deadline = cell.deadline
        records = cell.recordIDs
        note = cell.note
    }

    enum CodingKeys: String, CodingKey {
        case unit, person, clause, rule, period, state, daysLeft, deadline, records, note
    }
}

/// A slice of time: its kind, its label (`2017-W14`, `2017-04`, `2017-Q2`) and its first and last day.
public struct PublicPeriod: PublicOutput, Hashable {
    public var kind: PeriodKind
    public var label: String
    public var start: LocalDate
    public var end: LocalDate

    public init(_ period: Period) {
        kind = period.kind
        label = period.label
        start = period.start
        end = period.end
    }

    enum CodingKeys: String, CodingKey {
        case kind, label, start, end
    }
}

/// A unit's compliance as of a date: `dudao status --json`.
public struct PublicStatus: PublicOutput, Hashable {
    public var unit: String
    public var asOf: LocalDate
    /// How many cells are in each state, every state present.
    public var counts: [String: Int]
    public var cells: [PublicCell]
    /// The cells due within the campaign's "due soon" days.
    public var dueSoon: [PublicCell]
    public var overdue: [PublicCell]
    public var overdueLedgerItems: [String]
    /// What the node says about builds; absent when nothing.
    public var compatibility: PublicCompatibility?

    public init(_ status: UnitStatus) {
        unit = status.unit
        asOf = status.asOf
        counts = status.counts
        cells = status.cells.map(PublicCell.init)
        dueSoon = status.dueSoon.map(PublicCell.init)
        overdue = status.overdue.map(PublicCell.init)
        overdueLedgerItems = status.overdueLedgerItems
        compatibility = status.compatibility.map(PublicCompatibility.init)
    }

    enum CodingKeys: String, CodingKey {
        case unit, asOf, counts, cells, dueSoon, overdue, overdueLedgerItems, compatibility
    }
}

/// The compliance grid of the units a user covers: `/api/v1/grid`.
public struct PublicGrid: PublicOutput, Hashable {
    public var asOf: LocalDate
    public var cells: [PublicCell]

    public init(asOf: LocalDate, cells: [PublicCell]) {
        self.asOf = asOf
        self.cells = cells
    }

    enum CodingKeys: String, CodingKey {
        case asOf, cells
    }
}
