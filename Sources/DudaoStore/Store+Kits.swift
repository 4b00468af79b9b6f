import DudaoKernel
import Foundation
import GRDB

/// An enrolment kit as the bureau keeps it: never the code, only the key that checks its proof.
public struct IssuedKit: Sendable, Hashable {
    public var kitID: String
    public var unit: String
    /// The Ed25519 public key derived from the kit's one-time code.
    public var codeKey: Data
    /// The bureau's sync address written into the kit, if any.
    public var address: String?
    public var issuedMs: Int64
    public var expiresMs: Int64
    /// The office account (or nil for the command line) that issued it.
    public var issuedBy: String?
    /// When a unit's key spent it, and which key; nil while unused.
    public var spentMs: Int64?
    public var spentKeyID: String?

    public init(kitID: String, unit: String, codeKey: Data, address: String?, issuedMs: Int64, expiresMs: Int64,
                issuedBy: String?, spentMs: Int64? = nil, spentKeyID: String? = nil) {
        self.kitID = kitID
        self.unit = unit
        self.codeKey = codeKey
        self.address = address
        self.issuedMs = issuedMs
        self.expiresMs = expiresMs
        self.issuedBy = issuedBy
        self.spentMs = spentMs
        self.spentKeyID = spentKeyID
    }
}

/// The bureau's side of enrolment by kit: kits issued, and a kit spent by the key it enrols.
extension Store {
    /// Keeps a kit the bureau has just issued (the bureau's store only).
    public func recordIssuedKit(_ kit: IssuedKit) throws {
        guard identity.isBureau else {
            throw DudaoError("只有教育局能签发登记包", "only the bureau issues enrolment kits")
        }
        guard campaign.unit(kit.unit) != nil else { throw DudaoError("未知单位“\(kit.unit)”", "unknown unit '\(kit.unit)'") }
        try write { db in
            try EnrolmentKitRow(kit).insert(db)
            try Self.audit(db, node: self.identity.nodeID, at: kit.issuedMs, actor: kit.issuedBy, action: "issue-kit",
                           subject: kit.unit, detail: kit.kitID)
        }
    }

    /// The kit `kitID`, if this bureau issued it.
    public func issuedKit(_ kitID: String) throws -> IssuedKit? {
        try read { db in try EnrolmentKitRow.fetchOne(db, key: kitID)?.kit }
    }

    /// The kits issued for `unit` (every unit when nil), newest first.
    public func issuedKits(unit: String? = nil) throws -> [IssuedKit] {
        try read { db in
            var request = EnrolmentKitRow.order(EnrolmentKitRow.Columns.issuedMs.desc)
            if let unit { request = request.filter(EnrolmentKitRow.Columns.unit == unit) }
            return try request.fetchAll(db).map(\.kit)
        }
    }

    /// Enrols `publicKey` for the kit's unit and spends the kit, in one transaction. The caller has
    /// checked the proof and the expiry; this refuses a kit spent by another key. The same key
    /// spending it again (a bundle imported twice) changes nothing.
    @discardableResult
    public func enrolByKit(kitID: String, publicKey: Data) throws -> Enrolment {
        let keyID = NodeIdentity.keyID(of: publicKey)
        let now = environment.now()
        return try write { db -> Enrolment in
            guard var row = try EnrolmentKitRow.fetchOne(db, key: kitID) else {
                throw DudaoError("本局没有签发过登记包 \(kitID)", "this bureau never issued the enrolment kit \(kitID)")
            }
            let enrolment = Enrolment(keyID: keyID, unit: row.unit, publicKey: publicKey)
            if let spent = row.spentKeyID {
                guard spent == keyID, try EnrolmentRow.fetchOne(db, key: keyID) != nil else {
                    throw DudaoError("登记包 \(kitID) 的登记码已用过（密钥 \(spent)）", "the enrolment kit \(kitID) was already used (by key \(spent))")
                }
                return enrolment
            }
            row.spentMs = now
            row.spentKeyID = keyID
            try row.update(db)
            // As any enrolment: the unit's earlier key is revoked, not forgotten, and a revoked key
            // cannot come back by a kit.
            try Self.retireEnrolments(of: row.unit, for: keyID, actor: nil, at: now, own: self.identity.nodeID, db: db)
            try EnrolmentRow(keyID: keyID, unit: row.unit, publicKey: publicKey, enrolledMs: now).save(db)
            try Self.audit(db, node: self.identity.nodeID, at: now, actor: nil, action: "enrol-kit", subject: row.unit,
                           detail: "\(keyID) kit \(kitID)")
            return enrolment
        }
    }
}

/// A unit's side: the kit it was made from, and the proof its bundles carry until the bureau
/// has acknowledged one of them.
extension Store {
    static let enrolmentClaimKey = "enrolment_claim"
    static let bureauAddressKey = "bureau_address"

    /// Trusts the bureau's key from a kit and keeps the claim (the unit's key and its proof of
    /// the kit's code, as JSON) to send with its bundles, in one transaction.
    public func adoptKit(bureauKey: Data, claim: String, address: String?) throws {
        guard !identity.isBureau else {
            throw DudaoError("教育局的数据库不能用登记包初始化", "the bureau's store is not made from an enrolment kit")
        }
        let now = environment.now()
        let keyID = NodeIdentity.keyID(of: bureauKey)
        try write { db in
            try EnrolmentRow.filter(EnrolmentRow.Columns.unit == nil).deleteAll(db)
            try EnrolmentRow(keyID: keyID, unit: nil, publicKey: bureauKey, enrolledMs: now).save(db)
            try MetaEntry(key: Self.enrolmentClaimKey, value: claim).save(db)
            if let address { try MetaEntry(key: Self.bureauAddressKey, value: address).save(db) }
            try Self.audit(db, node: self.identity.nodeID, at: now, actor: nil, action: "enrol", subject: "bureau",
                           detail: "\(keyID) from kit")
        }
    }

    /// The claim to send to the bureau: kept from the kit until the bureau acknowledges a change
    /// of this node, which it can only do once it has enrolled the key.
    public func pendingEnrolmentClaim() throws -> String? {
        try read { db in
            guard let claim = try MetaEntry.fetchOne(db, key: Self.enrolmentClaimKey)?.value else { return nil }
            let acked = try Peer.fetchOne(db, key: "bureau")?.acked ?? 0
            return acked > 0 ? nil : claim
        }
    }

    /// The bureau's sync address, as the kit gave it.
    public func bureauAddress() throws -> String? {
        try read { db in try MetaEntry.fetchOne(db, key: Self.bureauAddressKey)?.value }
    }

    /// The campaign definition exactly as this store was made from it (what a kit carries).
    public func campaignDefinition() throws -> Data {
        try read { db in Data((try MetaEntry.fetchOne(db, key: "campaign")?.value ?? "").utf8) }
    }
}

extension EnrolmentKitRow {
    init(_ kit: IssuedKit) {
        self.init(kitID: kit.kitID, unit: kit.unit, codeKey: kit.codeKey, address: kit.address, issuedMs: kit.issuedMs,
                  expiresMs: kit.expiresMs, issuedBy: kit.issuedBy, spentMs: kit.spentMs, spentKeyID: kit.spentKeyID)
    }

    var kit: IssuedKit {
        IssuedKit(kitID: kitID, unit: unit, codeKey: codeKey, address: address, issuedMs: issuedMs, expiresMs: expiresMs,
                  issuedBy: issuedBy, spentMs: spentMs, spentKeyID: spentKeyID)
    }
}

extension Enrolment {
    /// The enrolment of `publicKey` for `unit` (nil: the bureau's key), its key id computed.
    public init(unit: String?, publicKey: Data) {
        self.init(keyID: NodeIdentity.keyID(of: publicKey), unit: unit, publicKey: publicKey)
    }
}
