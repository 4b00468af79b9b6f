import Foundation

/// The one envelope every piece of campaign work travels in.
///
/// The body is JSON owned by the plugin that declares `type` (`plugin/type`); the rest is the
/// kernel's: who wrote it, when (HLC), where (origin node and its sequence), whether it is
/// deleted, and the hashes of its evidence files.
public struct RecordEnvelope: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var unit: String
    public var type: String
    public var body: Data
    public var author: String?
    public var hlc: HLC
    public var origin: String
    public var sequence: Int64
    public var deleted: Bool
    public var evidence: [String]

    public init(id: String, unit: String, type: String, body: Data, author: String?, hlc: HLC,
                origin: String, sequence: Int64, deleted: Bool = false, evidence: [String] = []) {
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

    public static var decoder: JSONDecoder { JSONDecoder() }

    public static func encode<B: Encodable>(_ body: B) throws -> Data { try encoder.encode(body) }
}

/// A record with its body decoded, as rules and reports see it.
public struct TypedRecord<Body: RecordBody>: Sendable {
    public var envelope: RecordEnvelope
    public var body: Body

    public init(envelope: RecordEnvelope, body: Body) {
        self.envelope = envelope
        self.body = body
    }

    public var id: String { envelope.id }
    public var unit: String { envelope.unit }
}
