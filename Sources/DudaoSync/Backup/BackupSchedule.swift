import DudaoKernel
import DudaoStore
import Foundation

/// Backups taken on a schedule while a server runs: one file every `interval` in `directory`,
/// the newest `keep` kept. Only files this schedule names (`dudao-…-YYYYMMDD-HHMMSS-mmm.dudaobak`)
/// are ever deleted.
public struct BackupSchedule: Sendable {
    public let store: Store
    public let directory: URL
    public let interval: Duration
    public let keep: Int
    /// Hears each backup written, or the error that stopped one (the schedule goes on).
    public let report: @Sendable (Result<(path: String, manifest: BackupArchive.Manifest), any Error>) -> Void

    public init(store: Store, directory: URL, interval: Duration, keep: Int,
                report: @escaping @Sendable (Result<(path: String, manifest: BackupArchive.Manifest), any Error>) -> Void = { _ in }) {
        self.store = store
        self.directory = directory
        self.interval = interval
        self.keep = max(1, keep)
        self.report = report
    }

    /// Takes a backup now, then one every `interval`, until cancelled.
    public func run() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        while !Task.isCancelled {
            // Copying and compressing take seconds: on a thread of their own, not the server's.
            let result = await withCheckedContinuation { continuation in
                DispatchQueue.global(qos: .utility).async { continuation.resume(returning: Result { try takeOne() }) }
            }
            report(result)
            try await Task.sleep(for: interval)
        }
    }

    /// Writes one backup now and prunes the old ones.
    @discardableResult
    public func takeOne() throws -> (path: String, manifest: BackupArchive.Manifest) {
        let name = "dudao-\(store.identity.unit ?? "bureau")-\(Self.stamp(store.environment.now())).\(BackupArchive.fileExtension)"
        let path = directory.appendingPathComponent(name).path
        let manifest = try BackupArchive.write(store, to: path, level: 1)
        try prune()
        return (path, manifest)
    }

    /// Deletes this schedule's files beyond the newest `keep` (names sort by time).
    func prune() throws {
        let prefix = "dudao-\(store.identity.unit ?? "bureau")-"
        let ours = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix("." + BackupArchive.fileExtension) }
            .sorted()
        for name in ours.dropLast(keep) {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    /// `YYYYMMDD-HHMMSS-mmm` in UTC: names sort by time, and two backups in one second differ.
    static func stamp(_ ms: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss-SSS"
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// Parses `6h`, `30m`, `90s` or `1d`.
    public static func interval(_ text: String) -> Duration? {
        guard let unit = text.last, let value = Int(text.dropLast()), value > 0 else { return nil }
        switch unit {
        case "s": return .seconds(value)
        case "m": return .seconds(value * 60)
        case "h": return .seconds(value * 3600)
        case "d": return .seconds(value * 86_400)
        default: return nil
        }
    }
}
