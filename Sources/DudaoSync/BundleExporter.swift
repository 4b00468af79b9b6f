import DudaoKernel
import DudaoStore
import Foundation
import GRDB

/// Writes the bundle a peer has not yet had: a unit's changes the bureau has not acknowledged,
/// or, at the bureau, one unit's own records and the bureau's records about it — never another unit's.
public struct BundleExporter: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    public struct Summary: Sendable {
        public var header: BundleHeader
        public var bytes: Int
    }

    /// Builds the bundle for `unit` (at the bureau) or for the bureau (at a unit), as bytes.
    public func bundle(for unit: String? = nil) throws -> (data: Data, header: BundleHeader) {
        let identity = store.identity
        let recipient: String
        if identity.isBureau {
            guard let unit else {
                throw DudaoError("在教育局导出须用 --for 指明单位", "at the bureau, name the unit with --for UNIT")
            }
            guard store.campaign.unit(unit) != nil else { throw DudaoError("未知单位“\(unit)”", "unknown unit '\(unit)'") }
            recipient = unit
        } else {
            recipient = "bureau"
        }
        let key = try NodeKeys.privateKey(in: store.directory)
        let evidenceLimit = store.campaign.parameters["evidenceBytesPerBundle"]?.intValue ?? 10 << 20
        let bundleID = store.environment.newID()
        let now = store.environment.now()
        let plan = try store.read { db -> (header: BundleHeader, body: Data, evidence: [String]) in
            let peer = try Row.fetchOne(db, sql: "SELECT acked, last_sent FROM peer WHERE peer = ?", arguments: [recipient])
            let after: Int64 = peer?["acked"] ?? 0
            var changes = try Store.ownChanges(db, origin: identity.nodeID, after: after, unit: identity.isBureau ? recipient : nil)
            // An unannounced inspection reaches the unit only once it has taken place.
            changes = changes.filter { change in
                guard identity.isBureau, change.type == Inspection.recordType,
                      let inspection = try? change.decode(Inspection.self) else { return true }
                return inspection.announced || inspection.heldOn != nil
            }
            let knowledge = try Store.knowledge(db, own: identity.nodeID)
            let through = knowledge[identity.nodeID] ?? 0
            // Evidence the records cite, each file once, within the campaign's size limit per bundle.
            var evidence: [ChangeCodec.Evidence] = []
            var size = 0
            // Evidence the outgoing changes cite comes first, then any the peer has not acknowledged yet
            // (deferred by the size limit, or carried by a bundle that never arrived).
            var seen = Set<String>()
            var candidates = changes.flatMap(\.evidence).filter { seen.insert($0).inserted }
            var citing = "SELECT evidence FROM record WHERE origin = ? AND evidence != '[]'"
            var arguments: StatementArguments = [identity.nodeID]
            if identity.isBureau {
                citing += " AND unit = ?"
                arguments += [recipient]
            }
            for text in try String.fetchAll(db, sql: citing, arguments: arguments) {
                let hashes = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
                candidates += hashes.filter { seen.insert($0).inserted }
            }
            for hash in candidates {
                let sentThrough = try Int64.fetchOne(db, sql: "SELECT through FROM evidence_sent WHERE peer = ? AND hash = ?",
                                                     arguments: [recipient, hash])
                if let sentThrough, sentThrough <= after { continue }  // delivered and acknowledged
                guard let data = try Data.fetchOne(db, sql: "SELECT data FROM evidence WHERE hash = ?", arguments: [hash]),
                      size + data.count <= evidenceLimit else { continue }
                size += data.count
                evidence.append(ChangeCodec.Evidence(hash: hash, data: data))
            }
            let raw = ChangeCodec.encode(changes, evidence: evidence)
            let body = try Zlib.deflate(raw, level: 9)
            let origins = identity.isBureau
                ? Set(try String.fetchAll(db, sql: "SELECT DISTINCT origin FROM record WHERE unit = ?", arguments: [recipient]))
                : []
            let visibleKnowledge = identity.isBureau
                ? knowledge.filter { origin, _ in origin == identity.nodeID || origins.contains(origin) }
                : knowledge
            let header = BundleHeader(
                format: Int(BundleFormat.version), minReaderVersion: BundleFormat.readerVersion,
                critical: ["changes-v1", "zlib", "ed25519"] + (evidence.isEmpty ? [] : ["evidence-v1"]),
                bundleID: bundleID, campaign: store.campaign.id,
                sender: .init(node: identity.nodeID, unit: identity.unit, keyID: identity.keyID), recipient: recipient,
                pluginVersions: store.registry.schemaVersions,
                hlc: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'hlc'") ?? "0.0",
                counts: .init(changes: changes.count, evidence: evidence.count),
                uncompressedSize: raw.count, compressedSize: body.count, bodySHA256: Store.sha256(body),
                previousBundle: peer?["last_sent"], knowledge: visibleKnowledge,
                ranges: [identity.nodeID: .init(after: after, through: max(after, through))])
            return (header, body, evidence.map(\.hash))
        }
        let data = try BundleFile.assemble(header: plan.header, body: plan.body, key: key)
        let headerHash = BundleFile.contentHashOfHeader(plan.header)
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO peer (peer, last_sent) VALUES (?, ?) ON CONFLICT(peer) DO UPDATE SET last_sent = excluded.last_sent
                """, arguments: [recipient, headerHash])
            let through = plan.header.ranges[identity.nodeID]?.through ?? 0
            for hash in plan.evidence {
                try db.execute(sql: """
                    INSERT INTO evidence_sent (peer, hash, through) VALUES (?, ?, ?)
                    ON CONFLICT(peer, hash) DO UPDATE SET through = excluded.through
                    """, arguments: [recipient, hash, through])
            }
            try db.execute(sql: "INSERT INTO audit (at_ms, node, actor, action, subject, detail) VALUES (?, ?, NULL, 'export', ?, ?)",
                           arguments: [now, identity.nodeID, recipient, plan.header.bundleID])
        }
        return (data, plan.header)
    }

    /// Writes the bundle to `path` atomically: a temporary file, fsync, rename.
    @discardableResult
    public func export(to path: String, for unit: String? = nil) throws -> Summary {
        let (data, header) = try bundle(for: unit)
        try AtomicFile.write(data, to: path)
        return Summary(header: header, bytes: data.count)
    }

}

extension BundleFile {
    /// The hash by which the next bundle names this one: SHA-256 of the canonical header.
    static func contentHashOfHeader(_ header: BundleHeader) -> String {
        Store.sha256((try? header.canonicalJSON()) ?? Data())
    }
}

/// Writes files so that a crash leaves either the old file or the whole new one.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw DudaoError("无法写入 \(path)", "cannot write \(path)") }
        var written = 0
        data.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if n <= 0 { break }
                written += n
            }
        }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary.path, url.path) == 0 else {
            unlink(temporary.path)
            throw DudaoError("写入 \(path) 失败", "writing \(path) failed")
        }
        let directory = open(url.deletingLastPathComponent().path, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}
