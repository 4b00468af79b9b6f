import DudaoKernel
import Foundation
import GRDB
import GRDBSQLite

extension Store {
    /// The yardstick a merge is measured against (`dudao-bench sync`): the rows of `batches`
    /// batches inserted into `record` (same schema, same indexes) in one transaction through one
    /// prepared statement bound with the SQLite C API — no check, no change log, no conflict
    /// handling. `batch` hands batch `index`'s changes (its time is the caller's to subtract).
    /// Returns the rows inserted.
    public func rawInsertReference(batches: Int, _ batch: @escaping @Sendable (Int) throws -> [RecordEnvelope]) throws -> Int {
        try write { db -> Int in
            let statement = try db.makeStatement(sql: """
                INSERT INTO record (id, unit, type, body, author, hlc_wall, hlc_counter, origin, seq, deleted, evidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let handle = statement.sqliteStatement
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            func bindText(_ index: Int32, _ text: String) {
                var text = text
                text.withUTF8 { bytes in
                    _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                                          Int32(bytes.count), transient)
                }
            }
            var rows = 0
            for index in 0..<batches {
                for change in try batch(index) {
                    bindText(1, change.id)
                    bindText(2, change.unit)
                    bindText(3, change.type)
                    change.body.withUnsafeBytes { body in
                        _ = sqlite3_bind_text(handle, 4, body.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(body.count), transient)
                    }
                    if let author = change.author { bindText(5, author) } else { sqlite3_bind_null(handle, 5) }
                    sqlite3_bind_int64(handle, 6, change.hlc.wall)
                    sqlite3_bind_int64(handle, 7, Int64(change.hlc.counter))
                    bindText(8, change.origin)
                    sqlite3_bind_int64(handle, 9, change.sequence)
                    sqlite3_bind_int64(handle, 10, change.deleted ? 1 : 0)
                    bindText(11, "[" + change.evidence.map { "\"\($0)\"" }.joined(separator: ",") + "]")
                    guard sqlite3_step(handle) == SQLITE_DONE else { throw DudaoError("插入失败", "insert failed") }
                    sqlite3_reset(handle)
                    rows += 1
                }
            }
            return rows
        }
    }
}
