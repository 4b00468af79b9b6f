import DudaoKernel
import Foundation
import GRDB

/// What a held bundle waits for: the changes of `origin` through sequence `after`.
public struct BundleWait: Sendable, Hashable, CustomStringConvertible {
    public var origin: String
    public var after: Int64

    public init(origin: String, after: Int64) {
        self.origin = origin
        self.after = after
    }

    public var description: String { "\(origin):\(after)" }
}

/// A verified bundle as the store applies it.
public struct IncomingBundle: Sendable {
    public var bundleID: String
    /// SHA-256 of the bundle's bytes: a bundle id reused for other content is refused.
    public var contentHash: String
    public var senderUnit: String?
    public var senderNode: String
    /// Per origin, the sequences the bundle carries: after `after`, through `through`.
    public var ranges: [String: ClosedRange<Int64>]
    /// The sequence of this node's own changes the sender has.
    public var acknowledged: Int64
    public var senderHLC: HLC
    public var changes: [RecordEnvelope]
    public var evidence: [(hash: String, data: Data)]
    /// The bundle's bytes, kept when it is held.
    public var data: Data
    /// The campaign revisions the bureau's bundle carries, oldest first; those not yet here are
    /// adopted in the same transaction.
    public var revisions: [IncomingRevision] = []
    /// The last campaign revision the sending unit says it holds (with every one before it).
    public var revisionHeld: CampaignRevision?
    /// Changes of record types this build lacks, kept as they came (`Store+OpaqueChanges.swift`).
    public var opaque: [OpaqueChange] = []
    /// What the header says of the sender's build, remembered per peer.
    public var senderBuild: SenderBuild?

    /// `ranges` maps an origin to (after, through) as the header says.
    public init(bundleID: String, contentHash: String, senderUnit: String?, senderNode: String, ranges: [String: (after: Int64, through: Int64)],
                acknowledged: Int64, senderHLC: HLC, changes: [RecordEnvelope], evidence: [(hash: String, data: Data)], data: Data) {
        self.bundleID = bundleID
        self.contentHash = contentHash
        self.senderUnit = senderUnit
        self.senderNode = senderNode
        self.ranges = ranges.mapValues { $0.after...max($0.after, $0.through) }
        self.acknowledged = acknowledged
        self.senderHLC = senderHLC
        self.changes = changes
        self.evidence = evidence
        self.data = data
    }
}

/// What applying a bundle came to.
public enum BundleApplication: Sendable {
    case applied(changes: Int, duplicates: Int, conflicts: Int)
    /// Applied before: nothing changed.
    case duplicate
    /// Kept until the changes it builds on arrive.
    case held(BundleWait)
    /// Its id was used before for other content; nothing changed.
    case conflictingID
}

/// A bundle kept until its gap closes.
public struct HeldBundle: Sendable, Hashable {
    public var bundleID: String
    public var senderNode: String
    public var waits: BundleWait
    public var receivedMs: Int64
}

/// A refused bundle, as logged.
public struct RefusedBundle: Sendable, Hashable {
    public var bundleID: String?
    public var senderUnit: String?
    public var reason: String
    public var receivedMs: Int64
}

extension Store {
    /// Applies a verified bundle in one transaction: the bundle log, the hold when a gap is open,
    /// the changes, evidence, knowledge, the peer's acknowledgement, the clock and the audit.
    /// `validated` throws the first invalid body; it is asked before anything is held or committed.
    public func apply(_ bundle: IncomingBundle, validated: @escaping @Sendable () throws -> Void) throws -> BundleApplication {
        let now = environment.now()
        let own = identity.nodeID
        return try writeResendable { db -> BundleApplication in
            let bookkeeping = BundleBookkeeping(db: db)
            if let previous = try bookkeeping.logged(bundle.bundleID) {
                guard previous.contentSHA256 == bundle.contentHash else { return .conflictingID }
                if previous.status == "applied" { return .duplicate }
            }
            var log = BundleLogEntry(bundleID: bundle.bundleID, senderUnit: bundle.senderUnit, senderNode: bundle.senderNode,
                                     contentSHA256: bundle.contentHash, status: "applied", reason: nil,
                                     changes: bundle.changes.count, receivedMs: now)
            for (origin, range) in bundle.ranges.sorted(by: { $0.key < $1.key })
            where try range.lowerBound > Self.knowledge(db, of: origin, own: own) {
                let wait = BundleWait(origin: origin, after: range.lowerBound)
                try validated()
                try HeldBundleRow(bundleID: bundle.bundleID, senderNode: bundle.senderNode, waitsForOrigin: origin,
                                  waitsForAfter: range.lowerBound, data: bundle.data, receivedMs: now).save(db)
                log.status = "held"
                log.reason = wait.description
                try log.save(db)
                return .held(wait)
            }
            // A sender node never heard from, speaking for a peer already known, is that peer's new
            // incarnation (a store restored from a backup, a PC replaced): it holds only what it says,
            // so its acknowledgement replaces the old one, and what it lacks goes again.
            let newIncarnation = try !bookkeeping.knows(bundle.senderNode)
            var applied = 0, duplicates = 0, conflicts = 0
            let owners = try RecordOwners(db, identity: self.identity, registry: self.registry)
            let writer: WritePolicy.Writer = bundle.senderUnit.map(WritePolicy.Writer.unit) ?? .bureau
            for outcome in try Self.merge(bundle.changes, db: db, owners: (owners, writer)) {
                switch outcome {
                case .applied: applied += 1
                case .duplicate: duplicates += 1
                case .lostConflict: conflicts += 1
                }
            }
            for item in bundle.evidence { try Self.storeEvidence(hash: item.hash, data: item.data, db: db) }
            if !bundle.revisions.isEmpty {
                try Self.adoptReceived(db, bundle.revisions, bundleID: bundle.bundleID, unit: self.identity.unit, node: own, now: now)
            }
            _ = try Self.storeOpaque(bundle.opaque, of: bundle, at: now, db: db)
            try Self.notePeerBuild(of: bundle, at: now, db: db)
            try validated()
            for (origin, range) in bundle.ranges { try Self.learn(db, origin: origin, through: range.upperBound) }
            let peerName = bundle.senderUnit ?? "bureau"
            // Which revisions the unit holds is taken with its acknowledgement: a new node's word as it stands.
            try bookkeeping.notePeer(peerName, acknowledged: bundle.acknowledged, revisionHeld: bundle.revisionHeld,
                                     newIncarnation: newIncarnation, bundleID: bundle.bundleID, at: now)
            let latest = bundle.changes.lazy.map(\.hlc).max() ?? .zero
            try self.receiveClock(max(latest, bundle.senderHLC), db: db)
            try bookkeeping.release(bundle.bundleID)
            try bookkeeping.log(log)
            try Self.audit(db, node: own, at: now, actor: nil, action: "import", subject: peerName, detail: bundle.bundleID)
            return .applied(changes: applied, duplicates: duplicates, conflicts: conflicts)
        }
    }

    /// The held bundles, oldest first.
    public func heldBundles() throws -> [HeldBundle] {
        try read { db in
            try Row.fetchAll(db, HeldBundleRow.select(HeldBundleRow.Columns.bundleID, HeldBundleRow.Columns.senderNode,
                                                      HeldBundleRow.Columns.waitsForOrigin, HeldBundleRow.Columns.waitsForAfter,
                                                      HeldBundleRow.Columns.receivedMs)
                .order(HeldBundleRow.Columns.receivedMs, HeldBundleRow.Columns.bundleID))
            .map { row in
                HeldBundle(bundleID: row[0], senderNode: row[1], waits: BundleWait(origin: row[2], after: row[3]), receivedMs: row[4])
            }
        }
    }

    /// The bytes of held bundle `bundleID`.
    public func heldBundleData(_ bundleID: String) throws -> Data? {
        try read { db in try HeldBundleRow.fetchOne(db, key: bundleID)?.data }
    }

    /// Drops a held bundle that can no longer be applied, marking it refused in the bundle log.
    public func refuseHeld(_ bundleID: String, reason: String) throws {
        try write { db in
            try HeldBundleRow.deleteOne(db, key: bundleID)
            try BundleLogEntry.filter(key: bundleID).updateAll(db, BundleLogEntry.Columns.status.set(to: "refused"),
                                                               BundleLogEntry.Columns.reason.set(to: reason))
        }
    }

    /// Logs the refusal of a bundle from a verified sender (its key enrolled here, its signature
    /// checked): a bundle nobody could verify must not be logged here at all. Fields are cut to a
    /// bounded length, so a row stays small whatever the bundle said.
    public func logRefusal(bundleID: String?, verifiedUnit: String?, reason: String) throws {
        let now = environment.now()
        try write { db in
            let row = RefusedBundleRow(id: nil, bundleID: bundleID.map { String($0.prefix(100)) }, senderUnit: verifiedUnit,
                                       reason: String(reason.prefix(1000)), receivedMs: now)
            try row.insert(db)
        }
    }

    /// The highest sequence known from each origin, this node's own included.
    public func knowledge() throws -> [String: Int64] {
        try read { db in try Self.knowledge(db, own: self.identity.nodeID) }
    }

    /// A version that changes whenever a record is written or merged: the node's HLC, which every
    /// local write and every import moves forward.
    public func dataVersion() throws -> String {
        try read { db in try Self.lastHLC(db).description }
    }
}
