import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import GRDB
import GRDBSQLite

/// Time, memory and the two references the merge is held against: `gzip -6` and raw SQLite inserts.
enum BenchMeasure {
    /// Seconds `body` takes, with its result.
    static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let result = try body()
        return (result, seconds(ContinuousClock.now - start))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The peak resident set of the whole process so far (getrusage), in MiB.
    static var lifetimePeakMiB: Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// User plus system CPU seconds of the whole process so far.
    static var cpuSeconds: Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        return user + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// A field of /proc/self/status in MiB (`VmRSS`, `VmHWM`), or nil off Linux.
    static func status(_ field: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }

    /// Resets the kernel's peak-RSS mark (`VmHWM`), so a phase's own peak can be read after it.
    /// Returns false where that is not possible.
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// The size of `data` compressed by the system's `gzip -6`.
    static func gzipSize(_ data: Data, scratch: URL) throws -> Int {
        try data.write(to: scratch)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-6", "-c", "-n", scratch.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let compressed = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw DudaoError("gzip 失败", "gzip failed") }
        return compressed.count
    }

    /// Inserts the rows of `bundles` into the `record` table of a fresh store (same schema, same
    /// indexes) in one transaction through one prepared statement bound with the SQLite C API.
    /// Timed: the inserts and the commit; not timed: reading and decoding the bundles. Returns rows and seconds.
    static func rawInsert(bundles: [URL], into directory: URL, campaign: Data, registry: PluginRegistry) throws -> (Int, Double) {
        let store = try Store.initialise(at: directory, campaignData: campaign, unit: nil, registry: registry)
        let ((rows, decoding), total) = try time {
            try store.write { db -> (Int, Double) in
                let statement = try db.makeStatement(sql: """
                    INSERT INTO record (id, unit, type, body, author, hlc_wall, hlc_counter, origin, seq, deleted, evidence)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let handle = statement.sqliteStatement
                let transient = BenchMeasure.transient
                var rows = 0
                var decoding = 0.0
                for url in bundles {
                    let (changes, seconds) = try time { try BundleFile.parse(try Data(contentsOf: url)).contents().changes }
                    decoding += seconds
                    for change in changes {
                        bindText(handle, 1, change.id)
                        bindText(handle, 2, change.unit)
                        bindText(handle, 3, change.type)
                        change.body.withUnsafeBytes { body in
                            _ = sqlite3_bind_text(handle, 4, body.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(body.count), transient)
                        }
                        if let author = change.author { bindText(handle, 5, author) } else { sqlite3_bind_null(handle, 5) }
                        sqlite3_bind_int64(handle, 6, change.hlc.wall)
                        sqlite3_bind_int64(handle, 7, Int64(change.hlc.counter))
                        bindText(handle, 8, change.origin)
                        sqlite3_bind_int64(handle, 9, change.sequence)
                        sqlite3_bind_int64(handle, 10, change.deleted ? 1 : 0)
                        bindText(handle, 11, "[" + change.evidence.map { "\"\($0)\"" }.joined(separator: ",") + "]")
                        guard sqlite3_step(handle) == SQLITE_DONE else { throw DudaoError("插入失败", "insert failed") }
                        sqlite3_reset(handle)
                        rows += 1
                    }
                }
                return (rows, decoding)
            }
        }
        return (rows, total - decoding)
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }

    static func bindText(_ handle: OpaquePointer, _ index: Int32, _ text: String) {
        let transient = self.transient
        var text = text
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                                  Int32(bytes.count), transient)
        }
    }
}
