import DudaoKernel
import Foundation
import GRDB

/// The keys a store trusts: at the bureau, each unit's agent key; at a unit, the bureau's key.
public struct Enrolment: Sendable, Hashable {
    public var keyID: String
    /// The unit the key speaks for; nil for the bureau's key.
    public var unit: String?
    public var publicKey: Data

    /// Reads a public key file from a URL.
    public static func readKeyData(_ url: URL) throws -> Data { try readKey(url.path) }

    /// Reads a public key file as `dudao key export` writes it (base64 of the 32 raw bytes).
    public static func readKey(_ path: String) throws -> Data {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw DudaoError("无法读取公钥文件 \(path)", "cannot read the public key file \(path)")
        }
        // The key file format: bundle.md §6 (LF or CRLF line ends; "\r\n" is one Character).
        let line = text.split(whereSeparator: \.isNewline).first { !$0.hasPrefix("#") }.map(String.init) ?? ""
        guard let key = Data(base64Encoded: line.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32 else {
            throw DudaoError("\(path) 不是 Ed25519 公钥（应为 32 字节的 base64）", "\(path) is not an Ed25519 public key (32 bytes, base64)")
        }
        return key
    }
}

extension Store {
    /// Trusts `publicKey` for `unit` (nil: the bureau's key, enrolled at a unit). A unit's new key
    /// replaces its old one, which is revoked (`revoke(unit:keyID:replacement:)`).
    @discardableResult
    public func enrol(unit: String?, publicKey: Data, actor: String? = nil) throws -> Enrolment {
        if let unit, campaign.unit(unit) == nil {
            throw DudaoError("未知单位“\(unit)”", "unknown unit '\(unit)'")
        }
        if identity.isBureau && unit == nil {
            throw DudaoError("在教育局登记密钥须用 --unit 指明单位", "at the bureau, name the unit the key belongs to with --unit")
        }
        if !identity.isBureau && unit != nil {
            throw DudaoError("单位端只登记教育局的公钥（不带 --unit）", "a unit's agent enrols only the bureau's key (without --unit)")
        }
        let enrolment = Enrolment(keyID: NodeIdentity.keyID(of: publicKey), unit: unit, publicKey: publicKey)
        let now = environment.now()
        try write { db in
            try Self.retireEnrolments(of: unit, for: enrolment.keyID, actor: actor, at: now, own: self.identity.nodeID, db: db)
            try EnrolmentRow(keyID: enrolment.keyID, unit: unit, publicKey: publicKey, enrolledMs: now).save(db)
            try Self.audit(db, node: self.identity.nodeID, at: now, actor: actor, action: "enrol", subject: unit ?? "bureau",
                           detail: enrolment.keyID)
        }
        return enrolment
    }

    /// The enrolment of `keyID`, if this store trusts it.
    public func enrolment(keyID: String) throws -> Enrolment? {
        try read { db in try EnrolmentRow.fetchOne(db, key: keyID).map(\.enrolment) }
    }

    /// Every enrolment, units first by id.
    public func enrolments() throws -> [Enrolment] {
        try read { db in try EnrolmentRow.order(EnrolmentRow.Columns.unit).fetchAll(db).map(\.enrolment) }
    }
}

extension EnrolmentRow {
    var enrolment: Enrolment { Enrolment(keyID: keyID, unit: unit, publicKey: publicKey) }
}
