import DudaoKernel
import DudaoStore
import Foundation
import Synchronization

/// What importing one bundle did.
public enum ImportOutcome: Sendable {
    /// Merged: new changes applied, changes already here, versions that lost to a later one, bundles released from hold.
    case applied(changes: Int, duplicates: Int, conflicts: Int, evidence: Int, released: [String])
    /// This very bundle was applied before: nothing changed.
    case duplicate
    /// It depends on changes not yet here; kept and applied when the gap closes.
    case held(waitingFor: String)
    /// Refused as a whole; the store is unchanged.
    case refused(BundleError)
}

/// Verifies, authorises and merges bundles, one SQLite transaction per bundle.
public struct BundleImporter: Sendable {
    public let store: Store
    /// Hears the refusal of a bundle whose sender could not be verified: nothing of it is stored,
    /// so a caller facing the network logs it (bounded) here.
    public let unverified: @Sendable (BundleError) -> Void

    public init(store: Store, unverified: @escaping @Sendable (BundleError) -> Void = { _ in }) {
        self.store = store
        self.unverified = unverified
    }

    /// Imports one bundle's bytes. Never half-applies: refused bundles change nothing but the refusal log.
    @discardableResult
    public func importBundle(_ data: Data) -> ImportOutcome {
        importReporting(data).outcome
    }

    /// Imports one bundle's bytes as `importBundle` does, and says what the bundle told of the two
    /// nodes' builds: plugins missing here, plugins the sender lacks, other campaign contents.
    public func importReporting(_ data: Data) -> ImportReport {
        var notes = BundleNotes()
        let outcome = finish(data, Result {
            let (outcome, found) = try importOrThrow(data)
            notes = found
            return outcome
        })
        return ImportReport(outcome: outcome, notes: notes)
    }

    /// Imports bundles in order, as `importBundle` does one by one, but checks and validates the
    /// next bundle on another core while the current one merges on a thread of its own
    /// (`ThreadExecutor`): what `dudao bundle import` does with many files. `load` reads bundle
    /// `index` (nil when it cannot be read); `each` hears each outcome in order (nil for an
    /// unreadable bundle).
    public func importBundles(count: Int, load: @escaping @Sendable (Int) -> Data?, each: (Int, ImportOutcome?) -> Void) async {
        await importBundlesReporting(count: count, load: load) { index, report in each(index, report?.outcome) }
    }

    /// As `importBundles`, handing each bundle's notes with its outcome (nil for an unreadable bundle).
    public func importBundlesReporting(count: Int, load: @escaping @Sendable (Int) -> Data?, each: (Int, ImportReport?) -> Void) async {
        guard count > 0 else { return }
        let validation = BodyValidation(store: store)
        let prepare: @Sendable (Int) -> Prepared? = { index in
            guard let data = load(index) else { return nil }
            return Prepared(data: data, checked: Result {
                let checked = try check(data)
                return (checked, Result { () throws(BundleError) in try validation.validate(checked.changes) })
            })
        }
        // The merge keeps a thread of its own; the next bundle is prepared meanwhile on the global executor.
        let mergeThread = ThreadExecutor(name: "dudao-merge")
        defer { mergeThread.stop() }
        await withTaskExecutorPreference(mergeThread) {
            await withTaskGroup(of: Prepared?.self) { ahead in
                var current = prepare(0)
                var merged = Spent(nil)
                for index in 0..<count {
                    if index + 1 < count {
                        // The task that prepares the next bundle also frees the one merged before.
                        let spent = merged
                        ahead.addTask(executorPreference: globalConcurrentExecutor) {
                            spent.free()
                            return prepare(index + 1)
                        }
                    }
                    if let prepared = current {
                        var notes = BundleNotes()
                        let outcome = finish(prepared.data, Result {
                            let (checked, verdict) = try prepared.checked.get()
                            notes = checked.notes
                            try verdict.get()
                            return try merge(prepared.data, checked)
                        })
                        each(index, ImportReport(outcome: outcome, notes: notes))
                    } else {
                        each(index, nil)
                    }
                    merged = Spent(current.take())
                    current = await ahead.next() ?? nil
                }
            }
            if count > 1 { try? store.checkpoint() }
        }
    }

    /// A bundle checked and validated ahead of its merge.
    private struct Prepared: Sendable {
        var data: Data
        var checked: Result<(Checked, Result<Void, BundleError>), any Error>
    }

    /// A bundle already merged, handed to the task that prepares the next one to be freed there:
    /// its thousand envelopes, their bodies and the bundle's bytes are thousands of frees the
    /// merge thread, the import's critical path, need not make.
    private final class Spent: Sendable {
        private let bundle: Mutex<Prepared?>

        init(_ bundle: consuming sending Prepared?) {
            self.bundle = Mutex(bundle)
        }

        func free() {
            bundle.withLock { $0 = nil }
        }
    }

    /// What an import came to, with held bundles released after an applied one and refusals logged.
    private func finish(_ data: Data, _ result: Result<ImportOutcome, any Error>) -> ImportOutcome {
        do {
            let outcome = try result.get()
            if case .applied(let changes, let duplicates, let conflicts, let evidence, _) = outcome {
                return .applied(changes: changes, duplicates: duplicates, conflicts: conflicts, evidence: evidence,
                                released: releaseHeld())
            }
            return outcome
        } catch let error as BundleError {
            logRefusal(data, error)
            return .refused(error)
        } catch {
            let wrapped = BundleError(.corruptBody, "导入失败：\((error as? any DudaoFailure)?.message.zh ?? "\(error)")",
                                      "import failed: \((error as? any DudaoFailure)?.message.en ?? "\(error)")")
            logRefusal(data, wrapped)
            return .refused(wrapped)
        }
    }

    /// Checks a bundle without importing it: layout, enrolment, signature, body, authorisation, validation.
    public func verify(_ data: Data) throws -> (file: BundleFile, changes: [RecordEnvelope]) {
        let checked = try check(data, admitting: false)
        try BodyValidation(store: store).validate(checked.changes)
        return (checked.file, checked.changes)
    }

    /// A bundle that passed every check but the validation of its record bodies.
    struct Checked: Sendable {
        var file: BundleFile
        /// SHA-256 of the bundle's bytes, taken while checking: off the merge thread.
        var contentHash: String
        /// The changes of record types this build has: validated, then merged.
        var changes: [RecordEnvelope]
        var evidence: [ChangeCodec.Evidence]
        /// The campaign revisions the bureau's bundle carries, checked against those here.
        var revisions: [IncomingRevision] = []
        /// The changes of types of plugins this build lacks: kept as they came.
        var opaque: [OpaqueChange] = []
        var notes = BundleNotes()
    }

    /// Parses, authenticates, inflates and decodes once, then authorises every change. `admitting`
    /// false checks an enrolment-kit proof without enrolling its key.
    private func check(_ data: Data, admitting: Bool = true) throws -> Checked {
        let file = try BundleFile.parse(data)
        let sender = try authenticate(file, admitting: admitting)
        let (changes, evidence) = try file.contents()
        try EvidenceRules.check(changes, evidence)
        let missing = try authorise(changes, file: file, senderUnit: sender.unit)
        for item in evidence where Store.sha256(item.data) != item.hash {
            throw BundleError(.corruptBody, "证据文件 \(item.hash) 的内容与哈希不符", "evidence file \(item.hash) does not match its hash")
        }
        let revisions = try receivedRevisions(file, evidence: evidence, senderUnit: sender.unit)
        var checked = Checked(file: file, contentHash: BundleFile.contentHash(data), changes: changes, evidence: evidence, revisions: revisions)
        checked.notes = notes(of: file.header, missing: missing.missing)
        if !missing.found.isEmpty {
            // Changes of types this build lacks leave validation and merging: they are kept as they came.
            let versions = missing.found.mapValues(\.version)
            checked.changes = changes.filter { store.registry.recordType($0.type) != nil }
            checked.opaque = changes.filter { store.registry.recordType($0.type) == nil }.map { change in
                let plugin = String(change.type.prefix { $0 != "/" })
                return OpaqueChange(envelope: change, plugin: plugin, pluginVersion: versions[plugin] ?? 0,
                                    bytes: ChangeCodec.encode(change: change))
            }
        }
        return checked
    }

    /// What the header says of the sender's build, against this node's.
    private func notes(of header: BundleHeader, missing: [MissingPlugin]) -> BundleNotes {
        let build = SenderBuild(campaign: header.campaign, campaignFingerprint: header.campaignFingerprint, pluginVersions: header.pluginVersions)
        return BundleNotes(missingPlugins: missing, senderLacks: store.pluginsLacking(in: build),
                           campaign: CampaignContent.mismatch(campaign: header.campaign, here: store.campaignFingerprint,
                                                              there: header.campaignFingerprint, peer: header.sender.unit ?? "bureau"))
    }

    private func authenticate(_ file: BundleFile, admitting: Bool) throws -> Enrolment {
        let header = file.header
        // A revoked key's bundles from before its revocation stay readable; an unknown key may be
        // enrolled here by the proof of an enrolment kit in the header.
        let known = try store.enrolment(keyID: header.sender.keyID) ?? enrolmentOfRevokedKey(file)
        guard let enrolment = try known ?? KitAdmission(store: store).admit(file, commit: admitting) else {
            throw BundleError(.unenrolledKey, "签发密钥 \(header.sender.keyID) 未登记，请先运行 dudao bureau enrol",
                              "the signing key \(header.sender.keyID) is not enrolled here; run dudao bureau enrol first")
        }
        try file.verify(publicKey: enrolment.publicKey)
        guard enrolment.unit == header.sender.unit else {
            throw BundleError(.unauthorised, "密钥登记为 \(enrolment.unit ?? "教育局")，数据包却自称来自 \(header.sender.unit ?? "教育局")",
                              "the key is enrolled for \(enrolment.unit ?? "the bureau") but the bundle claims \(header.sender.unit ?? "the bureau")")
        }
        let expected = store.identity.unit ?? "bureau"
        guard header.recipient == expected else {
            throw BundleError(.wrongRecipient, "数据包发给 \(header.recipient)，本节点是 \(expected)",
                              "the bundle is for \(header.recipient), this node is \(expected)")
        }
        guard header.campaign == store.campaign.id else {
            throw BundleError(.wrongRecipient, "数据包属于活动 \(header.campaign)，本节点是 \(store.campaign.id)",
                              "the bundle belongs to campaign \(header.campaign), not \(store.campaign.id)")
        }
        return enrolment
    }

    /// Every change must be the sender's own, for the units its key may write, of types and
    /// ledger transitions its role may write. (Whether each body is valid, `BodyValidation` checks.)
    /// A change of a type this build lacks is admitted only when the sender declares the type's
    /// plugin at a version this node does not run (`MissingPluginCheck`), and only after the checks
    /// that need no more than the envelope; its type's writers and its body are judged once the plugin is here.
    private func authorise(_ changes: [RecordEnvelope], file: BundleFile, senderUnit: String?) throws -> MissingPluginCheck {
        var missing = MissingPluginCheck(registry: store.registry, senderVersions: file.header.pluginVersions)
        let writer: WritePolicy.Writer = senderUnit.map(WritePolicy.Writer.unit) ?? .bureau
        let sender = file.header.sender.node
        let senderRange = file.header.ranges[sender]
        let allowedUnit = senderUnit ?? store.identity.unit
        // What an error needs is built only for the error.
        var seen = Set<String>(minimumCapacity: changes.count)
        var sequences = Set<Int64>(minimumCapacity: changes.count)
        for change in changes {
            guard seen.insert(change.id).inserted else {
                throw BundleError(.duplicateChange, "记录 \(change.id) 在同一数据包中出现两次", "record \(change.id) appears twice in the bundle")
            }
            // Two changes under one sequence: the second would pass for one already here and be lost.
            guard sequences.insert(change.sequence).inserted else {
                throw BundleError(.duplicateChange, "序号 \(change.sequence) 在同一数据包中出现两次（\(change.id)）",
                                  "sequence \(change.sequence) appears twice in the bundle (record \(change.id))")
            }
            guard change.origin == sender, let range = senderRange else {
                throw BundleError(.unauthorised, "记录 \(change.id) 的来源节点 \(change.origin) 不是发送方",
                                  "record \(change.id) comes from node \(change.origin), not the sender")
            }
            guard change.sequence > range.after, change.sequence <= range.through else {
                throw BundleError(.corruptBody, "记录 \(change.id) 的序号 \(change.sequence) 不在声明范围内",
                                  "record \(change.id) has sequence \(change.sequence) outside the declared range")
            }
            guard allowedUnit == nil || change.unit == allowedUnit else {
                throw BundleError(.unauthorised, "单位 \(senderUnit ?? "教育局") 的密钥不能写入单位 \(change.unit) 的记录 \(change.id)",
                                  "the key of \(senderUnit ?? "the bureau") may not write record \(change.id) of unit \(change.unit)")
            }
            guard let type = store.registry.recordType(change.type) else {
                try missing.admit(change)
                continue
            }
            if let refusal = WritePolicy.check(change, type: type, by: writer, in: store.campaign) {
                throw BundleError(.unauthorised, refusal.message.zh + "（记录 \(change.id)）", refusal.message.en + " (record \(change.id))", refusal: refusal)
            }
        }
        return missing
    }

    private func importOrThrow(_ data: Data) throws -> (ImportOutcome, BundleNotes) {
        let checked = try check(data)
        try BodyValidation(store: store).validate(checked.changes)
        return (try merge(data, checked), checked.notes)
    }

    /// Merges a checked and validated bundle in one transaction (the store's `apply`).
    private func merge(_ data: Data, _ checked: Checked) throws -> ImportOutcome {
        let header = checked.file.header
        var incoming = IncomingBundle(
            bundleID: header.bundleID, contentHash: checked.contentHash, senderUnit: header.sender.unit,
            senderNode: header.sender.node, ranges: header.ranges.mapValues { ($0.after, $0.through) },
            acknowledged: header.knowledge[store.identity.nodeID] ?? 0, senderHLC: header.senderHLC,
            changes: checked.changes, evidence: checked.evidence.map { ($0.hash, $0.data) }, data: data)
        incoming.revisions = checked.revisions
        incoming.revisionHeld = header.campaignRevisionHeld
        incoming.opaque = checked.opaque
        incoming.senderBuild = SenderBuild(campaign: header.campaign, campaignFingerprint: header.campaignFingerprint,
                                           pluginVersions: header.pluginVersions)
        let application: BundleApplication
        do {
            application = try store.apply(incoming, validated: {})
        } catch let owned as RecordOwnerRefusal {
            // Whether a change rewrites a record the other side created needs the stored version:
            // the merge asks the write policy, and its refusal rolls the whole bundle back.
            throw BundleError(.unauthorised, owned.message.zh, owned.message.en, refusal: owned.refusal)
        }
        switch application {
        case .applied(let changes, let duplicates, let conflicts):
            return .applied(changes: changes, duplicates: duplicates, conflicts: conflicts, evidence: checked.evidence.count, released: [])
        case .duplicate:
            return .duplicate
        case .held(let wait):
            return .held(waitingFor: wait.description)
        case .conflictingID:
            throw BundleError(.conflictingID, "数据包编号 \(header.bundleID) 已用于另一份内容", "bundle id \(header.bundleID) was already used for other content")
        }
    }

    /// Applies held bundles whose gap has closed, until none moves. A held bundle that no longer
    /// passes (its key was replaced since, say) is refused now and dropped, so it blocks no other.
    private func releaseHeld() -> [String] {
        var released: [String] = []
        var tried = Set<String>()
        while true {
            // Mostly nothing is held: then there is no knowledge to read either.
            guard let held = try? store.heldBundles(), !held.isEmpty, let knowledge = try? store.knowledge() else { return released }
            let ready = held.first { !tried.contains($0.bundleID) && $0.waits.after <= (knowledge[$0.waits.origin] ?? 0) }
            guard let ready, let data = try? store.heldBundleData(ready.bundleID) else { return released }
            tried.insert(ready.bundleID)
            do {
                if case .applied = try importOrThrow(data).0 { released.append(ready.bundleID) }
            } catch {
                let refusal = error as? BundleError ?? BundleError(.corruptBody, "暂存的数据包无法合并：\(error)", "a held bundle failed: \(error)")
                try? store.refuseHeld(ready.bundleID, reason: refusal.description)
                logRefusal(data, refusal)
            }
        }
    }

    /// Keeps the reason of a refusal in the store only when the sender is verified: its key is
    /// enrolled here and the signature and body check out, and the unit recorded is the key's
    /// enrolled unit, not the header's claim. Anyone's bytes otherwise: they go to `unverified`.
    private func logRefusal(_ data: Data, _ error: BundleError) {
        guard let file = try? BundleFile.parse(data),
              let enrolment = try? store.enrolment(keyID: file.header.sender.keyID) ?? store.revokedKey(keyID: file.header.sender.keyID)?.enrolment else {
            return unverified(error)
        }
        do {
            try file.verify(publicKey: enrolment.publicKey)
        } catch _ {
            return unverified(error)
        }
        try? store.logRefusal(bundleID: file.header.bundleID, verifiedUnit: enrolment.unit, reason: error.description)
    }
}
