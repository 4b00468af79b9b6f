/// A ledger item as of some date: its derived state, deadline and whole history.
public struct LedgerItemState: Sendable, Hashable, Codable, Identifiable {
    public struct Entry: Sendable, Hashable, Codable {
        public var record: String
        public var action: LedgerAction
        public var role: LedgerRole
        public var person: String?
        /// The web account that took the step, when one did.
        public var account: String?
        public var on: LocalDate
        public var comment: String
        public var from: LedgerState
        public var to: LedgerState
        /// False when the step arrived after a concurrent one made it illegal; kept for the record.
        public var applied: Bool
    }

    public var id: String
    public var unit: String
    public var item: LedgerItem
    public var state: LedgerState
    public var deadline: LocalDate?
    public var closedOn: LocalDate?
    public var history: [Entry]
    /// The unit the item was registered in, when a merger moved it to `unit` (a `LedgerTransfer`).
    public var movedFrom: String?

    public init(id: String, unit: String, item: LedgerItem, state: LedgerState, deadline: LocalDate?, closedOn: LocalDate?,
                history: [Entry], movedFrom: String? = nil) {
        self.id = id
        self.unit = unit
        self.item = item
        self.state = state
        self.deadline = deadline
        self.closedOn = closedOn
        self.history = history
        self.movedFrom = movedFrom
    }

    /// Past its deadline and not closed.
    public func isOverdue(asOf date: LocalDate) -> Bool {
        guard state.isOpen, let deadline else { return false }
        return date > deadline
    }

    /// Closed (or archived) on or before its deadline, or without one.
    public var closedInTime: Bool {
        guard !state.isOpen, let closedOn else { return false }
        guard let deadline else { return true }
        return closedOn <= deadline
    }

    /// Days since registration, as of `date`.
    public func age(asOf date: LocalDate) -> Int { item.registeredOn.days(until: date) }
}

/// Derives ledger states from items and their transitions, the same on every node.
public enum LedgerFold {
    /// Folds `transitions` onto `items` in (HLC, origin) order, taking only what happened by `asOf`.
    /// A transition that the policy refuses at its turn is kept in the history as not applied.
    /// A merger's `transfers` move an item to the receiving unit; one whose item is not among
    /// `items` (at the receiving unit's agent) brings the item as it stood, and its later steps fold on.
    public static func fold(items: [TypedRecord<LedgerItem>], transitions: [TypedRecord<LedgerTransition>],
                            transfers: [TypedRecord<LedgerTransfer>] = [], asOf: LocalDate? = nil) -> [LedgerItemState] {
        var byItem: [String: [TypedRecord<LedgerTransition>]] = [:]
        for transition in transitions where asOf.map({ transition.body.on <= $0 }) ?? true {
            byItem[transition.body.item, default: []].append(transition)
        }
        var moves: [String: TypedRecord<LedgerTransfer>] = [:]
        for transfer in transfers where asOf.map({ transfer.body.on <= $0 }) ?? true {
            // The latest move of an item wins, the same on every node.
            if let earlier = moves[transfer.body.item],
               (earlier.body.on, earlier.envelope.hlc, earlier.envelope.origin) > (transfer.body.on, transfer.envelope.hlc, transfer.envelope.origin) { continue }
            moves[transfer.body.item] = transfer
        }
        var seeds: [LedgerItemState] = []
        var known = Set<String>()
        for item in items {
            if let asOf, item.body.registeredOn > asOf { continue }
            known.insert(item.id)
            var seed = LedgerItemState(id: item.id, unit: item.unit, item: item.body, state: .registered,
                                       deadline: item.body.deadline, closedOn: nil, history: [])
            if let move = moves[item.id] {
                seed.unit = move.body.toUnit
                seed.movedFrom = item.unit
            }
            seeds.append(seed)
        }
        for (id, move) in moves.sorted(by: { $0.key < $1.key }) where !known.contains(id) {
            seeds.append(move.body.arrival(id: id))
        }
        return seeds.map { seed -> LedgerItemState in
            var state = seed.state
            var deadline = seed.deadline
            var closedOn: LocalDate?
            var history = seed.history
            // Steps the carried history already holds are not taken twice.
            let carriedSteps = Set(history.map(\.record))
            let steps = (byItem[seed.id] ?? []).filter { !carriedSteps.contains($0.id) }.sorted {
                ($0.envelope.hlc, $0.envelope.origin) < ($1.envelope.hlc, $1.envelope.origin)
            }
            for step in steps {
                let body = step.body
                // R1: a close without its four checks never takes effect, however it arrived.
                let result = body.closesWithChecks ? LedgerPolicy.apply(body.action, by: body.role, from: state)
                    : .failure(LedgerRefusal(action: body.action, state: state, role: body.role, wrongRole: false))
                var entry = LedgerItemState.Entry(record: step.id, action: body.action, role: body.role,
                                                  person: body.person, account: body.account, on: body.on, comment: body.comment,
                                                  from: state, to: state, applied: false)
                if case .success(let next) = result {
                    entry.to = next
                    entry.applied = true
                    state = next
                    if let newDeadline = body.deadline { deadline = newDeadline }
                    if next == .closed { closedOn = body.on }
                    if next == .supervising { closedOn = nil }
                }
                history.append(entry)
            }
            return LedgerItemState(id: seed.id, unit: seed.unit, item: seed.item, state: state,
                                   deadline: deadline, closedOn: closedOn, history: history, movedFrom: seed.movedFrom)
        }
    }
}
