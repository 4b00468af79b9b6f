import DudaoKernel
import Foundation
import GRDB

/// What this node sends a peer next, read in one transaction.
public struct ExportPlan: Sendable {
    /// The peer that receives it: a unit's id, or "bureau".
    public var recipient: String
    /// This node's sequence the peer acknowledged: the bundle carries what follows.
    public var after: Int64
    /// This node's latest sequence.
    public var through: Int64
    public var changes: [RecordEnvelope]
    /// Evidence files, each once, within the size limit.
    public var evidence: [(hash: String, data: Data)]
    /// The knowledge vector the peer may see.
    public var knowledge: [String: Int64]
    /// This node's clock.
    public var hlc: HLC
}

/// Sync's bookkeeping as the sync page shows it.
public struct SyncState: Sendable {
    public var enrolledUnits: Set<String>
    /// By peer: the last bundle received and when.
    public var lastReceived: [String: (bundle: String?, atMs: Int64?)]
    public var held: [HeldBundle]
    /// Held bundles by sender unit.
    public var heldByUnit: [String: Int]
    /// The latest refusals, newest first.
    public var refused: [RefusedBundle]
}

extension Store {
    /// The changes, knowledge and evidence the next bundle to `recipient` carries. At the bureau
    /// (`unitOnly`) only records of that unit go, and only those `visible` lets through.
    public func exportPlan(for recipient: String, unitOnly: Bool, evidenceLimit: Int,
                           visible: @escaping @Sendable (RecordEnvelope) -> Bool) throws -> ExportPlan {
        let own = identity.nodeID
        return try read { db in
            let peer = try Peer.fetchOne(db, key: recipient)
            let after = peer?.acked ?? 0
            let changes = try Self.ownChanges(db, origin: own, after: after, unit: unitOnly ? recipient : nil).filter(visible)
            let knowledge = try Self.knowledge(db, own: own)
            // Evidence the outgoing changes cite comes first, then any the peer has not acknowledged
            // yet (deferred by the size limit, or carried by a bundle that never arrived).
            var seen = Set<String>()
            var candidates = changes.flatMap(\.evidence).filter { seen.insert($0).inserted }
            var citing = "SELECT evidence FROM record WHERE origin = ? AND evidence != '[]'"
            var arguments: StatementArguments = [own]
            if unitOnly {
                citing += " AND unit = ?"
                arguments += [recipient]
            }
            for text in try String.fetchAll(db, sql: citing, arguments: arguments) {
                let hashes = (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
                candidates += hashes.filter { seen.insert($0).inserted }
            }
            var evidence: [(hash: String, data: Data)] = []
            var size = 0
            for hash in candidates {
                let sent = try EvidenceSent.fetchOne(db, key: ["peer": recipient, "hash": hash])
                if let sent, sent.through <= after { continue }  // delivered and acknowledged
                guard let data = try Data.fetchOne(db, EvidenceFile.select(EvidenceFile.Columns.data).filter(key: hash)),
                      size + data.count <= evidenceLimit else { continue }
                size += data.count
                evidence.append((hash, data))
            }
            var visibleKnowledge = knowledge
            if unitOnly {
                let origins = Set(try String.fetchAll(db, sql: "SELECT DISTINCT origin FROM record WHERE unit = ?", arguments: [recipient]))
                    .union(try Self.opaqueOrigins(db, unit: recipient))
                visibleKnowledge = knowledge.filter { origin, _ in origin == own || origins.contains(origin) }
            }
            return ExportPlan(recipient: recipient, after: after, through: max(after, knowledge[own] ?? 0),
                              changes: changes, evidence: evidence,
                              knowledge: visibleKnowledge, hlc: try Self.lastHLC(db))
        }
    }

    /// Records that bundle `bundleID` left for `plan.recipient` with `evidence`:
    /// committed with `synchronous = FULL` before the bundle leaves (see `writeResendable`).
    public func recordExport(_ plan: ExportPlan, bundleID: String) throws {
        let now = environment.now()
        try write { db in
            if try Peer.fetchOne(db, key: plan.recipient) == nil { try Peer(peer: plan.recipient, acked: 0).insert(db) }
            for item in plan.evidence {
                try EvidenceSent(peer: plan.recipient, hash: item.hash, through: plan.through).save(db)
            }
            try Self.audit(db, node: self.identity.nodeID, at: now, actor: nil, action: "export", subject: plan.recipient, detail: bundleID)
        }
    }

    /// Enrolments, peers, held and refused bundles, for the sync page.
    public func syncState(refusedLimit: Int = 200) throws -> SyncState {
        try read { db in
            let enrolled = Set(try String.fetchAll(db, EnrolmentRow.select(EnrolmentRow.Columns.unit).filter(EnrolmentRow.Columns.unit != nil)))
            var received: [String: (bundle: String?, atMs: Int64?)] = [:]
            for peer in try Peer.fetchAll(db) { received[peer.peer] = (peer.lastReceived, peer.lastReceivedMs) }
            let held = try HeldBundleRow.order(HeldBundleRow.Columns.receivedMs).fetchAll(db).map {
                HeldBundle(bundleID: $0.bundleID, senderNode: $0.senderNode,
                           waits: BundleWait(origin: $0.waitsForOrigin, after: $0.waitsForAfter), receivedMs: $0.receivedMs)
            }
            var heldByUnit: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT b.sender_unit, COUNT(*) FROM held_bundle h JOIN bundle_log b ON b.bundle_id = h.bundle_id
                WHERE b.sender_unit IS NOT NULL GROUP BY b.sender_unit
                """) {
                heldByUnit[row[0]] = row[1]
            }
            let refused = try RefusedBundleRow.order(RefusedBundleRow.Columns.id.desc).limit(refusedLimit).fetchAll(db).map {
                RefusedBundle(bundleID: $0.bundleID, senderUnit: $0.senderUnit, reason: $0.reason, receivedMs: $0.receivedMs)
            }
            return SyncState(enrolledUnits: enrolled, lastReceived: received, held: held, heldByUnit: heldByUnit, refused: refused)
        }
    }
}
