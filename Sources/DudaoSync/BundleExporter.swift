import DudaoKernel
import DudaoStore
import Foundation

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
        let bundleID = HeaderRules.bundleID(from: store.environment.newID())
        // What a unit may not see yet stays back (the kernel's rule: an unannounced inspection until it is held).
        let plan = try store.exportPlan(for: recipient, unitOnly: identity.isBureau, evidenceLimit: evidenceLimit) { change in
            !identity.isBureau || WritePolicy.reachesUnit(change)
        }
        var evidence = plan.evidence.map { ChangeCodec.Evidence(hash: $0.hash, data: $0.data) }
        let revisions = try carriedRevisions(for: recipient, adding: &evidence)
        let raw = ChangeCodec.encode(plan.changes, evidence: evidence)
        let body = try Zlib.deflate(raw, level: 9)
        var header = BundleHeader(
            format: Int(BundleFormat.version), minReaderVersion: BundleFormat.readerVersion,
            critical: ["changes-v1", "zlib", "ed25519"] + (evidence.isEmpty ? [] : ["evidence-v1"])
                + (revisions == nil ? [] : [BundleFormat.revisionCapability]),
            bundleID: bundleID, campaign: store.campaign.id, campaignFingerprint: store.campaignFingerprint,
            sender: .init(node: identity.nodeID, unit: identity.unit, keyID: identity.keyID), recipient: recipient,
            pluginVersions: store.registry.schemaVersions, hlc: plan.hlc.description,
            counts: .init(changes: plan.changes.count, evidence: evidence.count),
            uncompressedSize: raw.count, compressedSize: body.count, bodySHA256: Store.sha256(body),
            knowledge: plan.knowledge,
            ranges: [identity.nodeID: .init(after: plan.after, through: plan.through)])
        header.campaignRevisions = revisions
        // A unit tells the bureau which revisions it holds, so that the bureau's next bundle carries only later ones.
        if !identity.isBureau { header.campaignRevisionHeld = try store.campaignRevisions().last?.revision }
        // A unit made from an enrolment kit proves it until the bureau has enrolled its key.
        if !identity.isBureau, let claim = try store.pendingEnrolmentClaim() {
            header.enrolment = try JSONDecoder().decode(EnrolmentClaim.self, from: Data(claim.utf8))
        }
        let data = try BundleFile.assemble(header: header, body: body, key: key)
        try store.recordExport(plan, bundleID: bundleID)
        return (data, header)
    }

    /// Writes the bundle to `path` atomically: a temporary file, fsync, rename.
    @discardableResult
    public func export(to path: String, for unit: String? = nil) throws -> Summary {
        let (data, header) = try bundle(for: unit)
        try AtomicFile.write(data, to: path)
        return Summary(header: header, bytes: data.count)
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
