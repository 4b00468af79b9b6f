import DudaoKernel
import DudaoStore
import Foundation

/// Brings a backup back as a store and checks it before it takes the store's place.
public enum BackupRestore {
    /// What a restore did.
    public struct Report: Sendable {
        public var manifest: BackupArchive.Manifest
        public var check: StoreCheck
        /// The node id the restored store writes under from now on (see `Store.renewNode`).
        public var node: String
        /// Where the store that was there before went (`--force`), if there was one.
        public var movedAside: String?
    }

    /// Restores the backup at `path` into `directory`. Refuses a directory that holds a store
    /// unless `force`, which moves that store aside (never deletes it). The backup is extracted
    /// next to `directory`, checked (the members' hashes, `PRAGMA integrity_check`, the change log
    /// against the records, evidence hashes, the digest against the manifest's) and only then
    /// renamed into place: a backup that fails a check changes nothing.
    public static func restore(_ path: String, into directory: URL, force: Bool, registry: PluginRegistry,
                               environment: StoreEnvironment = .live) throws -> Report {
        let manager = FileManager.default
        let holdsStore = [Store.databaseFile, NodeKeys.privateKeyFile].contains {
            manager.fileExists(atPath: directory.appendingPathComponent($0).path)
        }
        if holdsStore && !force {
            throw DudaoError("\(directory.path) 已有督导数据库；确需用备份替换，请加 --force（原数据库会被移到一旁保留）",
                             "\(directory.path) already holds a Dudao store; add --force to replace it with the backup (the store there is moved aside, not deleted)")
        }
        var isDirectory: ObjCBool = false
        if !holdsStore, manager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            // The first-run page's launcher secret is all a waiting workstation keeps there.
            let contents = (try? manager.contentsOfDirectory(atPath: directory.path))?.filter { $0 != Store.launcherSecretFile }
            guard isDirectory.boolValue, contents?.isEmpty == true else {
                throw DudaoError("\(directory.path) 已存在且不是空目录，未做任何改动", "\(directory.path) exists and is not an empty directory; nothing was changed")
            }
        }
        _ = try BackupArchive.manifest(of: path)
        let parent = directory.standardizedFileURL.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let work = parent.appendingPathComponent(".\(directory.lastPathComponent).restoring-\(UUID().uuidString.prefix(8))")
        try manager.createDirectory(at: work, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        var placed = false
        defer { if !placed { try? manager.removeItem(at: work) } }

        let manifest = try BackupArchive.extract(path, into: work)
        let check = try Store.open(at: work, registry: registry, environment: environment).check()
        guard check.passed else {
            throw DudaoError("备份 \(path) 未通过检查，未做任何改动：" + check.failures.map(\.zh).joined(separator: "；"),
                             "the backup \(path) fails its checks; nothing was changed: " + check.failures.map(\.en).joined(separator: "; "))
        }
        guard check.digest == manifest.digest else {
            throw DudaoError("备份 \(path) 的摘要 \(check.digest) 与清单记载的 \(manifest.digest) 不符，未做任何改动",
                             "the backup \(path) has digest \(check.digest), not the \(manifest.digest) its manifest names; nothing was changed")
        }
        let node = try Store.renewNode(at: work, environment: environment, reason: "restored from backup \(URL(fileURLWithPath: path).lastPathComponent)")

        var movedAside: String?
        if holdsStore {
            let aside = parent.appendingPathComponent("\(directory.lastPathComponent).replaced-\(environment.now())")
            try manager.moveItem(at: directory, to: aside)
            movedAside = aside.path
        } else if manager.fileExists(atPath: directory.path) {
            try manager.removeItem(at: directory)  // empty, checked above
        }
        try manager.moveItem(at: work, to: directory)
        placed = true
        try manager.setAttributes([.posixPermissions: Int(StorePrivacy.directoryMode)], ofItemAtPath: directory.path)
        return Report(manifest: manifest, check: check, node: node, movedAside: movedAside)
    }
}
