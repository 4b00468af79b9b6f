import Foundation
import GRDB

/// A key this store trusted once and revoked: bundles it signed stay valid as far as this store
/// had the signer's changes when it was revoked (`RevokedKeyLimit`), and no further.
struct RevokedKeyRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "revoked_key"
    var keyID: String
    /// The unit the key spoke for; nil for a bureau's key (revoked at a unit).
    var unit: String?
    var publicKey: Data
    var revokedMs: Int64
    /// The key that took its place, if one did.
    var replacedBy: String?
    var actor: String?

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id", unit, publicKey = "public_key", revokedMs = "revoked_ms", replacedBy = "replaced_by", actor
    }

    enum Columns {
        static let keyID = Column(CodingKeys.keyID)
        static let unit = Column(CodingKeys.unit)
        static let revokedMs = Column(CodingKeys.revokedMs)
    }
}

/// Per origin node, the last sequence this store held when a key was revoked: a bundle signed by
/// the revoked key is accepted only if every range it declares ends at or before this.
struct RevokedKeyLimit: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "revoked_key_limit"
    var keyID: String
    var origin: String
    var through: Int64

    enum CodingKeys: String, CodingKey {
        case keyID = "key_id", origin, through
    }

    enum Columns {
        static let keyID = Column(CodingKeys.keyID)
    }
}
