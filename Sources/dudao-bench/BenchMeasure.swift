import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import Synchronization

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
    /// indexes) in one transaction through one prepared statement (`Store.rawInsertReference`).
    /// Timed: the inserts and the commit; not timed: reading and decoding the bundles. Returns
    /// rows, seconds and CPU seconds (the decoding's, on the same single thread, taken off both).
    static func rawInsert(bundles: [URL], into directory: URL, campaign: Data, registry: PluginRegistry) throws -> (Int, Double, Double) {
        let store = try Store.initialise(at: directory, campaignData: campaign, unit: nil, registry: registry)
        let decoding = Mutex<(wall: Double, cpu: Double)>((0, 0))
        let cpuBefore = cpuSeconds
        let (rows, total) = try time {
            try store.rawInsertReference(batches: bundles.count) { index in
                let cpu = cpuSeconds
                let (changes, seconds) = try time { try BundleFile.parse(try Data(contentsOf: bundles[index])).contents().changes }
                let spent = cpuSeconds - cpu
                decoding.withLock { $0 = ($0.wall + seconds, $0.cpu + spent) }
                return changes
            }
        }
        let decoded = decoding.withLock { $0 }
        return (rows, total - decoded.wall, cpuSeconds - cpuBefore - decoded.cpu)
    }
}
