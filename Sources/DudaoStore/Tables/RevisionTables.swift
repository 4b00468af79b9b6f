import Foundation
import GRDB

/// A revision of the campaign this store adopted: the document as published, its fingerprint
/// (SHA-256 of the document) and the day it took effect. Row 0 keeps the campaign the store was
/// initialised with, written when the first revision replaces it.
struct CampaignRevisionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "campaign_revision"
    var number: Int
    var fingerprint: String
    var effectiveOn: String
    var document: String
    var recordedMs: Int64
    /// `initial`, `published` (at the bureau) or `received` (at a unit, from the bureau's bundle).
    var origin: String

    enum CodingKeys: String, CodingKey {
        case number, fingerprint, effectiveOn = "effective_on", document, recordedMs = "recorded_ms", origin
    }

    enum Columns {
        static let number = Column(CodingKeys.number)
    }
}
