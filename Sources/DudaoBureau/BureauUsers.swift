import DudaoKernel
import DudaoStore
import Foundation
import GRDB
import HummingbirdBcrypt

/// What a bureau account may do in the browser.
public enum BureauRole: String, Sendable, Codable, CaseIterable {
    /// The campaign office (局活动办): everything.
    case office
    /// A bureau leader: the assigned units and offices in charge.
    case leader
    /// Read only.
    case viewer

    public var title: LocalizedText {
        switch self {
        case .office: LocalizedText(zh: "局活动办", en: "campaign office")
        case .leader: LocalizedText(zh: "局领导", en: "bureau leader")
        case .viewer: LocalizedText(zh: "只读", en: "viewer")
        }
    }
}

/// A signed-in person of the bureau.
public struct BureauUser: Sendable, Hashable, Codable {
    public var name: String
    public var role: BureauRole
    /// The roster person a leader account stands for.
    public var person: String?

    /// The ledger role this account acts with.
    public var ledgerRole: LedgerRole {
        switch role {
        case .office: .office
        case .leader: .leader
        case .viewer: .viewer
        }
    }

    /// Whether the account may see and act on `unit`: the office all, a leader their own units.
    public func covers(_ unit: String, in campaign: Campaign) -> Bool {
        switch role {
        case .office, .viewer: return true
        case .leader:
            guard let person = person.flatMap(campaign.person) else { return false }
            return LedgerPolicy.leader(person, mayActOn: unit)
        }
    }
}

/// Accounts of the bureau's web interface, with bcrypt-hashed passwords in the bureau's store.
public struct BureauUsers: Sendable {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Creates or replaces an account.
    public func add(name: String, role: BureauRole, person: String?, password: String, cost: UInt8 = 10) throws {
        guard store.identity.isBureau else {
            throw DudaoError("只有教育局的数据库可以创建网页账号", "web accounts exist only in the bureau's store")
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw DudaoError("账号名“\(name)”无效（字母、数字、-_.）", "account name '\(name)' is invalid (letters, digits, -_.)")
        }
        guard password.count >= 8 else {
            throw DudaoError("密码至少 8 个字符", "the password needs at least 8 characters")
        }
        if role == .leader {
            guard let person, store.campaign.person(person)?.roles.contains(.bureauLeader) == true else {
                throw DudaoError("局领导账号须用 --person 指明名单中的局领导", "a leader account needs --person naming a bureau leader of the roster")
            }
        }
        let hash = Bcrypt.hash(password, cost: cost)
        let now = store.environment.now()
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO bureau_user (name, role, person, password_hash, created_ms) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET role = excluded.role, person = excluded.person, password_hash = excluded.password_hash
                """, arguments: [name, role.rawValue, person, hash, now])
            try db.execute(sql: "INSERT INTO audit (at_ms, node, actor, action, subject, detail) VALUES (?, ?, NULL, 'user', ?, ?)",
                           arguments: [now, store.identity.nodeID, name, role.rawValue])
        }
    }

    /// The account when `password` is right; nil otherwise.
    public func authenticate(name: String, password: String) throws -> BureauUser? {
        let row = try store.read { db -> (role: String, person: String?, hash: String)? in
            try Row.fetchOne(db, sql: "SELECT role, person, password_hash FROM bureau_user WHERE name = ?", arguments: [name])
                .map { ($0["role"], $0["person"], $0["password_hash"]) }
        }
        guard let row, let role = BureauRole(rawValue: row.role) else {
            _ = Bcrypt.verify(password, hash: Self.decoyHash)  // the same work whether or not the account exists
            return nil
        }
        guard Bcrypt.verify(password, hash: row.hash) else { return nil }
        return BureauUser(name: name, role: role, person: row.person)
    }

    /// The account named `name`, without a password: for `--auto-login` on loopback.
    public func account(_ name: String) throws -> BureauUser? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT role, person FROM bureau_user WHERE name = ?", arguments: [name]).flatMap { row in
                BureauRole(rawValue: row["role"]).map { BureauUser(name: name, role: $0, person: row["person"]) }
            }
        }
    }

    static let decoyHash = Bcrypt.hash("decoy-password", cost: 10)
}
