import Foundation
import GRDB

// One record type per table of sync's bookkeeping, each the only writer of its table
// (GRDB's "one record type per table"). The hot tables, `record` and `change_log`, are written
// through prepared statements in `Store+Records.swift` and `Store+Replication.swift`.

/// What this node knows of each peer: what it acknowledged, what was last received.
/// The table's `last_sent` column (the header hash a bundle's `previousBundle` named) is left unused
/// since format 1 dropped that field (schemas/bundle.md §2.2): old stores keep their values, nothing reads them.
struct Peer: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "peer"
    var peer: String
    var acked: Int64
    var lastReceived: String?
    var lastReceivedMs: Int64?
    /// The last campaign revision the peer (a unit) said it holds, by number and fingerprint.
    var revisionHeld: Int?
    var revisionHeldFingerprint: String?

    enum CodingKeys: String, CodingKey {
        case peer, acked, lastReceived = "last_received", lastReceivedMs = "last_received_ms"
        case revisionHeld = "revision_held", revisionHeldFingerprint = "revision_held_fingerprint"
    }

    enum Columns {
        static let peer = Column(CodingKeys.peer)
        static let acked = Column(CodingKeys.acked)
        static let lastReceived = Column(CodingKeys.lastReceived)
        static let lastReceivedMs = Column(CodingKeys.lastReceivedMs)
        static let revisionHeld = Column(CodingKeys.revisionHeld)
        static let revisionHeldFingerprint = Column(CodingKeys.revisionHeldFingerprint)
    }
}

/// Every bundle seen, by id: its content hash (an id reused for other content is refused) and status.
struct BundleLogEntry: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "bundle_log"
    var bundleID: String
    var senderUnit: String?
    var senderNode: String
    var contentSHA256: String
    var status: String
    var reason: String?
    var changes: Int
    var receivedMs: Int64

    enum CodingKeys: String, CodingKey {
        case bundleID = "bundle_id", senderUnit = "sender_unit", senderNode = "sender_node", contentSHA256 = "content_sha256"
        case status, reason, changes, receivedMs = "received_ms"
    }

    enum Columns {
        static let bundleID = Column(CodingKeys.bundleID)
        static let senderUnit = Column(CodingKeys.senderUnit)
        static let status = Column(CodingKeys.status)
        static let reason = Column(CodingKeys.reason)
    }
}

/// A bundle kept until the changes it builds on arrive.
struct HeldBundleRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "held_bundle"
    var bundleID: String
    var senderNode: String
    var waitsForOrigin: String
    var waitsForAfter: Int64
    var data: Data
    var receivedMs: Int64

    enum CodingKeys: String, CodingKey {
        case bundleID = "bundle_id", senderNode = "sender_node", waitsForOrigin = "waits_for_origin"
        case waitsForAfter = "waits_for_after", data, receivedMs = "received_ms"
    }

    enum Columns {
        static let bundleID = Column(CodingKeys.bundleID)
        static let senderNode = Column(CodingKeys.senderNode)
        static let waitsForOrigin = Column(CodingKeys.waitsForOrigin)
        static let waitsForAfter = Column(CodingKeys.waitsForAfter)
        static let data = Column(CodingKeys.data)
        static let receivedMs = Column(CodingKeys.receivedMs)
    }
}

/// A refused bundle and why.
struct RefusedBundleRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "refused_bundle"
    var id: Int64?
    var bundleID: String?
    var senderUnit: String?
    var reason: String
    var receivedMs: Int64

    enum CodingKeys: String, CodingKey {
        case id, bundleID = "bundle_id", senderUnit = "sender_unit", reason, receivedMs = "received_ms"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
    }
}

/// The highest sequence of each origin merged here.
struct Knowledge: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "knowledge"
    var origin: String
    var through: Int64

    enum Columns {
        static let origin = Column(CodingKeys.origin)
        static let through = Column(CodingKeys.through)
    }
}

/// An evidence file, by its SHA-256.
struct EvidenceFile: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "evidence"
    var hash: String
    var size: Int
    var data: Data

    enum Columns {
        static let hash = Column(CodingKeys.hash)
        static let data = Column(CodingKeys.data)
    }
}

/// Evidence sent to a peer, and the sequence whose acknowledgement delivers it.
struct EvidenceSent: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "evidence_sent"
    var peer: String
    var hash: String
    var through: Int64

    enum Columns {
        static let peer = Column(CodingKeys.peer)
        static let hash = Column(CodingKeys.hash)
        static let through = Column(CodingKeys.through)
    }
}

/// A trusted public key.
struct EnrolmentRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "enrolment"
    var keyID: String
    var unit: String?
    var publicKey: Data
    var enrolledMs: Int64

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id", unit, publicKey = "public_key", enrolledMs = "enrolled_ms"
    }

    enum Columns {
        static let keyID = Column(CodingKeys.keyID)
        static let unit = Column(CodingKeys.unit)
    }
}

/// A losing version of a concurrently edited record.
struct ConflictRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "conflict"
    var id: Int64?
    var recordID: String
    var loserOrigin: String
    var loserSeq: Int64
    var loserHLC: String
    var loserBody: String
    var winnerOrigin: String
    var winnerHLC: String

    enum CodingKeys: String, CodingKey {
        case id, recordID = "record_id", loserOrigin = "loser_origin", loserSeq = "loser_seq", loserHLC = "loser_hlc"
        case loserBody = "loser_body", winnerOrigin = "winner_origin", winnerHLC = "winner_hlc"
    }

    static let persistenceConflictPolicy = PersistenceConflictPolicy(insert: .ignore, update: .abort)
}
