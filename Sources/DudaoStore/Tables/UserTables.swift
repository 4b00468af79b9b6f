import Foundation
import GRDB

/// An account of the bureau's web interface (`bureau_user`).
struct BureauUserRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "bureau_user"
    var name: String
    var role: String
    var person: String?
    var passwordHash: String
    var createdMs: Int64
    var disabled: Bool

    enum CodingKeys: String, CodingKey {
        case name, role, person, passwordHash = "password_hash", createdMs = "created_ms", disabled
    }

    enum Columns {
        static let name = Column(CodingKeys.name)
        static let role = Column(CodingKeys.role)
        static let person = Column(CodingKeys.person)
        static let passwordHash = Column(CodingKeys.passwordHash)
        static let disabled = Column(CodingKeys.disabled)
    }

    var account: UserAccount {
        UserAccount(name: name, role: role, person: person, passwordHash: passwordHash, createdMs: createdMs, disabled: disabled)
    }
}

/// A signed-in session (`session`): only the SHA-256 of the cookie's token is kept.
struct SessionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"
    var tokenHash: String
    var user: String
    var csrf: String
    var createdMs: Int64
    var expiresMs: Int64
    var lastSeenMs: Int64

    enum CodingKeys: String, CodingKey {
        case tokenHash = "token_hash", user, csrf, createdMs = "created_ms", expiresMs = "expires_ms", lastSeenMs = "last_seen_ms"
    }

    enum Columns {
        static let tokenHash = Column(CodingKeys.tokenHash)
        static let user = Column(CodingKeys.user)
        static let expiresMs = Column(CodingKeys.expiresMs)
        static let lastSeenMs = Column(CodingKeys.lastSeenMs)
    }
}

/// The node's settings and identity (`meta`), key by key.
struct MetaEntry: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "meta"
    var key: String
    var value: String

    enum Columns {
        static let key = Column(CodingKeys.key)
        static let value = Column(CodingKeys.value)
    }
}
