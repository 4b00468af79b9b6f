import DudaoKernel
import Foundation
import Synchronization
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
            if let refusal = WritePolicy.mayWrite(type: type, unit: record.unit, by: identity.writer) { throw refusal }
            if record.type == LedgerTransition.recordType, let transition = try? RecordCoding.decoder.decode(LedgerTransition.self, from: record.body),
               let refusal = WritePolicy.mayRecord(transition, for: record.unit, by: identity.writer, in: campaign) {
                throw refusal
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
            // A tombstone is a write of its record's type (its creator is checked with the version it writes).
            if let type = self.registry.recordType(current.type),
               let refusal = WritePolicy.mayWrite(type: type, unit: current.unit, by: self.identity.writer) {
                throw refusal
            }
            // The ledger items the record raised go with it.
            let derived = try Self.fetchEnvelopes(db, sql: "SELECT \(Self.recordColumns) FROM record WHERE id LIKE ? AND type = ? AND deleted = 0",
                                                  arguments: [id + "#p%", LedgerItem.recordType])
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
        var owners = try RecordOwners(db, identity: identity, registry: registry)
        for record in records {
            clock = HLCClock().tick(after: clock, now: now)
            let current = try record.id.flatMap { try Self.fetchRecord(db, id: $0) }
            // An edit must win over the version it replaces, even one stamped by a peer whose clock ran ahead.
            if let current, current.hlc >= clock {
                clock = HLC(wall: current.hlc.wall, counter: current.hlc.counter + 1)
            }
            sequence += 1
            let envelope = RecordEnvelope(id: record.id ?? newRecordID(), unit: record.unit, type: record.type,
                                          body: record.body, author: record.author, hlc: clock, origin: identity.nodeID,
                                          sequence: sequence, deleted: deleting, evidence: record.evidence)
            // Only the record's creator writes it again: the same rule, and words, as an import's.
            if let current,
               let refusal = try owners.refusal(of: envelope, stored: (current.origin, current.type, current.unit), by: identity.writer) {
                throw refusal.refusal
            }
            try Self.upsert(envelope, db: db)
            try Self.logChange(envelope, db: db)
            try Self.audit(db, node: identity.nodeID, at: now, actor: actor ?? record.author,
                           action: deleting ? "delete" : "write", subject: envelope.id, detail: envelope.type)
            stored.append(envelope)
        }
        try Self.saveHLC(clock, db: db)
        return stored
    }

    /// The node's hybrid logical clock as last moved: the one reader of `meta.hlc`.
    static func lastHLC(_ db: Database) throws -> HLC {
        guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'hlc'")) else { return .zero }
        let parts = text.split(separator: ".")
        return HLC(wall: Int64(parts.first ?? "0") ?? 0, counter: Int32(parts.last ?? "0") ?? 0)
    }

    /// The one writer of `meta.hlc`.
    static func saveHLC(_ hlc: HLC, db: Database) throws {
        // Prepared once per connection: every import and every local write moves the clock.
        try db.cachedStatement(sql: "INSERT INTO meta (key, value) VALUES ('hlc', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .execute(arguments: [hlc.description])
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

    /// Reads envelopes of a query selecting `recordColumns` through the SQLite C API: the bureau
    /// reads every record for each snapshot, and GRDB's row-by-name access costs more than SQLite.
    static func fetchEnvelopes(_ db: Database, sql: String, arguments: StatementArguments) throws -> [RecordEnvelope] {
        var envelopes: [RecordEnvelope] = []
        try readEnvelopes(db, sql: sql, arguments: arguments) { envelope, _ in envelopes.append(envelope) }
        return envelopes
    }

    /// Steps a query selecting `recordColumns`, handing each envelope and the position of its unit
    /// among the distinct units seen so far. Units, types, origins and authors repeat across
    /// thousands of rows: each distinct value is made into a `String` once and shared.
    static func readEnvelopes(_ db: Database, sql: String, arguments: StatementArguments,
                              _ each: (RecordEnvelope, Int) -> Void) throws {
        try readEnvelopes(db, sql: sql, arguments: arguments, skipping: 0) { envelope, unit, _ in each(envelope, unit) }
    }

    /// As above, for a query whose first `skipping` columns come before `recordColumns`; the first
    /// of them, an integer (a rowid), is handed along.
    static func readEnvelopes(_ db: Database, sql: String, arguments: StatementArguments, skipping: Int32,
                              _ each: (RecordEnvelope, Int, Int64) -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: sqlite3_column_text(handle, column), count: Int(sqlite3_column_bytes(handle, column)))
        }
        func text(_ column: Int32) -> String { String(decoding: bytes(column), as: UTF8.self) }
        var shared: [Int: [(text: String, position: Int)]] = [:]
        var units = 0
        func sharedText(_ column: Int32, counting: Bool = false) -> (String, Int) {
            let raw = bytes(column)
            var hasher = Hasher()
            hasher.combine(column)
            hasher.combine(bytes: UnsafeRawBufferPointer(raw))
            let key = hasher.finalize()
            if let known = shared[key]?.first(where: { $0.text.utf8.elementsEqual(raw) }) { return (known.text, known.position) }
            let made = String(decoding: raw, as: UTF8.self)
            let position = counting ? units : 0
            if counting { units += 1 }
            shared[key, default: []].append((made, position))
            return (made, position)
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            let k = skipping  // the record's columns start here
            let bodyCount = Int(sqlite3_column_bytes(handle, k + 3))
            let body = sqlite3_column_blob(handle, k + 3).map { Data(bytes: $0, count: bodyCount) } ?? Data()
            let evidenceText = text(k + 10)
            let evidence = evidenceText == "[]" ? [] : (try? JSONDecoder().decode([String].self, from: Data(evidenceText.utf8))) ?? []
            let (unit, unitPosition) = sharedText(k + 1, counting: true)
            each(RecordEnvelope(
                id: text(k), unit: unit, type: sharedText(k + 2).0, body: body,
                author: sqlite3_column_type(handle, k + 4) == SQLITE_NULL ? nil : sharedText(k + 4).0,
                hlc: HLC(wall: sqlite3_column_int64(handle, k + 5), counter: Int32(truncatingIfNeeded: sqlite3_column_int64(handle, k + 6))),
                origin: sharedText(k + 7).0, sequence: sqlite3_column_int64(handle, k + 8), deleted: sqlite3_column_int64(handle, k + 9) != 0,
                evidence: evidence), unitPosition, k > 0 ? sqlite3_column_int64(handle, 0) : 0)
        }
    }

    /// Every live record, grouped by unit, each group in the order `records()` gives: what the
    /// bureau's snapshot reads. With `kept`, a record version read before is taken from there
    /// rather than built again, body and all.
    public func recordsByUnit(reusing kept: KeptRecords? = nil) async throws -> [String: [RecordEnvelope]] {
        // Read in the table's order, sorted unit by unit in a task group: SQLite would sort the
        // whole table, bodies and all, through one sorter.
        let (groups, refreshed) = try read { db in
            var groups: [[RecordEnvelope]] = []
            func add(_ envelope: RecordEnvelope, _ unit: Int) {
                if unit == groups.count { groups.append([]) }
                groups[unit].append(envelope)
            }
            guard let kept else {
                try Self.readEnvelopes(db, sql: "SELECT \(Self.recordColumns) FROM record WHERE deleted = 0", arguments: [], add)
                return (groups, KeptRecords.Refreshed())
            }
            let refreshed = try kept.refresh(db, add)
            return (groups, refreshed)
        }
        // A unit none of whose records changed since the rows its sorted records came from, and
        // that lost none, keeps them in the order found then.
        let previous = kept?.sortedGroups() ?? (groups: [:], generation: -1)
        let sorted = await withTaskGroup(of: [RecordEnvelope].self) { tasks in
            for group in groups {
                tasks.addTask {
                    if let earlier = previous.groups[group[0].unit], earlier.count == group.count,
                       previous.generation == refreshed.current
                        || (previous.generation == refreshed.base && !refreshed.changed.contains(group[0].unit)) {
                        return earlier
                    }
                    func before(_ a: RecordEnvelope, _ b: RecordEnvelope) -> Bool {
                        a.hlc != b.hlc ? a.hlc < b.hlc : a.origin != b.origin ? a.origin < b.origin : a.id < b.id
                    }
                    // A unit's records are mostly stored in the order they were written: sort only when not.
                    if zip(group, group.dropFirst()).contains(where: { !before($0, $1) }) { return group.sorted(by: before) }
                    return group
                }
            }
            var sorted: [String: [RecordEnvelope]] = [:]
            for await group in tasks { sorted[group[0].unit] = group }
            return sorted
        }
        kept?.keepSorted(sorted, generation: refreshed.current)
        return sorted
    }

    static func fetchRecord(_ db: Database, id: String) throws -> RecordEnvelope? {
        try fetchEnvelopes(db, sql: "SELECT \(recordColumns) FROM record WHERE id = ?", arguments: [id]).first
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
