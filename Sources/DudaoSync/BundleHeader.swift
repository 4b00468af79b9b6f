import DudaoKernel
import Foundation

/// The signed header of a change bundle; see `schemas/bundle.md` for the byte layout.
public struct BundleHeader: Sendable, Hashable, Codable {
    public struct Sender: Sendable, Hashable, Codable {
        public var node: String
        /// The unit the sender records for; nil for the bureau.
        public var unit: String?
        /// The first 16 hex digits of SHA-256 of the sender's Ed25519 public key.
        public var keyID: String
    }

    /// The changes of one origin in this bundle: all of them with sequence in (after, through].
    public struct Range: Sendable, Hashable, Codable {
        public var after: Int64
        public var through: Int64
    }

    public struct Counts: Sendable, Hashable, Codable {
        public var changes: Int
        public var evidence: Int
    }

    public var format: Int
    public var minReaderVersion: Int
    /// Capabilities a reader must understand; an unknown one makes the bundle unreadable.
    public var critical: [String]
    public var bundleID: String
    public var campaign: String
    public var sender: Sender
    /// `bureau`, or the id of the unit the bundle is for.
    public var recipient: String
    public var pluginVersions: [String: Int]
    /// The sender's HLC when it wrote the bundle, `wall.counter`.
    public var hlc: String
    public var counts: Counts
    public var uncompressedSize: Int
    public var compressedSize: Int
    /// SHA-256 (hex) of the compressed body as it stands in the file.
    public var bodySHA256: String
    /// SHA-256 (hex) of the header of the sender's previous bundle to this recipient.
    public var previousBundle: String?
    /// The highest sequence the sender holds from each origin: the receiver's acknowledgement.
    public var knowledge: [String: Int64]
    public var ranges: [String: Range]
    /// A unit's proof of an enrolment kit, sent until the bureau acknowledges it: lets the bureau
    /// enrol the sender's key on import. Absent otherwise (and then not in the canonical bytes).
    public var enrolment: EnrolmentClaim? = nil

    /// The canonical bytes the signature covers: JSON with sorted keys and no spaces.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public var senderHLC: HLC {
        let parts = hlc.split(separator: ".")
        return HLC(wall: Int64(parts.first ?? "0") ?? 0, counter: Int32(parts.last ?? "0") ?? 0)
    }
}

/// The constants of the bundle format.
public enum BundleFormat {
    public static let magic: [UInt8] = Array("DUDAOBDL".utf8)
    public static let version: UInt16 = 1
    public static let readerVersion = 1
    /// What this reader understands.
    public static let capabilities: Set<String> = ["changes-v1", "zlib", "ed25519", "evidence-v1"]
    public static let maximumHeaderBytes = 1 << 20
    /// The largest bundle file this reader opens, compressed.
    public static let maximumBundleBytes = 512 << 20
    /// The largest body this reader inflates.
    public static let maximumBodyBytes = 1 << 30
    public static let bodyMagic: [UInt8] = Array("CHG1".utf8)
    public static let evidenceMagic: [UInt8] = Array("EVD1".utf8)
}
