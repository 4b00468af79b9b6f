import Crypto
import DudaoKernel
import Foundation
import GRDB

/// What happened to one change received from another node.
public enum MergeOutcome: Sendable, Hashable {
    /// New, and now the record's current version.
    case applied
    /// Already here (same origin and sequence): nothing changed.
    case duplicate
    /// New, but a concurrent version with a later (HLC, node) wins; kept in the conflict log.
    case lostConflict
}

/// The primitives sync builds on: knowledge, outgoing changes, merging incoming ones, evidence, the digest.
extension Store {
    /// The highest sequence known from each origin, this node's own included.
    public static func knowledge(_ db: Database, own: String) throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT origin, through FROM knowledge") {
            let origin: String = row["origin"]
            let through: Int64 = row["through"]
            result[origin] = through
        }
        result[own] = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM change_log WHERE origin = ?", arguments: [own]) ?? 0
        return result
    }

    /// Raises the knowledge of `origin` to `through`.
    public static func learn(_ db: Database, origin: String, through: Int64) throws {
        try db.execute(sql: """
            INSERT INTO knowledge (origin, through) VALUES (?, ?)
            ON CONFLICT(origin) DO UPDATE SET through = MAX(through, excluded.through)
            """, arguments: [origin, through])
    }

    /// This node's records changed after sequence `after`, optionally only those about `unit`, in sequence order.
    public static func ownChanges(_ db: Database, origin: String, after: Int64, unit: String?) throws -> [RecordEnvelope] {
        var sql = "SELECT \(recordColumns) FROM record WHERE origin = ? AND seq > ?"
        var arguments: StatementArguments = [origin, after]
        if let unit {
            sql += " AND unit = ?"
            arguments += [unit]
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY seq", arguments: arguments).map(envelope)
    }

    /// Merges a change from another node: skips what is already here, keeps the later (HLC, node)
    /// version of a record and logs the other as a conflict loser. The same set of changes gives
    /// the same records in any order.
    public static func merge(_ change: RecordEnvelope, db: Database) throws -> MergeOutcome {
        let seen = try Bool.fetchOne(db, sql: "SELECT 1 FROM change_log WHERE origin = ? AND seq = ?",
                                     arguments: [change.origin, change.sequence]) ?? false
        if seen { return .duplicate }
        try logChange(change, db: db)
        guard let current = try fetchRecord(db, id: change.id) else {
            try upsert(change, db: db)
            return .applied
        }
        if change.supersedes(current) {
            if current.origin != change.origin { try logConflict(loser: current, winner: change, db: db) }
            try upsert(change, db: db)
            return .applied
        }
        if current.origin != change.origin { try logConflict(loser: change, winner: current, db: db) }
        return .lostConflict
    }

    static func logConflict(loser: RecordEnvelope, winner: RecordEnvelope, db: Database) throws {
        try db.execute(sql: """
            INSERT OR IGNORE INTO conflict (record_id, loser_origin, loser_seq, loser_hlc, loser_body, winner_origin, winner_hlc)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [loser.id, loser.origin, loser.sequence, loser.hlc.description,
                             String(decoding: loser.body, as: UTF8.self), winner.origin, winner.hlc.description])
    }

    /// Moves this node's clock past a received timestamp, bounded so a skewed peer cannot drag it far.
    public func receiveClock(_ remote: HLC, db: Database) throws {
        let next = HLCClock().receive(remote, after: try Self.lastHLC(db), now: environment.now())
        try Self.saveHLC(next, db: db)
    }

    /// Stores an evidence file under its SHA-256; returns the hash. Storing it twice changes nothing.
    @discardableResult
    public func addEvidence(_ data: Data) throws -> String {
        let hash = Self.sha256(data)
        try write { db in try Self.storeEvidence(hash: hash, data: data, db: db) }
        return hash
    }

    public static func storeEvidence(hash: String, data: Data, db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO evidence (hash, size, data) VALUES (?, ?, ?)",
                       arguments: [hash, data.count, data])
    }

    /// The evidence hashes this store holds, of those asked for.
    public func evidencePresent(_ hashes: [String]) throws -> Set<String> {
        try read { db in
            Set(try hashes.filter { try Bool.fetchOne(db, sql: "SELECT 1 FROM evidence WHERE hash = ?", arguments: [$0]) ?? false })
        }
    }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// A digest of the replicated state: every record version, tombstones included, in id order.
    /// Two nodes that hold the same changes print the same digest.
    public func digest(unit: String? = nil) throws -> String {
        try read { db in
            var hasher = SHA256()
            let sql = "SELECT \(Self.recordColumns) FROM record" + (unit == nil ? "" : " WHERE unit = ?") + " ORDER BY id"
            let rows = try Row.fetchCursor(db, sql: sql, arguments: unit.map { [$0] } ?? [])
            while let row = try rows.next() {
                let record = Self.envelope(row)
                let line = [record.id, record.unit, record.type, record.author ?? "", record.hlc.description, record.origin,
                            String(record.sequence), record.deleted ? "1" : "0", record.evidence.joined(separator: ",")]
                    .joined(separator: "\u{1F}")
                hasher.update(data: Data(line.utf8))
                hasher.update(data: record.body)
                hasher.update(data: Data([0x1E]))
            }
            return hasher.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }
}
