import Foundation
import GRDB

/// An enrolment kit the bureau issued (`enrolment_kit`): for which unit, the key that checks its
/// code, until when, and whether a unit's key has spent it.
struct EnrolmentKitRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "enrolment_kit"
    var kitID: String
    var unit: String
    var codeKey: Data
    var address: String?
    var issuedMs: Int64
    var expiresMs: Int64
    var issuedBy: String?
    var spentMs: Int64?
    var spentKeyID: String?

    enum CodingKeys: String, CodingKey {
        case kitID = "kit_id", unit, codeKey = "code_key", address, issuedMs = "issued_ms", expiresMs = "expires_ms"
        case issuedBy = "issued_by", spentMs = "spent_ms", spentKeyID = "spent_key_id"
    }

    enum Columns {
        static let kitID = Column(CodingKeys.kitID)
        static let unit = Column(CodingKeys.unit)
        static let issuedMs = Column(CodingKeys.issuedMs)
    }
}
