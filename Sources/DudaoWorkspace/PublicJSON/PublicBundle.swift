import DudaoKernel
import DudaoSync
import Foundation

/// What happened to one bundle: `dudao bundle import --json` (one per file) and the answer to
/// `POST /api/v1/bundles`.
public struct PublicImportOutcome: PublicOutput, Hashable {
    /// The file imported; absent for an upload.
    public var file: String?
    /// `applied`, `duplicate`, `held` or `refused`.
    public var status: String
    public var changes: Int?
    public var duplicates: Int?
    public var conflicts: Int?
    /// Held bundles this one released.
    public var released: [String]?
    /// Why a bundle was held or refused, in the language asked for (English on the wire).
    public var reason: String?
    /// The reason in Chinese, on the wire.
    public var reasonZh: String?
    /// The refusal's cause, e.g. `bad-signature`, `unauthorised`, `too-large`, `unreadable`.
    public var fault: String?

    public init(file: String? = nil, status: String, changes: Int? = nil, duplicates: Int? = nil, conflicts: Int? = nil,
                released: [String]? = nil, fault: String? = nil, reason: String? = nil, reasonZh: String? = nil) {
        self.file = file
        self.status = status
        self.changes = changes
        self.duplicates = duplicates
        self.conflicts = conflicts
        self.released = released
        self.reason = reason
        self.reasonZh = reasonZh
        self.fault = fault
    }

    enum CodingKeys: String, CodingKey {
        case file, status, changes, duplicates, conflicts, released, reason, reasonZh, fault
    }
}

/// A bundle looked at without importing it: `dudao bundle inspect --json`.
public struct PublicBundleInspection: PublicOutput, Hashable {
    /// The signed header, exactly as `schemas/bundle-header.schema.json` describes it.
    public var header: BundleHeader
    /// The Ed25519 signature, base64.
    public var signature: String
    public var changes: [Change]

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

    public init(_ parsed: BundleFile, changes: [RecordEnvelope]) {
        header = parsed.header
        signature = parsed.signature.base64EncodedString()
        self.changes = changes.map(Change.init)
    }

    enum CodingKeys: String, CodingKey {
        case header, signature, changes
    }
}
