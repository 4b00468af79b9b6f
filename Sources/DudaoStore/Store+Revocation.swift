import DudaoKernel
import Foundation
import GRDB

/// A revoked key: who it spoke for, when it was revoked, and how far its bundles stay valid.
public struct RevokedKey: Sendable, Hashable {
    public var keyID: String
    /// The unit the key spoke for; nil for a bureau's key.
    public var unit: String?
    public var publicKey: Data
    public var revokedMs: Int64
    /// The key enrolled in its place, if one was.
    public var replacedBy: String?
    /// Per origin node, the last sequence this store held when the key was revoked: a bundle the
    /// key signed is valid only if each of its ranges ends there or before.
    public var limits: [String: Int64]

    /// The key as an enrolment, for checking the signatures it made before its revocation.
    public var enrolment: Enrolment { Enrolment(keyID: keyID, unit: unit, publicKey: publicKey) }
}

extension Store {
    /// Revokes the key `oldKeyID` of `unit` (nil: the bureau's key, at a unit) and, with `newKey`,
    /// enrols that key in its place, in one transaction. Bundles the old key signed stay valid as far
    /// as this store then held the changes of each node that sent it bundles for `unit`; later ones
    /// are refused. Revoking a key already revoked changes nothing but the enrolment of `newKey`.
    @discardableResult
    public func revoke(unit: String?, keyID oldKeyID: String, replacement newKey: Data? = nil, actor: String? = nil) throws -> RevokedKey {
        if let unit, campaign.unit(unit) == nil { throw DudaoError("未知单位“\(unit)”", "unknown unit '\(unit)'") }
        if identity.isBureau == (unit == nil) {
            throw identity.isBureau
                ? DudaoError("在教育局吊销密钥须用 --unit 指明单位", "at the bureau, name the unit whose key is revoked with --unit")
                : DudaoError("单位端只能吊销教育局的密钥（不带 --unit）", "a unit's agent revokes only the bureau's key (without --unit)")
        }
        let who = unit ?? "教育局"
        let whoEn = unit ?? "the bureau"
        let newKeyID = newKey.map(NodeIdentity.keyID(of:))
        if let newKeyID, newKeyID == oldKeyID {
            throw DudaoError("新密钥与要吊销的密钥相同（\(oldKeyID)）", "the new key is the key being revoked (\(oldKeyID))")
        }
        let now = environment.now()
        let own = identity.nodeID
        return try write { db in
            let current = try EnrolmentRow.filter(EnrolmentRow.Columns.unit == unit).fetchAll(db)
            let revoked = try RevokedKeyRow.fetchOne(db, key: oldKeyID)
            if let revoked, revoked.unit != unit {
                throw DudaoError("密钥 \(oldKeyID) 属于 \(revoked.unit ?? "教育局")，不是 \(who)", "key \(oldKeyID) belonged to \(revoked.unit ?? "the bureau"), not \(whoEn)")
            }
            if revoked == nil {
                guard let row = current.first(where: { $0.keyID == oldKeyID }) else {
                    let enrolled = current.map(\.keyID).joined(separator: ", ")
                    throw DudaoError("密钥 \(oldKeyID) 不是 \(who) 已登记的密钥（已登记：\(enrolled.isEmpty ? "无" : enrolled)），未做任何改动",
                                     "key \(oldKeyID) is not the enrolled key of \(whoEn) (enrolled: \(enrolled.isEmpty ? "none" : enrolled)); nothing was changed")
                }
                try Self.revokeEnrolled(row, replacedBy: newKeyID, actor: actor, at: now, own: own, db: db)
            } else if let others = current.first(where: { $0.keyID != newKeyID }), newKey != nil {
                throw DudaoError("\(who) 现登记的密钥是 \(others.keyID)，不是 \(oldKeyID)；请用 --replaces \(others.keyID)",
                                 "the key enrolled for \(whoEn) is \(others.keyID), not \(oldKeyID); use --replaces \(others.keyID)")
            }
            if let newKey, let newKeyID {
                try Self.retireEnrolments(of: unit, for: newKeyID, actor: actor, at: now, own: own, db: db)
                try EnrolmentRow(keyID: newKeyID, unit: unit, publicKey: newKey, enrolledMs: now).save(db)
                try RevokedKeyRow.filter(key: oldKeyID).updateAll(db, Column("replaced_by").set(to: newKeyID))
                try Self.audit(db, node: own, at: now, actor: actor, action: "enrol", subject: unit ?? "bureau", detail: newKeyID)
            }
            return try Self.revokedKey(db, keyID: oldKeyID)!
        }
    }

    /// Makes room for `newKeyID` as the key of `unit`: refuses a key revoked before, and revokes
    /// any other key enrolled for the unit (an enrolment replaces, it never silently forgets).
    static func retireEnrolments(of unit: String?, for newKeyID: String, actor: String?, at now: Int64, own: String, db: Database) throws {
        if try RevokedKeyRow.exists(db, key: newKeyID) {
            throw DudaoError("密钥 \(newKeyID) 已被吊销，不能再登记", "key \(newKeyID) was revoked and cannot be enrolled again")
        }
        for row in try EnrolmentRow.filter(EnrolmentRow.Columns.unit == unit).fetchAll(db) where row.keyID != newKeyID {
            try revokeEnrolled(row, replacedBy: newKeyID, actor: actor, at: now, own: own, db: db)
        }
        try EnrolmentRow.filter(EnrolmentRow.Columns.unit == unit).deleteAll(db)
    }

    /// Moves an enrolled key to the revoked keys, with the limits its bundles stay valid within:
    /// what this store holds of each node that sent it bundles for the key's unit (at a unit, of the
    /// bureau's nodes).
    @discardableResult
    static func revokeEnrolled(_ row: EnrolmentRow, replacedBy: String?, actor: String?, at now: Int64, own: String, db: Database) throws -> RevokedKeyRow {
        let revoked = RevokedKeyRow(keyID: row.keyID, unit: row.unit, publicKey: row.publicKey, revokedMs: now, replacedBy: replacedBy, actor: actor)
        try revoked.insert(db)
        let senders = try String.fetchAll(db, sql: "SELECT DISTINCT sender_node FROM bundle_log WHERE sender_unit IS ?", arguments: [row.unit])
        for origin in Set(senders) where origin != own {
            try RevokedKeyLimit(keyID: row.keyID, origin: origin, through: try knowledge(db, of: origin, own: own)).insert(db)
        }
        try EnrolmentRow.deleteOne(db, key: row.keyID)
        try audit(db, node: own, at: now, actor: actor, action: "revoke", subject: row.unit ?? "bureau", detail: row.keyID)
        return revoked
    }

    /// The revoked key `keyID`, if this store revoked it.
    public func revokedKey(keyID: String) throws -> RevokedKey? {
        try read { db in try Self.revokedKey(db, keyID: keyID) }
    }

    /// Every revoked key, by unit then time.
    public func revokedKeys(unit: String? = nil) throws -> [RevokedKey] {
        try read { db in
            var request = RevokedKeyRow.order(RevokedKeyRow.Columns.unit, RevokedKeyRow.Columns.revokedMs)
            if let unit { request = request.filter(RevokedKeyRow.Columns.unit == unit) }
            return try request.fetchAll(db).compactMap { try Self.revokedKey(db, keyID: $0.keyID) }
        }
    }

    static func revokedKey(_ db: Database, keyID: String) throws -> RevokedKey? {
        guard let row = try RevokedKeyRow.fetchOne(db, key: keyID) else { return nil }
        let limits = try RevokedKeyLimit.filter(RevokedKeyLimit.Columns.keyID == keyID).fetchAll(db)
        return RevokedKey(keyID: row.keyID, unit: row.unit, publicKey: row.publicKey, revokedMs: row.revokedMs, replacedBy: row.replacedBy,
                          limits: Dictionary(uniqueKeysWithValues: limits.map { ($0.origin, $0.through) }))
    }
}
