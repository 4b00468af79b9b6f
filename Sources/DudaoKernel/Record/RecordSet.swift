import Synchronization

/// The records one evaluation reads — a unit's, a leader's assigned units', or all of them —
/// grouped by type once, with each type's bodies decoded once however many rules, ledger folds
/// and score parts ask for them.
///
/// Grouping and decoding are lazy and memoised, and safe to share across threads. A set is
/// built for one evaluation and dropped with it; the `BodyCache` is what outlives evaluations.
public final class RecordSet: Sendable {
    private enum Source: Sendable {
        case records([RecordEnvelope])
        case units(RecordSet, Set<String>)
        case union([RecordSet])
    }

    /// A decoded array, boxed so the memo holds one class reference per body type.
    private final class Box<Value: Sendable>: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private struct Memo: ~Copyable {
        var all: [RecordEnvelope]?
        var byType: [String: [RecordEnvelope]]?
        var narrowed: [String: [RecordEnvelope]] = [:]
        var typed: [ObjectIdentifier: AnyObject] = [:]
    }

    private let source: Source
    /// Decoded bodies kept across evaluations, when the caller keeps them.
    public let cache: BodyCache?
    private let memo = Mutex(Memo())

    public init(_ records: [RecordEnvelope], cache: BodyCache? = nil) {
        source = .records(records)
        self.cache = cache
    }

    private init(narrowing parent: RecordSet, to units: Set<String>) {
        source = .units(parent, units)
        cache = parent.cache
    }

    /// Whether the set holds exactly these record versions, in this order (a version is an origin
    /// and its sequence; its content never changes).
    func holdsVersions(of records: [RecordEnvelope]) -> Bool {
        guard case .records(let mine) = source, mine.count == records.count else { return false }
        for (kept, given) in zip(mine, records)
        where kept.sequence != given.sequence || kept.deleted != given.deleted || kept.origin != given.origin {
            return false
        }
        return true
    }

    /// The records of several sets, in their order, sharing their grouping and decoded bodies: the
    /// bureau's view of all units, made of the units' own sets.
    public init(union parts: [RecordSet], cache: BodyCache? = nil) {
        source = .union(parts)
        self.cache = cache
    }

    /// The records of `units` only, sharing this set's grouping and decoded bodies.
    public func narrowed(to units: Set<String>) -> RecordSet {
        RecordSet(narrowing: self, to: units)
    }

    /// Every record of the set, in the order given.
    public var all: [RecordEnvelope] {
        if let all = memo.withLock({ $0.all }) { return all }
        let all: [RecordEnvelope] = switch source {
        case .records(let records): records
        case .units(let parent, let units): parent.all.filter { units.contains($0.unit) }
        case .union(let parts): parts.flatMap(\.all)
        }
        memo.withLock { $0.all = all }
        return all
    }

    /// The records of one type, tombstones included, in the order given.
    public func records(ofType type: String) -> [RecordEnvelope] {
        switch source {
        case .records(let records):
            if let grouped = memo.withLock({ $0.byType }) { return grouped[type] ?? [] }
            let grouped = Dictionary(grouping: records) { $0.type }
            memo.withLock { $0.byType = grouped }
            return grouped[type] ?? []
        case .units, .union:
            // Narrowed sets and unions group type by type: a leader's rules read a few types of many units.
            if let hit = memo.withLock({ $0.narrowed[type] }) { return hit }
            let matching: [RecordEnvelope] = switch source {
            case .units(let parent, let units): parent.records(ofType: type).filter { units.contains($0.unit) }
            case .union(let parts): parts.flatMap { $0.records(ofType: type) }
            case .records: []
            }
            memo.withLock { $0.narrowed[type] = matching }
            return matching
        }
    }

    /// The live records of `B`'s type, decoded; a body that no longer decodes is skipped.
    public func typed<B: RecordBody>(_: B.Type) -> [TypedRecord<B>] {
        let key = ObjectIdentifier(B.self)
        if let box = memo.withLock({ $0.typed[key] }) {
            return unsafeDowncast(box, to: Box<[TypedRecord<B>]>.self).value
        }
        let decoded: [TypedRecord<B>] = switch source {
        case .records: records(ofType: B.recordType).typed(B.self, cache: cache)
        case .units(let parent, let units): parent.typed(B.self).filter { units.contains($0.unit) }
        case .union(let parts): parts.flatMap { $0.typed(B.self) }
        }
        memo.withLock { $0.typed[key] = Box(decoded) }
        return decoded
    }
}
