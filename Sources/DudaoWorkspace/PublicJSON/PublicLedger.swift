import DudaoKernel

/// A ledger item with its derived state and whole history: `ledger list/show --json`, `/api/v1/ledger`.
public struct PublicLedgerItem: PublicOutput, Hashable {
    public var id: String
    public var unit: String
    /// The item as registered: the body of its `ledger/item` record.
    public var item: LedgerItem
    public var state: LedgerState
    /// The deadline now in force (a supervision or a look-back may have set a new one).
    public var deadline: LocalDate?
    /// Past its deadline and still open, as of `asOf`.
    public var overdue: Bool
    public var asOf: LocalDate
    public var closedOn: LocalDate?
    public var history: [Step]

    /// One transition, in the order the fold applied it.
    public struct Step: PublicOutput, Hashable {
        public var record: String
        public var action: LedgerAction
        public var role: LedgerRole
        public var person: String?
        /// The web account that took the step at the bureau, when one did.
        public var account: String?
        public var on: LocalDate
        public var comment: String
        public var from: LedgerState
        public var to: LedgerState
        /// False when the step arrived after a concurrent one made it illegal; kept for the record.
        public var applied: Bool

        enum CodingKeys: String, CodingKey {
            case record, action, role, person, account, on, comment, from, to, applied
        }
    }

    public init(_ state: LedgerItemState, asOf: LocalDate) {
        id = state.id
        unit = state.unit
        item = state.item
        self.state = state.state
        deadline = state.deadline
        overdue = state.isOverdue(asOf: asOf)
        self.asOf = asOf
        closedOn = state.closedOn
        history = state.history.map {
            Step(record: $0.record, action: $0.action, role: $0.role, person: $0.person, account: $0.account, on: $0.on, comment: $0.comment,
                 from: $0.from, to: $0.to, applied: $0.applied)
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, unit, item, state, deadline, overdue, asOf, closedOn, history
    }
}

/// A unit's score and rank, explained by its parts: `report evaluation --json`, `/api/v1/evaluation`.
public struct PublicScore: PublicOutput, Hashable {
    public var unit: String
    public var rank: Int
    public var total: Double
    public var parts: [Part]

    public struct Part: PublicOutput, Hashable {
        public var id: String
        public var title: LocalizedText
        public var weight: Double
        /// The share of the part achieved, 0…1; absent when the part could not be judged.
        public var ratio: Double?
        public var points: Double
        public var explanation: LocalizedText
        /// Where the weight comes from: the plan's words, or the campaign office's own setting.
        public var weightSource: ParameterSource?

        enum CodingKeys: String, CodingKey {
            case id, title, weight, ratio, points, explanation, weightSource
        }
    }

    public init(_ score: UnitScore) {
        unit = score.unit
        rank = score.rank
        total = score.total
        parts = score.parts.map {
            Part(id: $0.id, title: $0.title, weight: $0.weight, ratio: $0.ratio, points: $0.points, explanation: $0.explanation,
                 weightSource: $0.weightSource)
        }
    }

    enum CodingKeys: String, CodingKey {
        case unit, rank, total, parts
    }
}
