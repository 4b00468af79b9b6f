import DudaoKernel
import DudaoStore
import Foundation
import HummingbirdBcrypt
import NIOPosix

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
    /// The campaign in force, whose roster names the leaders (a running server's follows its revisions).
    let campaign: @Sendable () -> Campaign

    public init(store: Store) {
        self.init(store: store) { store.campaign }
    }

    /// Accounts checked against `campaign()`, the campaign in force when an account is saved.
    public init(store: Store, campaign: @escaping @Sendable () -> Campaign) {
        self.store = store
        self.campaign = campaign
    }

    /// Creates or replaces an account.
    public func add(name: String, role: BureauRole, person: String?, password: String, cost: UInt8 = 10, actor: String? = nil) throws {
        guard store.identity.isBureau else {
            throw DudaoError("只有教育局的数据库可以创建网页账号", "web accounts exist only in the bureau's store")
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw DudaoError("账号名“\(name)”无效（字母、数字、-_.）", "account name '\(name)' is invalid (letters, digits, -_.)")
        }
        try Self.checkPassword(password)
        try checkPerson(role: role, person: person)
        try store.saveUser(name: name, role: role.rawValue, person: person, passwordHash: Bcrypt.hash(password, cost: cost), actor: actor)
    }

    /// Disables or enables an account; a disabled account's sessions end and it cannot sign in.
    public func setDisabled(_ name: String, _ disabled: Bool, actor: String? = nil) throws {
        try store.setUser(name, disabled: disabled, actor: actor)
    }

    /// Gives an account a new password; its sessions end.
    public func resetPassword(_ name: String, to password: String, cost: UInt8 = 10, actor: String? = nil) throws {
        try Self.checkPassword(password)
        try store.setUser(name, passwordHash: Bcrypt.hash(password, cost: cost), actor: actor)
    }

    /// Gives an account a new role (a leader names their roster person); its sessions end.
    public func changeRole(_ name: String, to role: BureauRole, person: String?, actor: String? = nil) throws {
        try checkPerson(role: role, person: person)
        try store.setUser(name, role: role.rawValue, person: role == .leader ? person : nil, actor: actor)
    }

    /// Every account, by name, with whether it is disabled.
    public func all() throws -> [(user: BureauUser, disabled: Bool)] {
        try store.users().compactMap { account in account.user.map { ($0, account.disabled) } }
    }

    /// The account when `password` is right and the account is enabled; nil otherwise. bcrypt runs
    /// on the thread pool, never on the caller's executor, and takes as long for an unknown account.
    public func authenticate(name: String, password: String) async throws -> BureauUser? {
        let account = try store.user(named: name)
        let hash = account?.passwordHash ?? Self.decoyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
        guard let account, matches, !account.disabled else { return nil }
        return account.user
    }

    /// The enabled account named `name`, without a password: for `--auto-login` on loopback.
    public func account(_ name: String) throws -> BureauUser? {
        try store.user(named: name).flatMap { $0.disabled ? nil : $0.user }
    }

    private static func checkPassword(_ password: String) throws {
        guard password.count >= 8 else {
            throw DudaoError("密码至少 8 个字符", "the password needs at least 8 characters")
        }
    }

    private func checkPerson(role: BureauRole, person: String?) throws {
        if role == .leader {
            guard let person, campaign().person(person)?.roles.contains(.bureauLeader) == true else {
                throw DudaoError("局领导账号须用 --person 指明名单中的局领导", "a leader account needs --person naming a bureau leader of the roster")
            }
        }
    }

    /// A hash of a password nobody has, at the cost of real accounts: verifying against it takes
    /// as long as against a real one.
    static let decoyHash = Bcrypt.hash("decoy-password", cost: 10)
}

extension UserAccount {
    /// The account as the web layer sees it; nil for a role this build does not know.
    var user: BureauUser? { BureauRole(rawValue: role).map { BureauUser(name: name, role: $0, person: person) } }
}
