import DudaoKernel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A store is private to the OS user who made it: its folder 0700, its database 0600 from the
/// moment it exists (SQLite gives `-wal` and `-shm` the database file's mode), its key 0600.
/// Other accounts on the school's PC cannot read the records, the audit trail or the key.
public enum StorePrivacy {
    public static let directoryMode: mode_t = 0o700
    public static let fileMode: mode_t = 0o600

    /// Makes `directory` (and any missing parents) with mode 0700; an existing folder is left as it is.
    public static func makeDirectory(_ directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: Int(directoryMode)])
        // Created under a umask, or by an older FileManager that ignores the attribute: set it.
        _ = chmod(directory.path, directoryMode)
    }

    /// Creates the empty database file 0600 before SQLite opens it (SQLite would make it 0644);
    /// SQLite takes an empty file as a new database.
    static func createDatabaseFile(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else {
            throw DudaoError("无法创建数据库文件 \(path)", "cannot create the database file \(path)")
        }
        close(descriptor)
    }

    /// An existing store made before stores were private: its folder becomes 0700 and its database
    /// files 0600, when they belong to the user opening them and group or others could read them.
    /// Nothing else is changed; anything not ours, or a failed chmod, is left alone.
    public static func tighten(_ directory: URL) {
        tighten(directory.path, to: directoryMode)
        for name in [Store.databaseFile, Store.databaseFile + "-wal", Store.databaseFile + "-shm"] {
            tighten(directory.appendingPathComponent(name).path, to: fileMode)
        }
    }

    private static func tighten(_ path: String, to mode: mode_t) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o077 != 0 else { return }
        let isDirectory = info.st_mode & S_IFMT == S_IFDIR, isFile = info.st_mode & S_IFMT == S_IFREG
        guard (mode == directoryMode && isDirectory) || (mode == fileMode && isFile) else { return }
        _ = chmod(path, mode)
    }
}
