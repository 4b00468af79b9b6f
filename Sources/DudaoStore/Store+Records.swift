import DudaoKernel
import Foundation
import GRDB
import GRDBSQLite

/// A record a local writer wants stored; the store gives it its id, HLC and sequence.
public struct NewRecord: Sendable {
    public var id: String?
    public var unit: String
    public var type: String
    public var body: Data
    public var author: String?
    public var evidence: [String]

    public init(id: String? = nil, unit: String, type: String, body: Data, author: String? = nil, evidence: [String] = []) {
        self.id = id
        self.unit = unit
        self.type = type
        self.body = body
        self.author = author
        self.evidence = evidence
    }

    public init<B: RecordBody>(_ body: B, unit: String, id: String? = nil, author: String? = nil) throws {
        self.init(id: id, unit: unit, type: B.recordType, body: try RecordCoding.encode(body), author: author)
    }
}

extension Store {
    /// Validates and appends `records` in one transaction, with the ledger items their bodies
    /// raise (R3); all or nothing. Returns the stored envelopes, derived ledger items last.
    @discardableResult
    public func append(_ records: [NewRecord], actor: String? = nil, location: String? = nil) throws -> [RecordEnvelope] {
        var prepared: [NewRecord] = []
        for record in records {
            guard let type = registry.recordType(record.type) else {
                throw UnknownRecordType(type: record.type, known: registry.recordTypes.map(\.id))
            }
            guard let unit = campaign.unit(record.unit) else {
                throw DudaoError("未知单位“\(record.unit)”", "unknown unit '\(record.unit)'")
            }
            if let own = identity.unit, own != record.unit {
                throw DudaoError("本节点只能为单位 \(own) 记录，不能写入单位 \(record.unit) 的记录",
                                 "this node records for unit \(own) only, not for \(record.unit)")
            }
            if !type.writers.allows(bureau: identity.isBureau) {
                throw DudaoError("记录类型 \(type.id) 只能由\(identity.isBureau ? "被督导单位" : "教育局")填写",
                                 "record type \(type.id) is written by the \(identity.isBureau ? "units" : "bureau") only")
            }
            for (index, hash) in record.evidence.enumerated()
            where hash.count != 64 || !hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
                throw RecordValidationError(recordType: record.type, location: location ?? record.id, issues: [ValidationIssue(
                    path: "evidence[\(index)]", reason: LocalizedText(zh: "“\(hash)”不是 SHA-256 哈希（64 位小写十六进制）",
                                                                    en: "'\(hash)' is not a SHA-256 hash (64 lower-case hex digits)"))])
            }
            switch type.validate(record.body, campaign: campaign, unit: unit) {
            case .failure(var error):
                error.location = location ?? record.id
                throw error
            case .success(let canonical):
                var stored = record
                stored.body = canonical
                stored.id = record.id ?? newRecordID()
                prepared.append(stored)
                // Derived items get ids from their source, so editing the source updates them in place.
                for (index, problem) in type.ledgerProblems(canonical, recordID: stored.id!, unit: record.unit).enumerated() {
                    prepared.append(NewRecord(id: Self.derivedItemID(stored.id!, index), unit: record.unit,
                                              type: LedgerItem.recordType, body: try RecordCoding.encode(problem), author: record.author))
                }
            }
        }
        let batch = prepared
        return try write { db in try self.appendLocal(batch, actor: actor, db: db) }
    }

    /// Marks a record deleted: a tombstone that keeps its id and travels like any change.
    @discardableResult
    public func delete(id: String, actor: String? = nil) throws -> RecordEnvelope {
        try write { db in
            guard let current = try Self.fetchRecord(db, id: id), !current.deleted else {
                throw DudaoError("没有编号为 \(id) 的记录", "no record with id \(id)")
            }
            if let own = self.identity.unit, own != current.unit {
                throw DudaoError("本节点不能删除其他单位的记录 \(id)", "this node cannot delete another unit's record \(id)")
            }
            // The ledger items the record raised go with it.
            let derived = try Row.fetchAll(db, sql: "SELECT \(Self.recordColumns) FROM record WHERE id LIKE ? AND type = ? AND deleted = 0",
                                           arguments: [id + "#p%", LedgerItem.recordType]).map(Self.envelope)
            let tombstones = ([current] + derived).map {
                NewRecord(id: $0.id, unit: $0.unit, type: $0.type, body: $0.body, author: actor)
            }
            return try self.appendLocal(tombstones, actor: actor, db: db, deleting: true)[0]
        }
    }

    /// A fresh record id: a short tag of this node, then a fresh (time-ordered, when live) id.
    /// A bundle's records are then neighbours in the id index wherever they merge, so a merge
    /// writes a few index pages per bundle instead of one page per record.
    public func newRecordID() -> String {
        "\(identity.nodeID.suffix(8))-\(environment.newID())"
    }

    /// The id of the `index`th ledger item raised by record `source`.
    public static func derivedItemID(_ source: String, _ index: Int) -> String { "\(source)#p\(index + 1)" }

    /// Writes already validated records as local changes: next HLC, next sequence, change log, audit.
    func appendLocal(_ records: [NewRecord], actor: String?, db: Database, deleting: Bool = false) throws -> [RecordEnvelope] {
        let now = environment.now()
        var clock = try Self.lastHLC(db)
        var sequence = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM change_log WHERE origin = ?",
                                          arguments: [identity.nodeID]) ?? 0
        var stored: [RecordEnvelope] = []
        for record in records {
            clock = HLCClock().tick(after: clock, now: now)
            // An edit must win over the version it replaces, even one stamped by a peer whose clock ran ahead.
            if let id = record.id, let current = try Self.fetchRecord(db, id: id), current.hlc >= clock {
                clock = HLC(wall: current.hlc.wall, counter: current.hlc.counter + 1)
            }
            sequence += 1
            let envelope = RecordEnvelope(id: record.id ?? newRecordID(), unit: record.unit, type: record.type,
                                          body: record.body, author: record.author, hlc: clock, origin: identity.nodeID,
                                          sequence: sequence, deleted: deleting, evidence: record.evidence)
            try Self.upsert(envelope, db: db)
            try Self.logChange(envelope, db: db)
            try Self.audit(db, node: identity.nodeID, at: now, actor: actor ?? record.author,
                           action: deleting ? "delete" : "write", subject: envelope.id, detail: envelope.type)
            stored.append(envelope)
        }
        try Self.saveHLC(clock, db: db)
        return stored
    }

    static func lastHLC(_ db: Database) throws -> HLC {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'hlc'") else { return .zero }
        let parts = text.split(separator: ".")
        return HLC(wall: Int64(parts.first ?? "0") ?? 0, counter: Int32(parts.last ?? "0") ?? 0)
    }

    static func saveHLC(_ hlc: HLC, db: Database) throws {
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('hlc', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [hlc.description])
    }

    static func upsert(_ envelope: RecordEnvelope, db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO record (id, unit, type, body, author, hlc_wall, hlc_counter, origin, seq, deleted, evidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET unit = excluded.unit, type = excluded.type, body = excluded.body,
                author = excluded.author, hlc_wall = excluded.hlc_wall, hlc_counter = excluded.hlc_counter,
                origin = excluded.origin, seq = excluded.seq, deleted = excluded.deleted, evidence = excluded.evidence
            """)
        try statement.execute(arguments: [
            envelope.id, envelope.unit, envelope.type, String(decoding: envelope.body, as: UTF8.self), envelope.author,
            envelope.hlc.wall, envelope.hlc.counter, envelope.origin, envelope.sequence, envelope.deleted,
            String(decoding: try JSONEncoder().encode(envelope.evidence), as: UTF8.self),
        ])
    }

    static func logChange(_ envelope: RecordEnvelope, db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO change_log (origin, seq, hlc_wall, hlc_counter, record_id, unit, type, deleted)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [envelope.origin, envelope.sequence, envelope.hlc.wall, envelope.hlc.counter,
                                          envelope.id, envelope.unit, envelope.type, envelope.deleted])
    }

    static let recordColumns = "id, unit, type, body, author, hlc_wall, hlc_counter, origin, seq, deleted, evidence"

    static func envelope(_ row: Row) -> RecordEnvelope {
        let evidence = (try? JSONDecoder().decode([String].self, from: Data(String(row["evidence"]).utf8))) ?? []
        return RecordEnvelope(id: row["id"], unit: row["unit"], type: row["type"], body: Data(String(row["body"]).utf8),
                              author: row["author"], hlc: HLC(wall: row["hlc_wall"], counter: row["hlc_counter"]),
                              origin: row["origin"], sequence: row["seq"], deleted: row["deleted"], evidence: evidence)
    }

    /// Reads envelopes of a query selecting `recordColumns` through the SQLite C API: the bureau
    /// reads every record for each snapshot, and GRDB's row-by-name access costs more than SQLite.
    static func fetchEnvelopes(_ db: Database, sql: String, arguments: StatementArguments) throws -> [RecordEnvelope] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        func text(_ column: Int32) -> String {
            guard let bytes = sqlite3_column_text(handle, column) else { return "" }
            let count = Int(sqlite3_column_bytes(handle, column))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
        var envelopes: [RecordEnvelope] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            let bodyCount = Int(sqlite3_column_bytes(handle, 3))
            let body = sqlite3_column_blob(handle, 3).map { Data(bytes: $0, count: bodyCount) } ?? Data()
            let evidenceText = text(10)
            let evidence = evidenceText == "[]" ? [] : (try? JSONDecoder().decode([String].self, from: Data(evidenceText.utf8))) ?? []
            envelopes.append(RecordEnvelope(
                id: text(0), unit: text(1), type: text(2), body: body,
                author: sqlite3_column_type(handle, 4) == SQLITE_NULL ? nil : text(4),
                hlc: HLC(wall: sqlite3_column_int64(handle, 5), counter: Int32(truncatingIfNeeded: sqlite3_column_int64(handle, 6))),
                origin: text(7), sequence: sqlite3_column_int64(handle, 8), deleted: sqlite3_column_int64(handle, 9) != 0,
                evidence: evidence))
        }
        return envelopes
    }

    static func fetchRecord(_ db: Database, id: String) throws -> RecordEnvelope? {
        try Row.fetchOne(db, sql: "SELECT \(recordColumns) FROM record WHERE id = ?", arguments: [id]).map(envelope)
    }

    /// The records, optionally of one unit and one type; tombstones only when asked.
    public func records(unit: String? = nil, type: String? = nil, includeDeleted: Bool = false) throws -> [RecordEnvelope] {
        try read { db in
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let unit { clauses.append("unit = ?"); arguments += [unit] }
            if let type { clauses.append("type = ?"); arguments += [type] }
            if !includeDeleted { clauses.append("deleted = 0") }
            let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try Self.fetchEnvelopes(db, sql: "SELECT \(Self.recordColumns) FROM record \(filter) ORDER BY hlc_wall, hlc_counter, origin",
                                           arguments: arguments)
        }
    }

    /// One record by id, tombstone or not.
    public func record(id: String) throws -> RecordEnvelope? {
        try read { db in try Self.fetchRecord(db, id: id) }
    }

    /// The change log as (origin, sequence, HLC, record id), in order of origin and sequence.
    public func changeLog() throws -> [(origin: String, sequence: Int64, hlc: HLC, record: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT origin, seq, hlc_wall, hlc_counter, record_id FROM change_log ORDER BY origin, seq").map {
                (origin: $0["origin"], sequence: $0["seq"], hlc: HLC(wall: $0["hlc_wall"], counter: $0["hlc_counter"]), record: $0["record_id"])
            }
        }
    }

    /// The audit trail, oldest first.
    public func auditTrail() throws -> [(at: Int64, node: String, actor: String?, action: String, subject: String?)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT at_ms, node, actor, action, subject FROM audit ORDER BY id").map {
                (at: $0["at_ms"], node: $0["node"], actor: $0["actor"], action: $0["action"], subject: $0["subject"])
            }
        }
    }
}
