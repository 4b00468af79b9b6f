import DudaoKernel
import DudaoSync
import Foundation

/// What became of one bundle (`dudao bundle import --json`, `POST /api/v1/bundles`): the sync
/// protocol's own answer type, so the client, the server and the command line share one shape.
public typealias PublicImportOutcome = UploadAnswer

extension UploadAnswer: PublicOutput {}

/// A bundle looked at without importing it: `dudao bundle inspect --json`.
public struct PublicBundleInspection: PublicOutput, Hashable {
    /// The signed header, exactly as `schemas/bundle-header.schema.json` describes it.
    public var header: BundleHeader
    /// The Ed25519 signature, base64.
    public var signature: String
    public var changes: [Change]
    /// The evidence files the body carries (its `EVD1` section), in the order carried.
    public var evidence: [EvidenceFile]

    /// One carried evidence file: its SHA-256 as named in the body, and its size.
    public struct EvidenceFile: PublicOutput, Hashable {
        public var hash: String
        public var bytes: Int

        enum CodingKeys: String, CodingKey {
            case hash, bytes
        }
    }

    /// One change, in the shape `schemas/bundle-change.schema.json` states.
    public struct Change: PublicOutput, Hashable {
        public var id: String
        public var unit: String
        public var type: String
        public var author: String?
        /// The change's hybrid logical clock: wall time in ms since 1970, and a counter.
        public var wall: Int64
        public var counter: Int32
        public var origin: String
        public var sequence: Int64
        public var deleted: Bool
        public var evidence: [String]
        /// The record's JSON body.
        public var body: JSONValue

        init(_ change: RecordEnvelope) {
            id = change.id
            unit = change.unit
            type = change.type
            author = change.author
            wall = change.hlc.wall
            counter = change.hlc.counter
            origin = change.origin
            sequence = change.sequence
            deleted = change.deleted
            evidence = change.evidence
            body = (try? JSONDecoder().decode(JSONValue.self, from: change.body)) ?? .object([:])
        }

        enum CodingKeys: String, CodingKey {
            case id, unit, type, author, wall, counter, origin, sequence, deleted, evidence, body
        }
    }

    public init(_ parsed: BundleFile, changes: [RecordEnvelope], evidence: [ChangeCodec.Evidence]) {
        header = parsed.header
        signature = parsed.signature.base64EncodedString()
        self.changes = changes.map(Change.init)
        self.evidence = evidence.map { EvidenceFile(hash: $0.hash, bytes: $0.data.count) }
    }

    enum CodingKeys: String, CodingKey {
        case header, signature, changes, evidence
    }
}
