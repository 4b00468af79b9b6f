import Crypto
import Foundation

/// Who may use the workstation: whoever opened the one-time link printed at start (the Jupyter
/// convention). The link's secret signs one browser in and is spent; the browser then keeps a
/// session cookie. Sessions live in memory: a restart prints a new link and forgets the old ones.
public actor WorkstationAccess {
    /// What a request's secret or cookie came to.
    public enum Verdict: Sendable, Equatable {
        /// The secret was right and unused: a new session with its token and form token.
        case opened(session: String, csrf: String)
        /// The secret was right but already used.
        case spent
        /// The secret is not this server's.
        case wrong
    }

    private var secretHash: Data?
    private var spentHash: Data?
    /// Session token hashes → their form (CSRF) token.
    private var sessions: [Data: String] = [:]

    /// Access with a fresh secret; returns it with the access (to print once).
    public static func make() -> (access: WorkstationAccess, secret: String) {
        let secret = randomToken()
        return (WorkstationAccess(secret: secret), secret)
    }

    public init(secret: String) {
        secretHash = Self.hash(secret)
    }

    /// Spends the secret: the first right one opens a session, every later one is refused.
    public func redeem(_ secret: String) -> Verdict {
        let presented = Self.hash(secret)
        if let expected = secretHash, Self.same(presented, expected) {
            secretHash = nil
            spentHash = presented
            let token = Self.randomToken(), csrf = Self.randomToken()
            sessions[Self.hash(token)] = csrf
            return .opened(session: token, csrf: csrf)
        }
        if let spentHash, Self.same(presented, spentHash) { return .spent }
        return .wrong
    }

    /// The form token of a live session; nil for an unknown cookie.
    public func csrf(forSession token: String) -> String? { sessions[Self.hash(token)] }

    /// Ends a session.
    public func close(_ token: String) { sessions[Self.hash(token)] = nil }

    static func hash(_ text: String) -> Data { Data(SHA256.hash(data: Data(text.utf8))) }

    /// Compares two digests in time that does not depend on where they differ.
    static func same(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    static func randomToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
