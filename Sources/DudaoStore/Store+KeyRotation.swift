import DudaoKernel
import Foundation
import GRDB

extension Store {
    /// Replaces this node's key pair with a new one; the old private key is overwritten, so it can
    /// sign nothing more. The node id and its sequence go on. Peers must enrol the new key (a unit's
    /// at the bureau with `--replaces`, the bureau's at every unit) before they accept its bundles;
    /// until then they refuse them, and nothing is lost: a sender sends again what was not acknowledged.
    /// Returns the old and new key ids.
    public static func rotateKey(at directory: URL, environment: StoreEnvironment = .live) throws -> (old: String, new: String) {
        let manager = FileManager.default
        let path = directory.appendingPathComponent(databaseFile).path
        guard manager.fileExists(atPath: path) else { throw StoreError(.missing, path: directory.path) }
        let staging = directory.appendingPathComponent(".rotate-\(UUID().uuidString.prefix(8))")
        try manager.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? manager.removeItem(at: staging) }
        let publicKey = try NodeKeys.generate(in: staging)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration())
            defer { try? queue.close() }
            return try queue.write { db in
                guard let node = try MetaEntry.fetchOne(db, key: "node_id")?.value,
                      let old = try MetaEntry.fetchOne(db, key: "public_key").flatMap({ Data(base64Encoded: $0.value) }) else {
                    throw StoreError(.notInitialised, path: directory.path, detail: "meta")
                }
                let (oldID, newID) = (NodeIdentity.keyID(of: old), NodeIdentity.keyID(of: publicKey))
                try MetaEntry(key: "public_key", value: publicKey.base64EncodedString()).save(db)
                try audit(db, node: node, at: environment.now(), actor: nil, action: "rotate-key", subject: oldID, detail: newID)
                // The files move inside the transaction: if a rename fails, the store keeps the old key.
                for name in [NodeKeys.publicKeyFile, NodeKeys.privateKeyFile] {
                    guard rename(staging.appendingPathComponent(name).path, directory.appendingPathComponent(name).path) == 0 else {
                        throw DudaoError("无法替换 \(directory.path)/\(name)", "cannot replace \(directory.path)/\(name)")
                    }
                }
                return (oldID, newID)
            }
        } catch {
            throw StoreError.from(error, path: directory.path)
        }
    }
}
