import ArgumentParser
import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoSync
import Foundation

/// `dudao backup`: a consistent copy of a live store in one file.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "把数据库备份为一个文件（服务运行时也可） · Back the store up to one file (while it serves, too).",
        discussion: """
            The file holds the database as it stood at one moment and the node's key files: keep it as \
            safe as the private key. Restore it with `dudao restore FILE --store DIR`.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The backup file to write (refused if it exists).") var to: String

    func run() throws {
        let output = global.output
        let store = try global.workspace().store
        // Elapsed time, not a date: a monotonic clock beside the store's one clock.
        let started = ContinuousClock.now
        let manifest = try BackupArchive.write(store, to: to)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: to)[.size] as? Int) ?? 0
        let elapsed = (ContinuousClock.now - started).components
        let seconds = String(format: "%.1f", Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        output.line(output("已备份到 \(to)：\(manifest.changes) 条变更，\(bytes) 字节，用时 \(seconds) 秒",
                           "backed up to \(to): \(manifest.changes) changes, \(bytes) bytes, in \(seconds) s"))
        output.line(output("  摘要：", "  digest: ") + manifest.digest)
        output.line(output("  备份含私钥，请像保管私钥一样保管它", "  the backup holds the private key: keep it as safe as the key"))
    }
}

/// `dudao restore`: brings a backup back, checks it, and prints its digest.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "从备份恢复数据库并检查 · Restore a store from a backup and check it.",
        discussion: """
            The backup is checked before it takes the store's place: the members' SHA-256, SQLite's \
            integrity check, the change log against the records, the evidence files, the digest. \
            The restored store writes under a new node id, so no sequence number its node already \
            sent is used again; peers send again what it lacks.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file (from `dudao backup` or `dudao serve --backup-dir`).") var file: String
    @Flag(help: "Replace a store that is already there (it is moved aside, not deleted).") var force = false

    func run() throws {
        let output = global.output
        let report = try BackupRestore.restore(file, into: global.storeURL, force: force,
                                               registry: try PluginList.registry(), environment: global.environment)
        let m = report.manifest
        let check = report.check
        output.line(output("已从 \(file) 恢复到 \(global.storeURL.path)", "restored \(file) into \(global.storeURL.path)"))
        output.line(output("  备份时间：", "  taken: ") + ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(m.createdMs) / 1000)))
        output.line(output("  身份：", "  for: ") + (m.unit ?? output("教育局", "the bureau")) + output("，密钥指纹 ", ", key id ") + m.keyID)
        output.line(output("  检查：完整性 \(check.integrity)，\(check.records) 条记录、\(check.changes) 条变更与日志一致，\(check.evidenceFiles) 个证据文件哈希无误",
                           "  checks: integrity \(check.integrity); \(check.records) records and \(check.changes) changes agree with the log; \(check.evidenceFiles) evidence files match their hashes"))
        output.line(output("  摘要：", "  digest: ") + check.digest)
        output.line(output("  新节点编号：\(report.node)（原为 \(m.node)）", "  new node id: \(report.node) (was \(m.node))"))
        if let aside = report.movedAside {
            output.line(output("  原数据库已移到 \(aside)", "  the store that was there is now at \(aside)"))
        }
        output.line(m.unit == nil
            ? output("  下一步：各单位照常同步，教育局缺少的变更会由单位重新发送", "  next: units sync as usual and send again whatever the bureau lacks")
            : output("  下一步：照常与教育局同步", "  next: sync with the bureau as usual"))
    }
}
