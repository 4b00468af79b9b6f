import DudaoKernel
import DudaoStore
import Foundation

/// A whole store in one file: the database copied at one moment (SQLite's online backup, so the
/// store keeps serving), zlib-compressed, and the node's key files; see `schemas/backup.md`.
///
/// One file rather than a directory: it is copied to a USB stick or another disk as one thing,
/// written atomically (a temporary file, then a rename), and one manifest of sizes and SHA-256s
/// tells a whole backup from a damaged or half-copied one before anything is restored.
/// Evidence files live in the database, so the database carries them.
public enum BackupArchive {
    public static let magic: [UInt8] = Array("DUDAOBAK".utf8)
    public static let version: UInt16 = 1
    public static let maximumManifestBytes = 1 << 20
    /// The members a backup holds, and the only names a restore writes.
    static let members = [Store.databaseFile, NodeKeys.privateKeyFile, NodeKeys.publicKeyFile]
    /// The file name extension of backups, and of what `--backup-dir` keeps.
    public static let fileExtension = "dudaobak"

    /// What a backup holds, as its manifest says.
    public struct Manifest: Sendable, Hashable, Codable {
        public struct Member: Sendable, Hashable, Codable {
            public var name: String
            /// Bytes after restoring.
            public var size: Int
            /// Bytes in the archive.
            public var storedSize: Int
            /// `zlib` or `none`.
            public var encoding: String
            /// SHA-256 (hex) of the restored bytes.
            public var sha256: String
        }

        public var format: Int
        public var createdMs: Int64
        public var campaign: String
        public var node: String
        public var unit: String?
        public var keyID: String
        /// The digest of the replicated state in the copy (`dudao digest`).
        public var digest: String
        public var changes: Int
        public var members: [Member]
    }

    /// Writes a backup of `store` to `path` (created 0600: it holds the private key). Refuses to
    /// overwrite a file.
    @discardableResult
    public static func write(_ store: Store, to path: String, level: Int32 = 6) throws -> Manifest {
        let target = URL(fileURLWithPath: path)
        let manager = FileManager.default
        guard !manager.fileExists(atPath: target.path) else {
            throw DudaoError("\(path) 已存在，未覆盖", "\(path) already exists; not overwritten")
        }
        let work = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        try manager.createDirectory(at: work, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? manager.removeItem(at: work) }
        let copy = work.appendingPathComponent(Store.databaseFile)
        let snapshot = try store.snapshot(to: copy.path)

        // The database, compressed to a side file first: the manifest, written before it, gives its size.
        let compressed = work.appendingPathComponent("db.z")
        _ = manager.createFile(atPath: compressed.path, contents: nil)
        let (size, sha, stored) = try withHandles(reading: copy, writing: compressed) { input, output in
            try ZlibFileStream.deflate(input, into: output, level: level)
        }
        var members = [Manifest.Member(name: Store.databaseFile, size: size, storedSize: stored, encoding: "zlib", sha256: sha)]
        var keys: [Data] = []
        for name in [NodeKeys.privateKeyFile, NodeKeys.publicKeyFile] {
            guard let data = manager.contents(atPath: store.directory.appendingPathComponent(name).path) else {
                throw DudaoError("无法读取 \(store.directory.path)/\(name)", "cannot read \(store.directory.path)/\(name)")
            }
            keys.append(data)
            members.append(.init(name: name, size: data.count, storedSize: data.count, encoding: "none", sha256: Store.sha256(data)))
        }
        let manifest = Manifest(format: Int(version), createdMs: store.environment.now(), campaign: store.campaign.id,
                                node: store.identity.nodeID, unit: store.identity.unit, keyID: store.identity.keyID,
                                digest: snapshot.digest, changes: snapshot.changes, members: members)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let manifestBytes = try encoder.encode(manifest)
        var head = Data(magic)
        head.append(contentsOf: [UInt8(version >> 8), UInt8(version & 0xFF)])
        let length = UInt32(manifestBytes.count)
        head.append(contentsOf: [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)])
        head.append(manifestBytes)

        let partial = work.appendingPathComponent("archive")
        guard manager.createFile(atPath: partial.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw DudaoError("无法写入 \(path)", "cannot write \(path)")
        }
        try withHandles(reading: compressed, writing: partial) { input, output in
            try output.write(contentsOf: head)
            while let chunk = try input.read(upToCount: ZlibFileStream.chunk), !chunk.isEmpty { try output.write(contentsOf: chunk) }
            for key in keys { try output.write(contentsOf: key) }
            try output.synchronize()
        }
        guard rename(partial.path, target.path) == 0 else { throw DudaoError("无法写入 \(path)", "cannot write \(path)") }
        let directory = open(target.deletingLastPathComponent().path, O_RDONLY)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
        return manifest
    }

    /// Reads the manifest of the backup at `path`, checking the layout (not yet the members' hashes).
    public static func manifest(of path: String) throws -> Manifest {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DudaoError("无法读取备份文件 \(path)", "cannot read the backup file \(path)")
        }
        defer { try? handle.close() }
        return try readManifest(handle, path: path).manifest
    }

    private static func readManifest(_ handle: FileHandle, path: String) throws -> (manifest: Manifest, dataOffset: Int) {
        let bad = { (zh: String, en: String) in DudaoError("\(path) 不是有效的督导备份：\(zh)", "\(path) is not a valid Dudao backup: \(en)") }
        let head = try handle.read(upToCount: 14) ?? Data()
        guard head.count == 14, Array(head.prefix(8)) == magic else { throw bad("文件头标记不符", "the magic bytes do not match") }
        let bytes = [UInt8](head)
        let fileVersion = UInt16(bytes[8]) << 8 | UInt16(bytes[9])
        guard fileVersion == version else {
            throw bad("格式版本 \(fileVersion)，本程序读取版本 \(version)", "format version \(fileVersion); this program reads version \(version)")
        }
        let length = Int(bytes[10]) << 24 | Int(bytes[11]) << 16 | Int(bytes[12]) << 8 | Int(bytes[13])
        guard length > 0, length <= maximumManifestBytes else { throw bad("清单长度 \(length) 无效", "manifest length \(length) is invalid") }
        let manifestBytes = try handle.read(upToCount: length) ?? Data()
        guard manifestBytes.count == length else { throw bad("文件被截断", "the file is truncated") }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: manifestBytes)
        } catch {
            let problem = DecodingProblem(error)
            throw bad("清单无效：\(problem.path) \(problem.reason.zh)", "bad manifest: \(problem.path) \(problem.reason.en)")
        }
        guard manifest.members.map(\.name) == members else {
            throw bad("成员应为 \(members.joined(separator: "、"))", "the members must be \(members.joined(separator: ", "))")
        }
        for member in manifest.members {
            let encodingKnown = member.encoding == "zlib" || (member.encoding == "none" && member.size == member.storedSize)
            guard encodingKnown, member.size >= 0, member.storedSize >= 0 else {
                throw bad("成员 \(member.name) 的编码或大小无效", "member \(member.name) has an invalid encoding or size")
            }
        }
        let end = try handle.seekToEnd()
        let expected = 14 + length + manifest.members.reduce(0) { $0 + $1.storedSize }
        guard Int(end) == expected else {
            throw bad(Int(end) < expected ? "文件被截断（\(end) 字节，应为 \(expected)）" : "文件末尾有多余数据（\(end) 字节，应为 \(expected)）",
                      Int(end) < expected ? "the file is truncated (\(end) bytes, expected \(expected))"
                                          : "trailing data (\(end) bytes, expected \(expected))")
        }
        try handle.seek(toOffset: UInt64(14 + length))
        return (manifest, 14 + length)
    }

    /// Extracts the members into `directory` (which must exist and be empty), checking each
    /// member's size and SHA-256 against the manifest.
    static func extract(_ path: String, into directory: URL) throws -> Manifest {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DudaoError("无法读取备份文件 \(path)", "cannot read the backup file \(path)")
        }
        defer { try? handle.close() }
        let (manifest, _) = try readManifest(handle, path: path)
        for member in manifest.members {
            let target = directory.appendingPathComponent(member.name)
            // The store's files are private to its user (the public key alone may be read).
            let mode: Int = member.name == NodeKeys.publicKeyFile ? 0o644 : 0o600
            guard FileManager.default.createFile(atPath: target.path, contents: nil, attributes: [.posixPermissions: mode]),
                  let output = FileHandle(forWritingAtPath: target.path) else {
                throw DudaoError("无法写入 \(target.path)", "cannot write \(target.path)")
            }
            defer { try? output.close() }
            let got: (size: Int, sha256: String)
            if member.encoding == "zlib" {
                got = try ZlibFileStream.inflate(handle, stored: member.storedSize, into: output, limit: member.size, member: member.name)
            } else {
                let data = try handle.read(upToCount: member.storedSize) ?? Data()
                try output.write(contentsOf: data)
                got = (data.count, Store.sha256(data))
            }
            try output.synchronize()
            guard got.size == member.size, got.sha256 == member.sha256 else {
                throw DudaoError("备份中的 \(member.name) 已损坏（大小或 SHA-256 与清单不符）",
                                 "\(member.name) in the backup is damaged (its size or SHA-256 differs from the manifest)")
            }
        }
        return manifest
    }

    private static func withHandles<T>(reading input: URL, writing output: URL, _ body: (FileHandle, FileHandle) throws -> T) throws -> T {
        guard let reader = FileHandle(forReadingAtPath: input.path), let writer = FileHandle(forWritingAtPath: output.path) else {
            throw DudaoError("无法打开 \(input.path) 或 \(output.path)", "cannot open \(input.path) or \(output.path)")
        }
        defer {
            try? reader.close()
            try? writer.close()
        }
        return try body(reader, writer)
    }
}
