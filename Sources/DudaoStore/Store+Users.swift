import DudaoKernel
import Foundation
import GRDB

/// An account of the bureau's web interface as stored: the role is the web layer's to interpret.
public struct UserAccount: Sendable, Hashable {
    public var name: String
    public var role: String
    public var person: String?
    public var passwordHash: String
    public var createdMs: Int64
    public var disabled: Bool
}

/// A signed-in session as stored, with its account.
public struct StoredSession: Sendable, Hashable {
    public var tokenHash: String
    public var account: UserAccount
    public var csrf: String
    public var createdMs: Int64
    public var expiresMs: Int64
    public var lastSeenMs: Int64
}

/// Accounts and sessions of the bureau's web interface. Every change is audited; disabling an
/// account or resetting its password ends its sessions.
extension Store {
    /// Creates or replaces the account `name` (a replaced account keeps its creation time and is enabled).
    public func saveUser(name: String, role: String, person: String?, passwordHash: String, actor: String? = nil) throws {
        let now = environment.now()
        try write { db in
            var row = try BureauUserRow.fetchOne(db, key: name)
                ?? BureauUserRow(name: name, role: role, person: person, passwordHash: passwordHash, createdMs: now, disabled: false)
            row.role = role
            row.person = person
            row.passwordHash = passwordHash
            row.disabled = false
            try row.save(db)
            try Self.audit(db, node: self.identity.nodeID, at: now, actor: actor, action: "user", subject: name, detail: role)
        }
    }

    /// The account `name`, enabled or not.
    public func user(named name: String) throws -> UserAccount? {
        try read { db in try BureauUserRow.fetchOne(db, key: name)?.account }
    }

    /// Every account, by name.
    public func users() throws -> [UserAccount] {
        try read { db in try BureauUserRow.order(BureauUserRow.Columns.name).fetchAll(db).map(\.account) }
    }

    /// Disables or enables `name`; disabling ends its sessions.
    public func setUser(_ name: String, disabled: Bool, actor: String? = nil) throws {
        try changeUser(name, actor: actor, action: disabled ? "user-disable" : "user-enable", detail: nil) { row in
            row.disabled = disabled
            return disabled
        }
    }

    /// Gives `name` a new role (and roster person); its sessions end, so the next request signs in anew.
    public func setUser(_ name: String, role: String, person: String?, actor: String? = nil) throws {
        try changeUser(name, actor: actor, action: "user-role", detail: role) { row in
            row.role = role
            row.person = person
            return true
        }
    }

    /// Replaces the password hash of `name`; its sessions end.
    public func setUser(_ name: String, passwordHash: String, actor: String? = nil) throws {
        try changeUser(name, actor: actor, action: "user-password", detail: nil) { row in
            row.passwordHash = passwordHash
            return true
        }
    }

    private func changeUser(_ name: String, actor: String?, action: String, detail: String?,
                            _ change: @Sendable (inout BureauUserRow) -> Bool) throws {
        let now = environment.now()
        try write { db in
            guard var row = try BureauUserRow.fetchOne(db, key: name) else {
                throw DudaoError("没有账号“\(name)”", "no account '\(name)'")
            }
            let endSessions = change(&row)
            try row.update(db)
            if endSessions { try SessionRow.filter(SessionRow.Columns.user == name).deleteAll(db) }
            try Self.audit(db, node: self.identity.nodeID, at: now, actor: actor, action: action, subject: name, detail: detail)
        }
    }

    /// Starts a session of `user` under the SHA-256 of its token, lasting `lifetimeMs` from now.
    public func openSession(tokenHash: String, user: String, csrf: String, lifetimeMs: Int64) throws {
        let now = environment.now()
        try write { db in
            try SessionRow(tokenHash: tokenHash, user: user, csrf: csrf, createdMs: now, expiresMs: now + lifetimeMs, lastSeenMs: now)
                .insert(db)
            // Expired sessions go whenever a new one starts.
            try SessionRow.filter(SessionRow.Columns.expiresMs < now).deleteAll(db)
        }
    }

    /// The live session under `tokenHash`, with its account: nil when unknown, expired, or its account is disabled.
    /// Marks it seen (at most once a minute, to spare the disk).
    public func session(tokenHash: String) throws -> StoredSession? {
        let now = environment.now()
        let found = try read { db -> (SessionRow, BureauUserRow)? in
            guard let session = try SessionRow.fetchOne(db, key: tokenHash),
                  let user = try BureauUserRow.fetchOne(db, key: session.user) else { return nil }
            return (session, user)
        }
        guard let (session, user) = found, session.expiresMs > now, !user.disabled else { return nil }
        if now - session.lastSeenMs > 60_000 {
            _ = try write { db in
                try SessionRow.filter(key: tokenHash).updateAll(db, SessionRow.Columns.lastSeenMs.set(to: now))
            }
        }
        return StoredSession(tokenHash: session.tokenHash, account: user.account, csrf: session.csrf,
                             createdMs: session.createdMs, expiresMs: session.expiresMs, lastSeenMs: session.lastSeenMs)
    }

    /// Ends the session under `tokenHash`.
    public func closeSession(tokenHash: String) throws {
        _ = try write { db in try SessionRow.deleteOne(db, key: tokenHash) }
    }
}
