import Crypto
import DudaoKernel
import Foundation

/// Who this node is: its id, the unit it speaks for (none at the bureau), and its public key.
public struct NodeIdentity: Sendable, Hashable, Codable {
    public var nodeID: String
    /// The unit this agent records for; nil at the bureau.
    public var unit: String?
    public var publicKey: Data

    public var isBureau: Bool { unit == nil }

    /// A short fingerprint of the public key, as people compare it.
    public var keyID: String { Self.keyID(of: publicKey) }

    public static func keyID(of publicKey: Data) -> String {
        SHA256.hash(data: publicKey).prefix(8).hexString
    }
}

/// The node's Ed25519 key files: `node.key` (private, mode 0600, never leaves the machine) and `node.pub`.
public enum NodeKeys {
    public static let privateKeyFile = "node.key"
    public static let publicKeyFile = "node.pub"

    /// Makes a key pair and writes both files; the private one is created 0600 before any byte is written.
    static func generate(in directory: URL) throws -> Data {
        let key = Curve25519.Signing.PrivateKey()
        let privatePath = directory.appendingPathComponent(privateKeyFile).path
        let descriptor = open(privatePath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw DudaoError("无法创建私钥文件 \(privatePath)", "cannot create the private key file \(privatePath)")
        }
        let encoded = Array((key.rawRepresentation.base64EncodedString() + "\n").utf8)
        let written = encoded.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count) }
        fsync(descriptor)
        close(descriptor)
        guard written == encoded.count else {
            throw DudaoError("写入私钥文件 \(privatePath) 失败", "writing the private key file \(privatePath) failed")
        }
        let publicKey = key.publicKey.rawRepresentation
        try Data((publicKey.base64EncodedString() + "\n").utf8)
            .write(to: directory.appendingPathComponent(publicKeyFile), options: .atomic)
        return publicKey
    }

    /// The node's private signing key.
    public static func privateKey(in directory: URL) throws -> Curve25519.Signing.PrivateKey {
        let path = directory.appendingPathComponent(privateKeyFile)
        guard let text = try? String(contentsOf: path, encoding: .utf8),
              let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw DudaoError("私钥文件 \(path.path) 缺失或损坏", "the private key file \(path.path) is missing or damaged")
        }
        return key
    }
}

extension NodeIdentity {
    /// This node as the write policy sees it.
    public var writer: WritePolicy.Writer { unit.map(WritePolicy.Writer.unit) ?? .bureau }
}
