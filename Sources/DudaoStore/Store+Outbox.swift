import DudaoKernel
import Foundation
import GRDB

/// What a node has sent one peer and what is still waiting: the workstation's sync page.
public struct Outbox: Sendable, Hashable {
    /// This node's own changes the peer has not acknowledged.
    public var waitingChanges: Int
    /// When the last bundle for the peer was written; nil if never.
    public var lastSentMs: Int64?
    /// When the last bundle from the peer was applied; nil if never.
    public var lastReceivedMs: Int64?
    /// Evidence files the peer has acknowledged (their bundle was sent and the peer's answer says it arrived).
    public var evidenceDelivered: Set<String>
    /// Evidence files sent in a bundle the peer has not acknowledged yet.
    public var evidenceInTransit: Set<String>
}

extension Store {
    /// The outbox towards `peer` ("bureau" at a unit).
    public func outbox(to peer: String) throws -> Outbox {
        let own = identity.nodeID
        return try read { db in
            let row = try Peer.fetchOne(db, key: peer)
            let acked = row?.acked ?? 0
            let waiting = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log WHERE origin = ? AND seq > ?",
                                           arguments: [own, acked]) ?? 0
            let lastSent = try Int64.fetchOne(db, sql: "SELECT MAX(at_ms) FROM audit WHERE action = 'export' AND subject = ?",
                                              arguments: [peer])
            var delivered = Set<String>(), inTransit = Set<String>()
            for sent in try EvidenceSent.filter(EvidenceSent.Columns.peer == peer).fetchAll(db) {
                if sent.through <= acked { delivered.insert(sent.hash) } else { inTransit.insert(sent.hash) }
            }
            return Outbox(waitingChanges: waiting, lastSentMs: lastSent, lastReceivedMs: row?.lastReceivedMs,
                          evidenceDelivered: delivered, evidenceInTransit: inTransit)
        }
    }

    /// The bytes of an evidence file this store holds; nil when it holds none under `hash`.
    public func evidence(_ hash: String) throws -> Data? {
        try read { db in
            try Data.fetchOne(db, EvidenceFile.select(EvidenceFile.Columns.data).filter(key: hash))
        }
    }
}
