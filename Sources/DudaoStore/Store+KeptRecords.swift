import DudaoKernel
import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The live records as last read, by the row that holds each, so that reading them all again
/// builds only the versions that changed since: the bureau reads every record for each snapshot.
/// Each unit's records are kept in the order `recordsByUnit` put them too, for a unit none of
/// whose records changed.
public final class KeptRecords: Sendable {
    private struct State {
        /// The rows read last, ascending, and the version each held: a record keeps its row
        /// through every new version.
        var rows: [Int64] = []
        var envelopes: [RecordEnvelope] = []
        /// Counts the changes of `rows`: what `sorted` was read from, and what a refresh compared with.
        var generation = 0
        /// Each unit's records as `recordsByUnit` returned them from the rows of `sortedGeneration`.
        var sorted: [String: [RecordEnvelope]] = [:]
        var sortedGeneration = -1
    }

    /// What a refresh found: the units with a record version not seen before, between the kept
    /// rows it compared with (`base`) and those it left (`current`; the same when nothing changed).
    struct Refreshed {
        var changed: Set<String> = []
        var base = -1
        var current = -2
    }

    private let state = Mutex(State())

    public init() {}

    /// Reads every live record in row order, handing each (kept or new) with the position of its
    /// unit among the units seen so far, and keeps what it read for next time. Returns the units
    /// with a record version not seen before. (A unit that only lost records has fewer of them.)
    func refresh(_ db: Database, _ each: (RecordEnvelope, Int) -> Void) throws -> Refreshed {
        let (rows, envelopes, base) = state.withLock { ($0.rows, $0.envelopes, $0.generation) }
        var kept: [(row: Int64, envelope: RecordEnvelope)] = []
        kept.reserveCapacity(rows.count)
        var fresh: [Int64] = []
        var units: [String: Int] = [:]
        // Rows come mostly unit by unit: the last unit's position is asked first.
        var last: (unit: String, position: Int)?
        func position(_ unit: String) -> Int {
            if let last, last.unit == unit { return last.position }
            let found = units[unit] ?? units.count
            if found == units.count { units[unit] = found }
            last = (unit, found)
            return found
        }
        let statement = try db.makeStatement(sql: "SELECT rowid, id, origin, seq FROM record WHERE deleted = 0 ORDER BY rowid")
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        func text(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: sqlite3_column_text(handle, column), count: Int(sqlite3_column_bytes(handle, column)))
        }
        // Both lists ascend by row: one pass over each finds the versions already here.
        var cursor = 0
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
            }
            let row = sqlite3_column_int64(handle, 0)
            while cursor < rows.count && rows[cursor] < row { cursor += 1 }
            if cursor < rows.count, rows[cursor] == row, case let envelope = envelopes[cursor],
               envelope.sequence == sqlite3_column_int64(handle, 3), envelope.origin.utf8.elementsEqual(text(2)),
               envelope.id.utf8.elementsEqual(text(1)) {
                kept.append((row, envelope))
                each(envelope, position(envelope.unit))
            } else {
                fresh.append(row)
            }
        }
        guard !fresh.isEmpty || kept.count != rows.count else { return Refreshed(base: base, current: base) }
        // The versions not seen before, read whole.
        var read: [(row: Int64, envelope: RecordEnvelope)] = []
        var changed = Set<String>()
        for start in stride(from: 0, to: fresh.count, by: 500) {
            let list = fresh[start..<min(start + 500, fresh.count)].map(String.init).joined(separator: ",")
            try Store.readEnvelopes(db, sql: "SELECT rowid, \(Store.recordColumns) FROM record WHERE rowid IN (\(list))", arguments: [],
                                    skipping: 1) { envelope, _, row in
                read.append((row, envelope))
                changed.insert(envelope.unit)
                each(envelope, position(envelope.unit))
            }
        }
        // Kept and read, merged in row order for the next pass.
        read.sort { $0.row < $1.row }
        var merged: (rows: [Int64], envelopes: [RecordEnvelope]) = ([], [])
        merged.rows.reserveCapacity(kept.count + read.count)
        merged.envelopes.reserveCapacity(kept.count + read.count)
        var (k, r) = (0, 0)
        while k < kept.count || r < read.count {
            let takeKept = r == read.count || (k < kept.count && kept[k].row < read[r].row)
            let next = takeKept ? kept[k] : read[r]
            if takeKept { k += 1 } else { r += 1 }
            merged.rows.append(next.row)
            merged.envelopes.append(next.envelope)
        }
        let current = state.withLock { state in
            (state.rows, state.envelopes) = (merged.rows, merged.envelopes)
            state.generation += 1
            return state.generation
        }
        return Refreshed(changed: changed, base: base, current: current)
    }

    /// Each unit's records as `recordsByUnit` returned them, and the rows' generation they came from.
    func sortedGroups() -> (groups: [String: [RecordEnvelope]], generation: Int) {
        state.withLock { ($0.sorted, $0.sortedGeneration) }
    }

    /// Keeps `groups`, `recordsByUnit`'s answer from the rows of `generation`, unless another
    /// snapshot has moved the rows on since (two snapshots may read at once).
    func keepSorted(_ groups: [String: [RecordEnvelope]], generation: Int) {
        state.withLock { state in
            guard state.generation == generation else { return }
            (state.sorted, state.sortedGeneration) = (groups, generation)
        }
    }
}
