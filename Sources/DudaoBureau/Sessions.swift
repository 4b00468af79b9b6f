import Crypto
import DudaoKernel
import DudaoStore
import Foundation

/// Signed-in sessions: a random token in a cookie, a CSRF token per session, an expiry. They live
/// in the bureau's store (only the token's SHA-256), so a restart keeps them; disabling an account
/// or resetting its password ends them. Time is the store's clock.
public struct SessionStore: Sendable {
    public struct Session: Sendable {
        public var user: BureauUser
        public var csrf: String
        public var expires: Date
    }

    let store: Store
    private let lifetime: TimeInterval

    public init(store: Store, lifetime: TimeInterval = 8 * 3600) {
        self.store = store
        self.lifetime = lifetime
    }

    /// Starts a session; returns its token.
    public func open(_ user: BureauUser) throws -> String {
        let token = Self.randomToken()
        try store.openSession(tokenHash: Self.hash(token), user: user.name, csrf: Self.randomToken(),
                              lifetimeMs: Int64(lifetime * 1000))
        return token
    }

    /// The live session of `token`: nil when unknown, expired, or its account is disabled.
    public func session(_ token: String) throws -> Session? {
        guard let stored = try store.session(tokenHash: Self.hash(token)), let user = stored.account.user else { return nil }
        return Session(user: user, csrf: stored.csrf, expires: Date(timeIntervalSince1970: Double(stored.expiresMs) / 1000))
    }

    public func close(_ token: String) throws { try store.closeSession(tokenHash: Self.hash(token)) }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }

    static func randomToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
