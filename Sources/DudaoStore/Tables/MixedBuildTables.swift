import Foundation
import GRDB

// The tables of nodes that run different builds (migration `kernel.v11-mixed-builds`).

/// A change of a record type this build lacks, kept as it came until a build with the type's
/// plugin validates it (then it moves to `record`) or finds it invalid (then it stays, with why).
struct OpaqueChangeRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "opaque_change"
    var origin: String
    var seq: Int64
    var recordID: String
    var unit: String
    var type: String
    var plugin: String
    /// The plugin's version in the sender's build, as its bundle header said.
    var pluginVersion: Int
    var author: String?
    var hlcWall: Int64
    var hlcCounter: Int64
    var deleted: Bool
    /// The evidence hashes as JSON, as `record.evidence` keeps them.
    var evidence: String
    var body: Data
    /// The change exactly as it stood in the signed bundle body (`changes-v1`, one change).
    var change: Data
    /// The unit whose key signed the bundle; nil for the bureau. The write policy is asked for it.
    var writerUnit: String?
    var bundleID: String
    var receivedMs: Int64
    /// `waiting` (the plugin is missing here) or `invalid` (the plugin is here and refused it).
    var status: String
    /// The plugin version that found it invalid; another version judges it again.
    var judgedVersion: Int?
    var reasonZh: String?
    var reasonEn: String?

    enum CodingKeys: String, CodingKey {
        case origin, seq, recordID = "record_id", unit, type, plugin, pluginVersion = "plugin_version", author
        case hlcWall = "hlc_wall", hlcCounter = "hlc_counter", deleted, evidence, body, change, writerUnit = "writer_unit"
        case bundleID = "bundle_id", receivedMs = "received_ms", status, judgedVersion = "judged_version"
        case reasonZh = "reason_zh", reasonEn = "reason_en"
    }

    enum Columns {
        static let origin = Column(CodingKeys.origin)
        static let seq = Column(CodingKeys.seq)
        static let recordID = Column(CodingKeys.recordID)
        static let unit = Column(CodingKeys.unit)
        static let type = Column(CodingKeys.type)
        static let plugin = Column(CodingKeys.plugin)
        static let status = Column(CodingKeys.status)
    }

    static let waiting = "waiting"
    static let invalid = "invalid"
}

/// What a peer's latest applied bundle said of its build: the campaign content and plugin versions.
struct PeerBuildRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "peer_build"
    /// A unit's id, or `bureau`.
    var peer: String
    var node: String
    var campaign: String
    var campaignFingerprint: String?
    /// `{plugin: version}` as JSON.
    var pluginVersions: String
    var bundleID: String
    var seenMs: Int64

    enum CodingKeys: String, CodingKey {
        case peer, node, campaign, campaignFingerprint = "campaign_fingerprint", pluginVersions = "plugin_versions"
        case bundleID = "bundle_id", seenMs = "seen_ms"
    }

    enum Columns {
        static let peer = Column(CodingKeys.peer)
    }
}
