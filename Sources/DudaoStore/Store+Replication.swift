import Crypto
import DudaoKernel
import Foundation
import GRDB
import GRDBSQLite

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
    static func knowledge(_ db: Database, own: String) throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT origin, through FROM knowledge") {
            let origin: String = row["origin"]
            let through: Int64 = row["through"]
            result[origin] = through
        }
        result[own] = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM change_log WHERE origin = ?", arguments: [own]) ?? 0
        return result
    }

    /// The highest sequence known from `origin` (this node's own when it is `own`).
    static func knowledge(_ db: Database, of origin: String, own: String) throws -> Int64 {
        if origin == own {
            return try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM change_log WHERE origin = ?"), arguments: [own]) ?? 0
        }
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT through FROM knowledge WHERE origin = ?"), arguments: [origin]) ?? 0
    }

    /// Raises the knowledge of `origin` to `through`.
    static func learn(_ db: Database, origin: String, through: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO knowledge (origin, through) VALUES (?, ?)
            ON CONFLICT(origin) DO UPDATE SET through = MAX(through, excluded.through)
            """).execute(arguments: [origin, through])
    }

    /// This node's records changed after sequence `after`, optionally only those about `unit`, in sequence order.
    static func ownChanges(_ db: Database, origin: String, after: Int64, unit: String?) throws -> [RecordEnvelope] {
        // The change log's key finds the node's changes after `after`; a record counts when the
        // change is its current version.
        let columns = recordColumns.split(separator: ",").map { "r." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")
        var sql = """
            SELECT \(columns) FROM change_log c JOIN record r ON r.id = c.record_id
            WHERE c.origin = ? AND c.seq > ? AND r.origin = c.origin AND r.seq = c.seq
            """
        var arguments: StatementArguments = [origin, after]
        if let unit {
            sql += " AND c.unit = ?"
            arguments += [unit]
        }
        return try fetchEnvelopes(db, sql: sql + " ORDER BY c.seq", arguments: arguments)
    }

    /// Merges a change from another node: skips what is already here, keeps the later (HLC, node)
    /// version of a record and logs the other as a conflict loser. The same set of changes gives
    /// the same records in any order.
    static func merge(_ change: RecordEnvelope, db: Database) throws -> MergeOutcome {
        try merge([change], db: db)[0]
    }

    /// Merges changes from other nodes in order, as `merge(_:db:)` does one by one, with one
    /// look-up of the sequences already here and prepared statements bound directly: the import
    /// of a bundle of a million changes spends its time in SQLite, not in building arguments.
    /// With `owners`, a change that would write a version of a record another writer created
    /// (`WritePolicy.mayOverwrite`) is refused: `RecordOwnerRefusal` is thrown and the caller's
    /// transaction rolls back.
    static func merge(_ changes: [RecordEnvelope], db: Database,
                      owners: (check: RecordOwners, writer: WritePolicy.Writer)? = nil) throws -> [MergeOutcome] {
        var owners = owners
        // Large merges: room in SQLite's page cache for the record indexes (the default is 2 MiB),
        // and a WAL checkpoint every 256 MiB rather than 4 MiB: the index and table pages a merge
        // appends to are written again by the next bundle, and a checkpoint copies each page once
        // however often the WAL holds it. (`importBundles` checkpoints when it is done.) Both are
        // settings of the writer connection, which keeps them.
        if changes.count >= 1000 { try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 65536") }
        var seen = try sequencesHeld(of: changes, db: db)
        let statements = try MergeStatements(db)
        var outcomes: [MergeOutcome] = []
        outcomes.reserveCapacity(changes.count)
        // A bundle's changes come in runs of one origin: its sequences are looked up once a run, not once a change.
        var runOrigin: String?
        var runSequences = Set<Int64>()
        for change in changes {
            if change.origin != runOrigin {
                if let runOrigin { seen[runOrigin] = runSequences }
                runSequences = seen.removeValue(forKey: change.origin) ?? []
                runOrigin = change.origin
            }
            guard runSequences.insert(change.sequence).inserted else {
                outcomes.append(.duplicate)
                continue
            }
            try statements.logChange(change)
            // Most changes are of records not here yet: the insert itself finds out.
            if try statements.insertIfNew(change) {
                outcomes.append(.applied)
                continue
            }
            guard let current = try statements.currentVersion(of: change.id) else {
                try statements.upsert(change)
                outcomes.append(.applied)
                continue
            }
            if let writer = owners?.writer,
               let refusal = try owners?.check.refusal(of: change, stored: (current.origin, current.type, current.unit), by: writer) {
                throw refusal
            }
            let wins = (change.hlc, change.origin) > (current.hlc, current.origin)
            if current.origin != change.origin, let stored = try fetchRecord(db, id: change.id) {
                try logConflict(loser: wins ? stored : change, winner: wins ? change : stored, db: db)
            }
            if wins { try statements.upsert(change) }
            outcomes.append(wins ? .applied : .lostConflict)
        }
        return outcomes
    }

    /// The sequences of each origin in `changes` that the change log already holds.
    static func sequencesHeld(of changes: [RecordEnvelope], db: Database) throws -> [String: Set<Int64>] {
        var bounds: [String: ClosedRange<Int64>] = [:]
        for change in changes {
            let range = bounds[change.origin] ?? change.sequence...change.sequence
            bounds[change.origin] = min(range.lowerBound, change.sequence)...max(range.upperBound, change.sequence)
        }
        var held: [String: Set<Int64>] = [:]
        for (origin, range) in bounds {
            let statement = try db.cachedStatement(sql: "SELECT seq FROM change_log WHERE origin = ? AND seq BETWEEN ? AND ?")
            held[origin] = Set(try Int64.fetchAll(statement, arguments: [origin, range.lowerBound, range.upperBound]))
        }
        return held
    }

    static func logConflict(loser: RecordEnvelope, winner: RecordEnvelope, db: Database) throws {
        try ConflictRow(id: nil, recordID: loser.id, loserOrigin: loser.origin, loserSeq: loser.sequence, loserHLC: loser.hlc.description,
                        loserBody: String(decoding: loser.body, as: UTF8.self), winnerOrigin: winner.origin,
                        winnerHLC: winner.hlc.description).insert(db)
    }

    /// Merges changes from other nodes in one transaction, as an import does, without a bundle's
    /// bookkeeping: for tests and benchmarks that build a store's contents directly.
    @discardableResult
    public func mergeChanges(_ changes: [RecordEnvelope]) throws -> [MergeOutcome] {
        try write { db in try Self.merge(changes, db: db) }
    }

    /// Moves this node's clock past a received timestamp, bounded so a skewed peer cannot drag it far.
    func receiveClock(_ remote: HLC, db: Database) throws {
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

    static func storeEvidence(hash: String, data: Data, db: Database) throws {
        try EvidenceFile(hash: hash, size: data.count, data: data).insert(db, onConflict: .ignore)
    }

    /// The evidence hashes this store holds, of those asked for.
    public func evidencePresent(_ hashes: [String]) throws -> Set<String> {
        try read { db in
            Set(try hashes.filter { try EvidenceFile.exists(db, key: $0) })
        }
    }

    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).hexString
    }

    /// A digest of the replicated state: every record version, tombstones included, in id order.
    /// Two nodes that hold the same changes print the same digest. Changes kept opaque (of a
    /// plugin this build lacks) count as the records they are, so a node without a plugin and a
    /// node with it agree.
    public func digest(unit: String? = nil) throws -> String {
        try read { db in try Self.digest(db, unit: unit) }
    }

    /// `digest(unit:)` read in a transaction the caller holds.
    static func digest(_ db: Database, unit: String?) throws -> String {
        var hasher = SHA256()
        func add(_ record: RecordEnvelope) {
            let line = [record.id, record.unit, record.type, record.author ?? "", record.hlc.description, record.origin,
                        String(record.sequence), record.deleted ? "1" : "0", record.evidence.joined(separator: ",")]
                .joined(separator: "\u{1F}")
            hasher.update(data: Data(line.utf8))
            hasher.update(data: record.body)
            hasher.update(data: Data([0x1E]))
        }
        // The opaque versions, in the same id order, interleave with the records' (the later wins an id both hold).
        var opaque = try Self.opaqueVersions(db, unit: unit)[...]
        let sql = "SELECT \(Self.recordColumns) FROM record" + (unit == nil ? "" : " WHERE unit = ?") + " ORDER BY id"
        try Self.readEnvelopes(db, sql: sql, arguments: unit.map { [$0] } ?? []) { record, _ in
            while let next = opaque.first, next.id.utf8.lexicographicallyPrecedes(record.id.utf8) { add(opaque.removeFirst()) }
            if let next = opaque.first, next.id == record.id {
                opaque.removeFirst()
                add((next.hlc, next.origin) > (record.hlc, record.origin) ? next : record)
            } else {
                add(record)
            }
        }
        opaque.forEach(add)
        return hasher.finalize().hexString
    }
}

/// The statements of merging a change, bound and stepped through the SQLite C API. They are
/// GRDB's cached statements, shared with `upsert` and `logChange`, so GRDB owns and finalises them;
/// each use resets first (GRDB leaves a statement it ran un-reset, and SQLite ignores binds then).
struct MergeStatements {
    let db: Database
    let current: Statement
    let fresh: Statement
    let record: Statement
    let log: Statement

    init(_ db: Database) throws {
        self.db = db
        current = try db.cachedStatement(sql: "SELECT hlc_wall, hlc_counter, origin, type, unit FROM record WHERE id = ?")
        fresh = try db.cachedStatement(sql: """
            INSERT INTO record (id, unit, type, body, author, hlc_wall, hlc_counter, origin, seq, deleted, evidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING
            """)
        record = try db.cachedStatement(sql: """
            INSERT INTO record (id, unit, type, body, author, hlc_wall, hlc_counter, origin, seq, deleted, evidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET unit = excluded.unit, type = excluded.type, body = excluded.body,
                author = excluded.author, hlc_wall = excluded.hlc_wall, hlc_counter = excluded.hlc_counter,
                origin = excluded.origin, seq = excluded.seq, deleted = excluded.deleted, evidence = excluded.evidence
            """)
        log = try db.cachedStatement(sql: """
            INSERT INTO change_log (origin, seq, hlc_wall, hlc_counter, record_id, unit, type, deleted)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// The (HLC, origin), type and unit of the stored version of record `id`, if there is one.
    func currentVersion(of id: String) throws -> (hlc: HLC, origin: String, type: String, unit: String)? {
        let handle = current.sqliteStatement
        sqlite3_reset(handle)
        defer { sqlite3_reset(handle) }
        bind(handle, 1, id)
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            func text(_ column: Int32) -> String { sqlite3_column_text(handle, column).map { String(cString: $0) } ?? "" }
            return (HLC(wall: sqlite3_column_int64(handle, 0), counter: Int32(truncatingIfNeeded: sqlite3_column_int64(handle, 1))),
                    text(2), text(3), text(4))
        case SQLITE_DONE:
            return nil
        case let code:
            throw error(code, current)
        }
    }

    /// Writes `change` if no version of its record is here; false if one is.
    func insertIfNew(_ change: RecordEnvelope) throws -> Bool {
        try bindRecord(change, fresh)
        try run(fresh)
        return sqlite3_changes(db.sqliteConnection) == 1
    }

    /// Writes `change` as the record's current version.
    func upsert(_ change: RecordEnvelope) throws {
        try bindRecord(change, record)
        try run(record)
    }

    private func bindRecord(_ change: RecordEnvelope, _ statement: Statement) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        bind(handle, 1, change.id)
        bind(handle, 2, change.unit)
        bind(handle, 3, change.type)
        change.body.withUnsafeBytes { bind(handle, 4, $0) }
        if let author = change.author { bind(handle, 5, author) } else { sqlite3_bind_null(handle, 5) }
        sqlite3_bind_int64(handle, 6, change.hlc.wall)
        sqlite3_bind_int64(handle, 7, Int64(change.hlc.counter))
        bind(handle, 8, change.origin)
        sqlite3_bind_int64(handle, 9, change.sequence)
        sqlite3_bind_int64(handle, 10, change.deleted ? 1 : 0)
        bind(handle, 11, change.evidence.isEmpty ? "[]" : String(decoding: try JSONEncoder().encode(change.evidence), as: UTF8.self))
    }

    /// Appends `change` to the change log.
    func logChange(_ change: RecordEnvelope) throws {
        let handle = log.sqliteStatement
        sqlite3_reset(handle)
        bind(handle, 1, change.origin)
        sqlite3_bind_int64(handle, 2, change.sequence)
        sqlite3_bind_int64(handle, 3, change.hlc.wall)
        sqlite3_bind_int64(handle, 4, Int64(change.hlc.counter))
        bind(handle, 5, change.id)
        bind(handle, 6, change.unit)
        bind(handle, 7, change.type)
        sqlite3_bind_int64(handle, 8, change.deleted ? 1 : 0)
        try run(log)
    }

    private func run(_ statement: Statement) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error(code, statement) }
    }

    private func error(_ code: Int32, _ statement: Statement) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) },
                      sql: statement.sql)
    }

    private func bind(_ handle: OpaquePointer, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bind(handle, index, UnsafeRawBufferPointer($0)) }
    }

    /// Binds UTF-8 bytes as text; SQLite copies them (SQLITE_TRANSIENT) before the call returns.
    private func bind(_ handle: OpaquePointer, _ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        if let base = bytes.baseAddress, !bytes.isEmpty {
            sqlite3_bind_text(handle, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
        } else {
            sqlite3_bind_text(handle, index, "", 0, transient)
        }
    }
}
