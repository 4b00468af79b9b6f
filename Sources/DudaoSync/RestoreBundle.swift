import Crypto
import DudaoKernel
import DudaoStore
import Foundation

/// A restore bundle: the bureau's copy of everything one unit's store should hold, for a new PC
/// that replaces a lost one. The ordinary bundle layout (`schemas/bundle.md`), signed by the
/// bureau, with the critical capability `restore-v1`, so an ordinary import refuses it; it carries
/// changes of several origins (the unit's old nodes and the bureau), each range starting at 0.
public enum RestoreBundle {
    public static let capability = "restore-v1"

    /// Writes the restore bundle for `unit` at the bureau.
    public static func export(from store: Store, for unit: String) throws -> (data: Data, header: BundleHeader) {
        let plan = try store.restorePlan(for: unit) { WritePolicy.reachesUnit($0) }
        var evidence = plan.evidence.map { ChangeCodec.Evidence(hash: $0.hash, data: $0.data) }
        // Every revision: the rebuilt store holds none of them.
        let revisions = try BundleExporter(store: store).carriedRevisions(for: nil, adding: &evidence)
        let raw = ChangeCodec.encode(plan.changes, evidence: evidence)
        let body = try Zlib.deflate(raw, level: 9)
        let identity = store.identity
        var header = BundleHeader(
            format: Int(BundleFormat.version), minReaderVersion: BundleFormat.readerVersion,
            critical: ["changes-v1", "zlib", "ed25519"] + (evidence.isEmpty ? [] : ["evidence-v1"])
                + (revisions == nil ? [] : [BundleFormat.revisionCapability]) + [capability],
            bundleID: HeaderRules.bundleID(from: store.environment.newID()), campaign: store.campaign.id,
            campaignFingerprint: store.campaignFingerprint,
            sender: .init(node: identity.nodeID, unit: nil, keyID: identity.keyID), recipient: unit,
            pluginVersions: store.registry.schemaVersions, hlc: plan.hlc.description,
            counts: .init(changes: plan.changes.count, evidence: evidence.count),
            uncompressedSize: raw.count, compressedSize: body.count, bodySHA256: Store.sha256(body),
            knowledge: plan.through,
            ranges: plan.through.mapValues { .init(after: 0, through: $0) })
        header.campaignRevisions = revisions
        let data = try BundleFile.assemble(header: header, body: body, key: try NodeKeys.privateKey(in: store.directory))
        try store.recordRestoreExport(unit: unit, bundleID: header.bundleID)
        return (data, header)
    }

    /// What restoring a unit's store came to.
    public struct Report: Sendable {
        public var store: Store
        public var records: Int
        public var evidence: Int
        /// Per old node of the unit: the last sequence the bureau had from it, and how many of
        /// its changes (current versions) came back.
        public var oldNodes: [(node: String, through: Int64, records: Int)]
    }

    /// Checks a restore bundle against the bureau's public key, then makes the unit's new store
    /// from it: a new node id and key (so no sequence of an old node is used again), the bureau's
    /// key enrolled, every change merged in one transaction, the knowledge of each old node set to
    /// what the bureau had. Nothing is left behind if any step fails.
    public static func restore(_ data: Data, into directory: URL, campaignData: Data, unit: String, bureauKey: Data,
                               registry: PluginRegistry, environment: StoreEnvironment = .live) throws -> Report {
        let file = try BundleFile.parse(data, alsoUnderstanding: [capability])
        let header = file.header
        guard header.critical.contains(capability) else {
            throw BundleError(.badHeader, "这不是恢复数据包（缺少 \(capability)）；普通数据包请用 dudao bundle import",
                              "not a restore bundle (no \(capability)); import ordinary bundles with dudao bundle import")
        }
        let keyID = NodeIdentity.keyID(of: bureauKey)
        guard header.sender.keyID == keyID, header.sender.unit == nil else {
            throw BundleError(.unenrolledKey, "恢复数据包由密钥 \(header.sender.keyID) 签发，不是所给教育局公钥 \(keyID)",
                              "the restore bundle is signed by key \(header.sender.keyID), not by the bureau key given (\(keyID))")
        }
        try file.verify(publicKey: bureauKey)
        guard header.recipient == unit else {
            throw BundleError(.wrongRecipient, "恢复数据包是给 \(header.recipient) 的，不是 \(unit)", "the restore bundle is for \(header.recipient), not \(unit)")
        }
        let campaign = try CampaignLoader.decode(campaignData, file: "campaign")
        guard header.campaign == campaign.id else {
            throw BundleError(.wrongRecipient, "恢复数据包属于活动 \(header.campaign)，不是 \(campaign.id)",
                              "the restore bundle belongs to campaign \(header.campaign), not \(campaign.id)")
        }
        let (changes, evidence) = try file.contents()
        try authorise(changes, header: header, unit: unit, registry: registry, campaign: campaign)
        for item in evidence where Store.sha256(item.data) != item.hash {
            throw BundleError(.corruptBody, "证据文件 \(item.hash) 的内容与哈希不符", "evidence file \(item.hash) does not match its hash")
        }

        let manager = FileManager.default
        let existed = manager.fileExists(atPath: directory.path)
        let store = try Store.initialise(at: directory, campaignData: campaignData, unit: unit, registry: registry, environment: environment)
        do {
            try store.enrol(unit: nil, publicKey: bureauKey)
            try BodyValidation(store: store).validate(changes)
            let revisions = try BundleImporter(store: store).receivedRevisions(file, evidence: evidence, senderUnit: nil)
            var incoming = IncomingBundle(
                bundleID: header.bundleID, contentHash: BundleFile.contentHash(data), senderUnit: nil, senderNode: header.sender.node,
                ranges: header.ranges.mapValues { ($0.after, $0.through) }, acknowledged: 0, senderHLC: header.senderHLC,
                changes: changes, evidence: evidence.map { ($0.hash, $0.data) }, data: data)
            incoming.revisions = revisions
            guard case .applied = try store.apply(incoming, validated: {}) else {
                throw DudaoError("恢复数据包未能合并", "the restore bundle could not be merged")
            }
        } catch {
            for name in [Store.databaseFile, Store.databaseFile + "-wal", Store.databaseFile + "-shm", NodeKeys.privateKeyFile, NodeKeys.publicKeyFile] {
                try? manager.removeItem(at: directory.appendingPathComponent(name))
            }
            if !existed { try? manager.removeItem(at: directory) }
            throw error
        }
        let oldNodes = header.ranges.keys.filter { $0 != header.sender.node }.sorted().map { node in
            (node: node, through: header.ranges[node]!.through, records: changes.filter { $0.origin == node }.count)
        }
        return Report(store: store, records: changes.count, evidence: evidence.count, oldNodes: oldNodes)
    }

    /// Each change is about `unit`, inside its origin's declared range, of a known type, and one
    /// its writer may write: the bureau's changes as the bureau's, the others as the unit's.
    private static func authorise(_ changes: [RecordEnvelope], header: BundleHeader, unit: String, registry: PluginRegistry,
                                  campaign: Campaign) throws {
        var seen = Set<String>()
        var versions = Set<String>()
        for change in changes {
            let place = "record \(change.id)"
            guard seen.insert(change.id).inserted, versions.insert("\(change.origin)#\(change.sequence)").inserted else {
                throw BundleError(.duplicateChange, "记录 \(change.id) 或其序号在恢复数据包中出现两次", "\(place) or its sequence appears twice in the restore bundle")
            }
            guard change.unit == unit else {
                throw BundleError(.unauthorised, "恢复数据包含其他单位 \(change.unit) 的记录 \(change.id)", "the restore bundle holds \(place) of another unit, \(change.unit)")
            }
            guard let range = header.ranges[change.origin], change.sequence > range.after, change.sequence <= range.through else {
                throw BundleError(.corruptBody, "记录 \(change.id) 的节点 \(change.origin) 序号 \(change.sequence) 不在声明范围内",
                                  "\(place) has node \(change.origin)'s sequence \(change.sequence), outside the declared ranges")
            }
            guard let type = registry.recordType(change.type) else {
                throw BundleError(.invalidRecord, "记录 \(change.id) 的类型 \(change.type) 未知", "\(place) has unknown type \(change.type)")
            }
            let writer: WritePolicy.Writer = change.origin == header.sender.node ? .bureau : .unit(unit)
            if let refusal = WritePolicy.check(change, type: type, by: writer, in: campaign) {
                throw BundleError(.unauthorised, refusal.message.zh + "（记录 \(change.id)）", refusal.message.en + " (\(place))", refusal: refusal)
            }
        }
    }
}
