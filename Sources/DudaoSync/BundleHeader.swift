import DudaoKernel
import Foundation

/// The signed header of a change bundle; see `schemas/bundle.md` for the byte layout.
///
/// Its stored properties are the known fields: a reader refuses any other member (`CanonicalHeader`),
/// so a new field is one property here and its line in `bundle-header.schema.json` (a test holds
/// the two together). Field values are strings, integers, booleans, arrays and objects: the canonical
/// form has no fractions and no null.
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
    /// SHA-256 of the sender's canonical campaign JSON (`CampaignContent`); absent from older builds.
    public var campaignFingerprint: String?
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
    /// The highest sequence the sender holds from each origin: the receiver's acknowledgement.
    public var knowledge: [String: Int64]
    public var ranges: [String: Range]
    /// The campaign revisions a bureau's bundle carries, oldest first, the last in force: each one's
    /// number, fingerprint (SHA-256 of its document, which travels as one of the evidence files) and
    /// first day in force: those after the one the unit last said it holds (`campaignRevisionHeld`),
    /// or all of them from 0 when it never said (and in a restore bundle), so a unit that missed one
    /// judges every period as the bureau does. Absent when the unit has them all, when the bureau never
    /// revised the campaign, and in a unit's bundle.
    public var campaignRevisions: [CampaignRevision]? = nil
    /// In a unit's bundle: the last campaign revision the unit received from the bureau (it holds every
    /// one before it too), so that the bureau's next bundle to it carries only the later ones. Absent
    /// until the unit has received a revision, and in the bureau's bundles.
    public var campaignRevisionHeld: CampaignRevision? = nil
    /// A unit's proof of an enrolment kit, sent until the bureau acknowledges it: lets the bureau
    /// enrol the sender's key on import. Absent otherwise (and then not in the canonical bytes).
    public var enrolment: EnrolmentClaim? = nil

    /// The canonical bytes the signature covers (`schemas/bundle.md` §2): sorted keys, no spaces,
    /// integers only, minimal escapes. Readers refuse a header in any other form.
    public func canonicalJSON() throws -> Data {
        try CanonicalHeader.bytes(of: self)
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
    public static let capabilities: Set<String> = ["changes-v1", "zlib", "ed25519", "evidence-v1", revisionCapability]
    /// Critical when the header carries `campaignRevisions`: the reader must adopt or refuse them.
    public static let revisionCapability = "campaign-revision-v1"
    public static let maximumHeaderBytes = 1 << 20
    /// The largest bundle file this reader opens, compressed.
    public static let maximumBundleBytes = 512 << 20
    /// The largest body this reader inflates.
    public static let maximumBodyBytes = 1 << 30
    public static let bodyMagic: [UInt8] = Array("CHG1".utf8)
    public static let evidenceMagic: [UInt8] = Array("EVD1".utf8)
}
