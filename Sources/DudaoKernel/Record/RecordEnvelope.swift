import FastJSON
import Foundation

/// The one envelope every piece of campaign work travels in.
///
/// The body is JSON owned by the plugin that declares `type` (`plugin/type`); the rest is the
/// kernel's: who wrote it, when (HLC), where (origin node and its sequence), whether it is
/// deleted, and the hashes of its evidence files.
public struct RecordEnvelope: Sendable, Hashable, Codable, Identifiable {
    /// The fields, in one reference-counted box: rules, folds and snapshots copy envelopes by the
    /// hundred thousand, and a copy is then one retain rather than one per field. Writes copy the
    /// box first when it is shared, so the envelope keeps value semantics.
    // @unchecked: written only through `unique()`, which copies a shared box first, so a box that crosses tasks is never written.
    private final class Storage: @unchecked Sendable {
        var id: String
        var unit: String
        var type: String
        var body: Data
        var author: String?
        var hlc: HLC
        var origin: String
        var sequence: Int64
        var deleted: Bool
        var evidence: [String]

        init(id: String, unit: String, type: String, body: Data, author: String?, hlc: HLC,
             origin: String, sequence: Int64, deleted: Bool, evidence: [String]) {
            self.id = id
            self.unit = unit
            self.type = type
            self.body = body
            self.author = author
            self.hlc = hlc
            self.origin = origin
            self.sequence = sequence
            self.deleted = deleted
            self.evidence = evidence
        }

        func copy() -> Storage {
            Storage(id: id, unit: unit, type: type, body: body, author: author, hlc: hlc, origin: origin,
                    sequence: sequence, deleted: deleted, evidence: evidence)
        }
    }

    private var storage: Storage

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var id: String {
        get { storage.id }
        set { unique().id = newValue }
    }
    public var unit: String {
        get { storage.unit }
        set { unique().unit = newValue }
    }
    public var type: String {
        get { storage.type }
        set { unique().type = newValue }
    }
    public var body: Data {
        get { storage.body }
        set { unique().body = newValue }
    }
    public var author: String? {
        get { storage.author }
        set { unique().author = newValue }
    }
    public var hlc: HLC {
        get { storage.hlc }
        set { unique().hlc = newValue }
    }
    public var origin: String {
        get { storage.origin }
        set { unique().origin = newValue }
    }
    public var sequence: Int64 {
        get { storage.sequence }
        set { unique().sequence = newValue }
    }
    public var deleted: Bool {
        get { storage.deleted }
        set { unique().deleted = newValue }
    }
    public var evidence: [String] {
        get { storage.evidence }
        set { unique().evidence = newValue }
    }

    public init(id: String, unit: String, type: String, body: Data, author: String?, hlc: HLC,
                origin: String, sequence: Int64, deleted: Bool = false, evidence: [String] = []) {
        storage = Storage(id: id, unit: unit, type: type, body: body, author: author, hlc: hlc, origin: origin,
                          sequence: sequence, deleted: deleted, evidence: evidence)
    }

    private enum CodingKeys: String, CodingKey {
        case id, unit, type, body, author, hlc, origin, sequence, deleted, evidence
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id), unit: try container.decode(String.self, forKey: .unit),
                  type: try container.decode(String.self, forKey: .type), body: try container.decode(Data.self, forKey: .body),
                  author: try container.decodeIfPresent(String.self, forKey: .author), hlc: try container.decode(HLC.self, forKey: .hlc),
                  origin: try container.decode(String.self, forKey: .origin), sequence: try container.decode(Int64.self, forKey: .sequence),
                  deleted: try container.decode(Bool.self, forKey: .deleted), evidence: try container.decode([String].self, forKey: .evidence))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(unit, forKey: .unit)
        try container.encode(type, forKey: .type)
        try container.encode(body, forKey: .body)
        try container.encodeIfPresent(author, forKey: .author)
        try container.encode(hlc, forKey: .hlc)
        try container.encode(origin, forKey: .origin)
        try container.encode(sequence, forKey: .sequence)
        try container.encode(deleted, forKey: .deleted)
        try container.encode(evidence, forKey: .evidence)
    }

    public static func == (lhs: RecordEnvelope, rhs: RecordEnvelope) -> Bool {
        if lhs.storage === rhs.storage { return true }
        return lhs.id == rhs.id && lhs.unit == rhs.unit && lhs.type == rhs.type && lhs.body == rhs.body
            && lhs.author == rhs.author && lhs.hlc == rhs.hlc && lhs.origin == rhs.origin && lhs.sequence == rhs.sequence
            && lhs.deleted == rhs.deleted && lhs.evidence == rhs.evidence
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(unit)
        hasher.combine(type)
        hasher.combine(body)
        hasher.combine(author)
        hasher.combine(hlc)
        hasher.combine(origin)
        hasher.combine(sequence)
        hasher.combine(deleted)
        hasher.combine(evidence)
    }

    /// Whether `self` wins over `other` as the current version of the same record:
    /// the later HLC, ties broken by the origin node.
    public func supersedes(_ other: RecordEnvelope) -> Bool {
        (hlc, origin) > (other.hlc, other.origin)
    }

    /// The body decoded as `B`.
    public func decode<B: RecordBody>(_: B.Type) throws -> B {
        try RecordCoding.decoder.decode(B.self, from: body)
    }
}

/// The JSON coders of record bodies: sorted keys, so equal bodies are equal bytes.
public enum RecordCoding {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Decodes as Foundation's `JSONDecoder` does, with the same errors and coding paths, about
    /// three times as fast: a merge validates every body it receives through here. Unlike
    /// Foundation's, it is strict: a body with a key twice, which other readers would read otherwise
    /// (Foundation keeps the first value, Python the last), or with a trailing comma is refused
    /// (`schemas/bundle.md` §3).
    public static let decoder = FastJSONDecoder(strict: true)

    public static func encode<B: Encodable>(_ body: B) throws -> Data { try encoder.encode(body) }
}

/// A record with its body decoded, as rules and reports see it.
///
/// Immutable and shared: rules filter, sort and group these by the hundred thousand, and a copy
/// is one reference rather than a copy of every field of the body.
public final class TypedRecord<Body: RecordBody>: Sendable {
    public let envelope: RecordEnvelope
    public let body: Body

    public init(envelope: RecordEnvelope, body: Body) {
        self.envelope = envelope
        self.body = body
    }

    public var id: String { envelope.id }
    public var unit: String { envelope.unit }
}
