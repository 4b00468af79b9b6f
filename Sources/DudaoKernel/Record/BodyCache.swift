import Synchronization

/// Decoded record bodies kept between evaluations, so a long-running bureau decodes each record
/// version once rather than once per rule and request. Keyed by record id, origin and sequence:
/// a new version of a record is a new key.
public final class BodyCache: Sendable {
    private struct Key: Hashable {
        var id: String
        var origin: String
        var sequence: Int64
    }

    private let bodies = Mutex<[Key: any Sendable]>([:])
    private let sets = Mutex<[String: RecordSet]>([:])

    public init() {}

    /// The body of `envelope` as `B`, decoded on first use.
    public func body<B: RecordBody>(_ envelope: RecordEnvelope, as _: B.Type) -> B? {
        let key = Key(id: envelope.id, origin: envelope.origin, sequence: envelope.sequence)
        if let cached = bodies.withLock({ $0[key] }) { return cached as? B }
        guard let decoded = try? envelope.decode(B.self) else { return nil }
        bodies.withLock { $0[key] = decoded }
        return decoded
    }

    /// A record set for `records`, grouped and decoded: the one kept for `scope` (a unit, say)
    /// when it holds the very same record versions, else a new one kept for next time. A bureau
    /// that evaluates a thousand units after each import regroups and re-decodes only the units
    /// whose records changed.
    public func recordSet(_ records: [RecordEnvelope], scope: String) -> RecordSet {
        if let kept = sets.withLock({ $0[scope] }), kept.holdsVersions(of: records) { return kept }
        let set = RecordSet(records, cache: self)
        sets.withLock { $0[scope] = set }
        return set
    }

    /// How many bodies are held.
    public var count: Int { bodies.withLock { $0.count } }
}

extension Array where Element == RecordEnvelope {
    /// The live records of `B`'s type, decoded (through `cache` when given); undecodable bodies are skipped.
    public func typed<B: RecordBody>(_: B.Type, cache: BodyCache? = nil) -> [TypedRecord<B>] {
        compactMap { envelope in
            guard envelope.type == B.recordType, !envelope.deleted else { return nil }
            let body = cache.map { $0.body(envelope, as: B.self) } ?? (try? envelope.decode(B.self))
            return body.map { TypedRecord(envelope: envelope, body: $0) }
        }
    }
}
