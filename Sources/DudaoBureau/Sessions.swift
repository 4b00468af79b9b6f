import Crypto
import Foundation

/// Signed-in sessions: a random token in a cookie, a CSRF token per session, an expiry.
public actor SessionStore {
    public struct Session: Sendable {
        public var user: BureauUser
        public var csrf: String
        public var expires: Date
    }

    private var sessions: [String: Session] = [:]
    private let lifetime: TimeInterval

    public init(lifetime: TimeInterval = 8 * 3600) {
        self.lifetime = lifetime
    }

    /// Starts a session; returns its token.
    public func open(_ user: BureauUser) -> String {
        let token = Self.randomToken()
        sessions[token] = Session(user: user, csrf: Self.randomToken(), expires: Date().addingTimeInterval(lifetime))
        return token
    }

    public func session(_ token: String) -> Session? {
        guard let session = sessions[token] else { return nil }
        if session.expires < Date() {
            sessions[token] = nil
            return nil
        }
        return session
    }

    public func close(_ token: String) { sessions[token] = nil }

    static func randomToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
