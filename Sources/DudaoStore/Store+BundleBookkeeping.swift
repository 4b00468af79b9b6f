import DudaoKernel
import Foundation
import GRDB
import Synchronization

/// The bookkeeping an applied bundle writes, through statements GRDB prepares once per connection
/// (`cachedStatement`): the bundle log, the peer's acknowledgement and build, the hold's removal. Every
/// import pays it once per bundle, so it is the hot path the issue keeps inside the store; the
/// record types (`BundleLogEntry`, `Peer`, `HeldBundleRow`, `PeerBuildRow`) stay the tables' owners for the cold
/// paths (holds, refusals, reading).
struct BundleBookkeeping {
    let db: Database

    /// The content hash and status a bundle id was logged with, if it was.
    func logged(_ bundleID: String) throws -> (contentSHA256: String, status: String)? {
        let statement = try db.cachedStatement(sql: "SELECT content_sha256, status FROM bundle_log WHERE bundle_id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [bundleID]) else { return nil }
        return (row[0], row[1])
    }

    /// Whether `origin` has a knowledge row: a sender node without one was never heard from.
    func knows(_ origin: String) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM knowledge WHERE origin = ?")
        return try Int64.fetchOne(statement, arguments: [origin]) != nil
    }

    /// Logs `entry` as it stands now (insert, or replace the entry of its id), as `BundleLogEntry.save` does.
    func log(_ entry: BundleLogEntry) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO bundle_log (bundle_id, sender_unit, sender_node, content_sha256, status, reason, changes, received_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(bundle_id) DO UPDATE SET sender_unit = excluded.sender_unit, sender_node = excluded.sender_node,
                content_sha256 = excluded.content_sha256, status = excluded.status, reason = excluded.reason,
                changes = excluded.changes, received_ms = excluded.received_ms
            """)
        try statement.execute(arguments: [entry.bundleID, entry.senderUnit, entry.senderNode, entry.contentSHA256, entry.status,
                                          entry.reason, entry.changes, entry.receivedMs])
    }

    /// Records what `peer` acknowledged and the bundle last received from it, as `Peer.save` did:
    /// a new incarnation's acknowledgement (and the revision it holds) replaces the old one, otherwise the higher stays.
    func notePeer(_ peer: String, acknowledged: Int64, revisionHeld: CampaignRevision?, newIncarnation: Bool,
                  bundleID: String, at now: Int64) throws {
        let read = try db.cachedStatement(sql: "SELECT acked, revision_held, revision_held_fingerprint FROM peer WHERE peer = ?")
        let stored = try Row.fetchOne(read, arguments: [peer])
        let storedAcked: Int64 = stored?["acked"] ?? 0
        var held: (number: Int?, fingerprint: String?) = (stored?["revision_held"], stored?["revision_held_fingerprint"])
        if newIncarnation || (revisionHeld?.number ?? -1) > (held.number ?? -1) {
            held = (revisionHeld?.number, revisionHeld?.fingerprint)
        }
        let acked = newIncarnation ? acknowledged : max(storedAcked, acknowledged)
        let write = try db.cachedStatement(sql: """
            INSERT INTO peer (peer, acked, last_received, last_received_ms, revision_held, revision_held_fingerprint)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(peer) DO UPDATE SET acked = excluded.acked, last_received = excluded.last_received,
                last_received_ms = excluded.last_received_ms, revision_held = excluded.revision_held,
                revision_held_fingerprint = excluded.revision_held_fingerprint
            """)
        try write.execute(arguments: [peer, acked, bundleID, now, held.number, held.fingerprint])
    }

    /// Drops the hold of `bundleID`, if there is one.
    func release(_ bundleID: String) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM held_bundle WHERE bundle_id = ?")
        try statement.execute(arguments: [bundleID])
    }

    /// Remembers what `peer`'s build is, as of `bundleID`, as `PeerBuildRow.save` does.
    func notePeerBuild(peer: String, node: String, build: SenderBuild, versions: String, bundleID: String, at now: Int64) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO peer_build (peer, node, campaign, campaign_fingerprint, plugin_versions, bundle_id, seen_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(peer) DO UPDATE SET node = excluded.node, campaign = excluded.campaign,
                campaign_fingerprint = excluded.campaign_fingerprint, plugin_versions = excluded.plugin_versions,
                bundle_id = excluded.bundle_id, seen_ms = excluded.seen_ms
            """)
        try statement.execute(arguments: [peer, node, build.campaign, build.campaignFingerprint, versions, bundleID, now])
    }
}

/// The JSON of the plugin versions last encoded: the bundles of an import name the same versions
/// (every node runs the same build, mostly), and the encoding is a pure function of them.
private let lastEncodedVersions = Mutex<(versions: [String: Int], json: String)?>(nil)

extension SenderBuild {
    /// `pluginVersions` as JSON with sorted keys, as `peer_build.plugin_versions` keeps it.
    func encodedPluginVersions() throws -> String {
        if let last = lastEncodedVersions.withLock({ $0 }), last.versions == pluginVersions { return last.json }
        let json = String(decoding: try JSONEncoder.sorted.encode(pluginVersions), as: UTF8.self)
        lastEncodedVersions.withLock { $0 = (pluginVersions, json) }
        return json
    }
}
