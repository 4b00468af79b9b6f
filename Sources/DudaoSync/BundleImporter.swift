import Dispatch
import DudaoKernel
import DudaoStore
import Foundation
import GRDB
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

    public init(store: Store) {
        self.store = store
    }

    /// Imports one bundle's bytes. Never half-applies: refused bundles change nothing but the refusal log.
    @discardableResult
    public func importBundle(_ data: Data) -> ImportOutcome {
        finish(data, Result { try importOrThrow(data) })
    }

    /// Imports bundles in order, as `importBundle` does one by one, but checks and validates the
    /// next bundle on another core while the current one merges: what `dudao bundle import` does
    /// with many files. `load` reads bundle `index` (nil when it cannot be read); `each` hears
    /// each outcome in order (nil for an unreadable bundle).
    public func importBundles(count: Int, load: @escaping @Sendable (Int) -> Data?, each: (Int, ImportOutcome?) -> Void) {
        let validation = BodyValidation(store: store)
        let prepare: @Sendable (Int) -> Prepared? = { index in
            guard let data = load(index) else { return nil }
            return Prepared(data: data, checked: Result {
                let checked = try check(data)
                return (checked, Result { () throws(BundleError) in try validation.validate(checked.changes, parallel: false) })
            })
        }
        var next = count > 0 ? Ahead(prepare, 0) : nil
        for index in 0..<count {
            let prepared = next!.value
            next = index + 1 < count ? Ahead(prepare, index + 1) : nil
            guard let prepared else {
                each(index, nil)
                continue
            }
            let outcome = finish(prepared.data, Result {
                let (checked, verdict) = try prepared.checked.get()
                return try merge(prepared.data, checked) { try verdict.get() }
            })
            each(index, outcome)
        }
        if count > 1 { try? store.checkpoint() }
    }

    /// A bundle checked and validated ahead of its merge.
    private struct Prepared: Sendable {
        var data: Data
        var checked: Result<(Checked, Result<Void, BundleError>), any Error>
    }

    /// Work started on another thread, waited for when its value is needed.
    private final class Ahead<Value: Sendable>: Sendable {
        private let done = DispatchGroup()
        private let result = Mutex<Value?>(nil)

        init(_ work: @escaping @Sendable (Int) -> Value, _ index: Int) {
            done.enter()
            DispatchQueue.global().async {
                let value = work(index)
                self.result.withLock { $0 = value }
                self.done.leave()
            }
        }

        var value: Value {
            done.wait()
            return result.withLock { $0 }!
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
        let checked = try check(data)
        try BodyValidation(store: store).validate(checked.changes)
        return (checked.file, checked.changes)
    }

    /// A bundle that passed every check but the validation of its record bodies.
    struct Checked: Sendable {
        var file: BundleFile
        var changes: [RecordEnvelope]
        var evidence: [ChangeCodec.Evidence]
    }

    /// Parses, authenticates, inflates and decodes once, then authorises every change.
    private func check(_ data: Data) throws -> Checked {
        let file = try BundleFile.parse(data)
        let sender = try authenticate(file)
        let (changes, evidence) = try file.contents()
        try authorise(changes, file: file, senderUnit: sender.unit)
        for item in evidence where Store.sha256(item.data) != item.hash {
            throw BundleError(.corruptBody, "证据文件 \(item.hash) 的内容与哈希不符", "evidence file \(item.hash) does not match its hash")
        }
        return Checked(file: file, changes: changes, evidence: evidence)
    }

    private func authenticate(_ file: BundleFile) throws -> Enrolment {
        let header = file.header
        guard let enrolment = try store.enrolment(keyID: header.sender.keyID) else {
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
    private func authorise(_ changes: [RecordEnvelope], file: BundleFile, senderUnit: String?) throws {
        let fromBureau = senderUnit == nil
        var types: [String: RecordType] = [:]
        var seen = Set<String>()
        var sequences = Set<Int64>()
        for change in changes {
            let place = "record \(change.id)"
            guard seen.insert(change.id).inserted else {
                throw BundleError(.duplicateChange, "记录 \(change.id) 在同一数据包中出现两次", "\(place) appears twice in the bundle")
            }
            // Two changes under one sequence: the second would pass for one already here and be lost.
            guard sequences.insert(change.sequence).inserted else {
                throw BundleError(.duplicateChange, "序号 \(change.sequence) 在同一数据包中出现两次（\(change.id)）",
                                  "sequence \(change.sequence) appears twice in the bundle (\(place))")
            }
            guard change.origin == file.header.sender.node, file.header.ranges[change.origin] != nil else {
                throw BundleError(.unauthorised, "记录 \(change.id) 的来源节点 \(change.origin) 不是发送方",
                                  "\(place) comes from node \(change.origin), not the sender")
            }
            let range = file.header.ranges[change.origin]!
            guard change.sequence > range.after, change.sequence <= range.through else {
                throw BundleError(.corruptBody, "记录 \(change.id) 的序号 \(change.sequence) 不在声明范围内",
                                  "\(place) has sequence \(change.sequence) outside the declared range")
            }
            let allowedUnit = senderUnit ?? store.identity.unit
            guard allowedUnit == nil || change.unit == allowedUnit else {
                throw BundleError(.unauthorised, "单位 \(senderUnit ?? "教育局") 的密钥不能写入单位 \(change.unit) 的记录 \(change.id)",
                                  "the key of \(senderUnit ?? "the bureau") may not write \(place) of unit \(change.unit)")
            }
            guard let type = types[change.type] ?? store.registry.recordType(change.type) else {
                throw BundleError(.invalidRecord, "记录 \(change.id) 的类型 \(change.type) 未知", "\(place) has unknown type \(change.type)")
            }
            types[change.type] = type
            guard type.writers.allows(bureau: fromBureau) else {
                throw BundleError(.unauthorised, "\(fromBureau ? "教育局" : "单位")无权写入 \(change.type) 类型的记录 \(change.id)",
                                  "the \(fromBureau ? "bureau" : "unit") may not write records of type \(change.type) (\(place))")
            }
            if change.type == LedgerTransition.recordType, !change.deleted {
                let transition = try? change.decode(LedgerTransition.self)
                let role = transition?.role
                let allowed = fromBureau ? role != .unit : role == .unit
                guard allowed, let transition, LedgerPolicy.moves[transition.action]?.roles.contains(transition.role) == true else {
                    throw BundleError(.unauthorised, "\(fromBureau ? "教育局" : "单位")无权执行台账操作 \(transition?.action.rawValue ?? "?")（\(change.id)）",
                                      "the \(fromBureau ? "bureau" : "unit") may not make the ledger transition \(transition?.action.rawValue ?? "?") (\(place))")
                }
            }
        }
    }

    private func importOrThrow(_ data: Data) throws -> ImportOutcome {
        let checked = try check(data)
        // The bodies are validated beside the transaction; it is rolled back if one is invalid.
        let validation = BodyValidation(store: store).start(checked.changes)
        return try merge(data, checked) { try validation.verdict() }
    }

    /// Merges a checked bundle in one transaction; `verdict` throws the first invalid body, and is
    /// asked before anything is held or committed.
    private func merge(_ data: Data, _ checked: Checked, verdict validation: @escaping @Sendable () throws -> Void) throws -> ImportOutcome {
        let (header, changes, evidence) = (checked.file.header, checked.changes, checked.evidence)
        let contentHash = BundleFile.contentHash(data)
        let store = self.store
        let now = store.environment.now()
        return try store.writeResendable { db -> ImportOutcome in
            if let previous = try Row.fetchOne(db, sql: "SELECT content_sha256, status FROM bundle_log WHERE bundle_id = ?",
                                               arguments: [header.bundleID]) {
                let hash: String = previous["content_sha256"]
                guard hash == contentHash else {
                    throw BundleError(.conflictingID, "数据包编号 \(header.bundleID) 已用于另一份内容", "bundle id \(header.bundleID) was already used for other content")
                }
                let status: String = previous["status"]
                if status == "applied" { return .duplicate }
            }
            for (origin, range) in header.ranges.sorted(by: { $0.key < $1.key })
            where try range.after > Store.knowledge(db, of: origin, own: store.identity.nodeID) {
                let waiting = "\(origin):\(range.after)"
                try validation()
                try db.execute(sql: """
                    INSERT OR REPLACE INTO held_bundle (bundle_id, sender_node, waits_for, data, received_ms) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [header.bundleID, header.sender.node, waiting, data, now])
                try Self.log(db, header: header, hash: contentHash, status: "held", reason: waiting, changes: changes.count, at: now)
                return .held(waitingFor: waiting)
            }
            var applied = 0, duplicates = 0, conflicts = 0
            for outcome in try Store.merge(changes, db: db) {
                switch outcome {
                case .applied: applied += 1
                case .duplicate: duplicates += 1
                case .lostConflict: conflicts += 1
                }
            }
            let latest = changes.lazy.map(\.hlc).max() ?? .zero
            for item in evidence { try Store.storeEvidence(hash: item.hash, data: item.data, db: db) }
            try validation()
            for (origin, range) in header.ranges { try Store.learn(db, origin: origin, through: range.through) }
            let peer = header.sender.unit ?? "bureau"
            let acked = header.knowledge[store.identity.nodeID] ?? 0
            try db.execute(sql: """
                INSERT INTO peer (peer, acked, last_received, last_received_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT(peer) DO UPDATE SET acked = MAX(acked, excluded.acked), last_received = excluded.last_received,
                    last_received_ms = excluded.last_received_ms
                """, arguments: [peer, acked, header.bundleID, now])
            try store.receiveClock(max(latest, header.senderHLC), db: db)
            try db.execute(sql: "DELETE FROM held_bundle WHERE bundle_id = ?", arguments: [header.bundleID])
            try Self.log(db, header: header, hash: contentHash, status: "applied", reason: nil, changes: changes.count, at: now)
            try db.execute(sql: "INSERT INTO audit (at_ms, node, actor, action, subject, detail) VALUES (?, ?, NULL, 'import', ?, ?)",
                           arguments: [now, store.identity.nodeID, peer, header.bundleID])
            return .applied(changes: applied, duplicates: duplicates, conflicts: conflicts, evidence: evidence.count, released: [])
        }
    }

    private static func log(_ db: Database, header: BundleHeader, hash: String, status: String, reason: String?, changes: Int, at: Int64) throws {
        try db.execute(sql: """
            INSERT INTO bundle_log (bundle_id, sender_unit, sender_node, content_sha256, status, reason, changes, received_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(bundle_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, received_ms = excluded.received_ms
            """, arguments: [header.bundleID, header.sender.unit, header.sender.node, hash, status, reason, changes, at])
    }

    /// Applies held bundles whose gap has closed, until none moves. A held bundle that no longer
    /// passes (its key was replaced since, say) is refused now and dropped, so it blocks no other.
    private func releaseHeld() -> [String] {
        var released: [String] = []
        var tried = Set<String>()
        while true {
            // Mostly nothing is held: then there is no knowledge to read either.
            guard let held = try? store.read({ db in
                try Row.fetchAll(db, sql: "SELECT bundle_id, waits_for FROM held_bundle ORDER BY received_ms, bundle_id")
                    .map { row -> (id: String, waits: String) in (row["bundle_id"], row["waits_for"]) }
            }), !held.isEmpty, let knowledge = try? store.read({ db in try Store.knowledge(db, own: store.identity.nodeID) })
            else { return released }
            let ready = held.first { item in
                guard !tried.contains(item.id), let colon = item.waits.lastIndex(of: ":"),
                      let after = Int64(item.waits[item.waits.index(after: colon)...]) else { return false }
                return after <= (knowledge[String(item.waits[..<colon])] ?? 0)
            }
            guard let ready, let data = try? store.read({ db in
                try Data.fetchOne(db, sql: "SELECT data FROM held_bundle WHERE bundle_id = ?", arguments: [ready.id])
            }) else { return released }
            tried.insert(ready.id)
            do {
                if case .applied = try importOrThrow(data) { released.append(ready.id) }
            } catch {
                let refusal = error as? BundleError ?? BundleError(.corruptBody, "暂存的数据包无法合并：\(error)", "a held bundle failed: \(error)")
                _ = try? store.write { db in
                    try db.execute(sql: "DELETE FROM held_bundle WHERE bundle_id = ?", arguments: [ready.id])
                    try db.execute(sql: "UPDATE bundle_log SET status = 'refused', reason = ? WHERE bundle_id = ?",
                                   arguments: [refusal.description, ready.id])
                }
                logRefusal(data, refusal)
            }
        }
    }

    private func logRefusal(_ data: Data, _ error: BundleError) {
        let header = try? BundleFile.parse(data).header
        let now = store.environment.now()
        _ = try? store.write { db in
            try db.execute(sql: "INSERT INTO refused_bundle (bundle_id, sender_unit, reason, received_ms) VALUES (?, ?, ?, ?)",
                           arguments: [header?.bundleID, header?.sender.unit, error.description, now])
        }
    }
}
