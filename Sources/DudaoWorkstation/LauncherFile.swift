import DudaoKernel
import DudaoStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The running workstation's launcher secret, in `launcher.secret` (0600) in the store's folder
/// (0700): only the OS user who runs it can read it. The desktop launcher clicked again
/// (`dudao app --open` while one runs) reads it and asks the running workstation over 127.0.0.1
/// for a fresh one-time sign-in link, so a browser without a session gets in without a restart.
/// The file holds the port and the secret; it is replaced at each start and removed at a clean stop.
public struct LauncherFile: Sendable {
    public static let name = Store.launcherSecretFile
    /// The header the launcher sends its secret in, to `POST /launcher/link`.
    public static let header = "X-Dudao-Launcher"
    public static let path = "/launcher/link"

    public let url: URL
    let secret: String

    /// Writes `port` and `secret`, 0600 from its creation, in place of any file before (a run that
    /// was killed leaves one behind). Makes the store's folder (0700) when there is none yet.
    @discardableResult
    public static func publish(in directory: URL, port: Int, secret: String) throws -> LauncherFile {
        try StorePrivacy.makeDirectory(directory)
        let url = directory.appendingPathComponent(name)
        let partial = directory.appendingPathComponent(".\(name).\(UUID().uuidString.prefix(8))")
        let descriptor = open(partial.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw DudaoError("无法写入 \(url.path)", "cannot write \(url.path)")
        }
        let bytes = Array("\(port) \(secret)\n".utf8)
        let written = bytes.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(partial.path, url.path) == 0 else {
            unlink(partial.path)
            throw DudaoError("无法写入 \(url.path)", "cannot write \(url.path)")
        }
        return LauncherFile(url: url, secret: secret)
    }

    /// Removes the file, unless a later start already put its own there.
    public func remove() { Self.remove(in: url.deletingLastPathComponent(), secret: secret) }

    /// Removes `directory`'s file if it holds `secret` (a clean stop of the run that wrote it).
    public static func remove(in directory: URL, secret: String) {
        let url = directory.appendingPathComponent(name)
        guard let found = read(at: url), found.secret == secret else { return }
        unlink(url.path)
    }

    /// The port and secret of the workstation that runs from `directory`'s store; nil when there
    /// is no file, or it is not this user's own private file.
    public static func read(in directory: URL) -> (port: Int, secret: String)? {
        read(at: directory.appendingPathComponent(name))
    }

    static func read(at url: URL) -> (port: Int, secret: String)? {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o077 == 0,
              info.st_mode & S_IFMT == S_IFREG, info.st_size < 1024,
              let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let port = Int(parts[0]), (1..<65536).contains(port) else { return nil }
        return (port, String(parts[1]))
    }
}
