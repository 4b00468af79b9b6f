import DudaoKernel
import Foundation
import GRDB

/// What `Store.check` found in a store: the answers a restore prints before it is trusted.
public struct StoreCheck: Sendable, Hashable {
    /// `PRAGMA integrity_check`'s answer: "ok" when the file is sound.
    public var integrity: String
    public var records: Int
    public var changes: Int
    public var evidenceFiles: Int
    /// Records whose current version is missing from the change log, or is not its newest entry.
    public var recordsOffLog: Int
    /// Change-log entries whose record is not in the record table.
    public var changesWithoutRecord: Int
    /// Evidence files whose bytes no longer hash to their name.
    public var damagedEvidence: Int
    /// Origins of which the change log holds a sequence beyond the knowledge the store claims.
    public var knowledgeBehindLog: Int
    /// The replicated state's digest (`Store.digest()`).
    public var digest: String

    /// Every check passed.
    public var passed: Bool {
        integrity == "ok" && recordsOffLog == 0 && changesWithoutRecord == 0 && damagedEvidence == 0 && knowledgeBehindLog == 0
    }

    /// What failed, one sentence each (empty when every check passed).
    public var failures: [LocalizedText] {
        var out: [LocalizedText] = []
        if integrity != "ok" {
            out.append(LocalizedText(zh: "SQLite 完整性检查未通过：\(integrity)", en: "SQLite's integrity check failed: \(integrity)"))
        }
        if recordsOffLog > 0 {
            out.append(LocalizedText(zh: "\(recordsOffLog) 条记录的当前版本与变更日志不符", en: "\(recordsOffLog) records disagree with the change log"))
        }
        if changesWithoutRecord > 0 {
            out.append(LocalizedText(zh: "变更日志中 \(changesWithoutRecord) 条变更找不到记录", en: "\(changesWithoutRecord) change-log entries have no record"))
        }
        if damagedEvidence > 0 {
            out.append(LocalizedText(zh: "\(damagedEvidence) 个证据文件与其哈希不符", en: "\(damagedEvidence) evidence files do not match their hash"))
        }
        if knowledgeBehindLog > 0 {
            out.append(LocalizedText(zh: "\(knowledgeBehindLog) 个来源节点的已知序号低于变更日志", en: "\(knowledgeBehindLog) origins have knowledge behind their change log"))
        }
        return out
    }
}

extension Store {
    /// Copies the database, as it stands at one moment, to a new SQLite file at `path` through
    /// SQLite's online backup API: one read transaction, so writers go on and the copy is a state
    /// the store really had. Returns the copy's digest, read from the copy itself.
    @discardableResult
    public func snapshot(to path: String) throws -> (digest: String, changes: Int) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw DudaoError("\(path) 已存在，未覆盖", "\(path) already exists; not overwritten")
        }
        do {
            let copy = try DatabaseQueue(path: path)
            try pool.backup(to: copy)
            try copy.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw StoreError.from(error, path: directory.path)
        }
        let check = try Self.quickFigures(databaseAt: path)
        return (check.digest, check.changes)
    }

    private static func quickFigures(databaseAt path: String) throws -> (digest: String, changes: Int) {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            (try digest(db, unit: nil), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log") ?? 0)
        }
    }

    /// Checks a store: SQLite's integrity check, every record's current version against the change
    /// log, every evidence file against its hash, knowledge against the log; and its digest.
    public func check() throws -> StoreCheck {
        try read { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
            let count = { (sql: String) in try Int.fetchOne(db, sql: sql) ?? 0 }
            // A record's version must be in the log under its (origin, seq), for this record; and no
            // logged version of the record may be newer by (HLC, origin): the merge keeps the newest.
            let missing = try count("""
                SELECT COUNT(*) FROM record r LEFT JOIN change_log c ON c.origin = r.origin AND c.seq = r.seq
                WHERE c.record_id IS NULL OR c.record_id != r.id OR c.deleted != r.deleted
                """)
            let superseded = try count("""
                SELECT COUNT(DISTINCT r.id) FROM change_log c JOIN record r ON r.id = c.record_id
                WHERE (c.hlc_wall, c.hlc_counter, c.origin) > (r.hlc_wall, r.hlc_counter, r.origin)
                """)
            let orphans = try count("SELECT COUNT(*) FROM change_log c LEFT JOIN record r ON r.id = c.record_id WHERE r.id IS NULL")
            var damaged = 0
            let evidence = try Row.fetchCursor(db, sql: "SELECT hash, data FROM evidence")
            var evidenceFiles = 0
            while let row = try evidence.next() {
                evidenceFiles += 1
                let hash: String = row[0]
                let data: Data = row[1] ?? Data()
                if Self.sha256(data) != hash { damaged += 1 }
            }
            let own = try MetaEntry.fetchOne(db, key: "node_id")?.value ?? ""
            let behind = try count("""
                SELECT COUNT(*) FROM (SELECT origin, MAX(seq) AS top FROM change_log GROUP BY origin) l
                LEFT JOIN knowledge k ON k.origin = l.origin
                WHERE l.origin != '\(own.replacingOccurrences(of: "'", with: "''"))' AND IFNULL(k.through, 0) < l.top
                """)
            return StoreCheck(integrity: integrity, records: try count("SELECT COUNT(*) FROM record"),
                              changes: try count("SELECT COUNT(*) FROM change_log"), evidenceFiles: evidenceFiles,
                              recordsOffLog: missing + superseded, changesWithoutRecord: orphans, damagedEvidence: damaged,
                              knowledgeBehindLog: behind, digest: try Self.digest(db, unit: nil))
        }
    }

    /// Gives this store a new node id, for a store brought back from a copy (a backup, or a unit's
    /// records restored from the bureau): the copy may be older than what its node already sent,
    /// and a change of the old node under a sequence number the peers already hold would pass for
    /// one they had and be lost. The old node becomes an origin like any other, known through its
    /// last sequence here; peers' acknowledgements of the old node's sequence no longer apply, so
    /// they start again from nothing (and evidence goes again). Returns the new node id.
    @discardableResult
    public static func renewNode(at directory: URL, environment: StoreEnvironment = .live, reason: String) throws -> String {
        let path = directory.appendingPathComponent(databaseFile).path
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration())
            defer { try? queue.close() }
            let node = environment.newID()
            try queue.write { db in
                guard let old = try MetaEntry.fetchOne(db, key: "node_id")?.value else {
                    throw StoreError(.notInitialised, path: directory.path, detail: "meta.node_id")
                }
                let top = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM change_log WHERE origin = ?", arguments: [old]) ?? 0
                if top > 0 { try learn(db, origin: old, through: top) }
                try MetaEntry(key: "node_id", value: node).save(db)
                let earlier = try MetaEntry.fetchOne(db, key: "previous_node_ids")?.value
                try MetaEntry(key: "previous_node_ids", value: [earlier, old].compactMap { $0 }.joined(separator: ",")).save(db)
                try db.execute(sql: "UPDATE peer SET acked = 0")
                try db.execute(sql: "DELETE FROM evidence_sent")
                try audit(db, node: node, at: environment.now(), actor: nil, action: "renew-node", subject: old, detail: reason)
            }
            return node
        } catch {
            throw StoreError.from(error, path: directory.path)
        }
    }
}
