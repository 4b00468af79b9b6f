import Crypto
import Foundation

/// Who may use the workstation: whoever opened the one-time link printed at start (the Jupyter
/// convention). The link's secret signs one browser in and is spent; the browser then keeps a
/// session cookie. Sessions live in memory: a restart prints a new link and forgets the old ones.
/// The desktop launcher clicked again asks the running workstation for a fresh link with the
/// launcher secret (``LauncherFile``).
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

    /// The one unspent sign-in secret: the printed link's, or the last one the launcher asked for.
    private var secretHash: Data?
    /// Secrets used or replaced: refused with their own message. The newest few are kept.
    private var spentHashes: [Data] = []
    /// The launcher secret (see ``LauncherFile``): who shows it gets a fresh sign-in secret.
    private var launcherHash: Data?
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
            retire()
            let token = Self.randomToken(), csrf = Self.randomToken()
            sessions[Self.hash(token)] = csrf
            return .opened(session: token, csrf: csrf)
        }
        if spentHashes.contains(where: { Self.same(presented, $0) }) { return .spent }
        return .wrong
    }

    /// Makes a new launcher secret, replacing any before it; returns it (for ``LauncherFile``).
    public func newLauncherSecret() -> String {
        let secret = Self.randomToken()
        launcherHash = Self.hash(secret)
        return secret
    }

    /// The launcher clicked again: for the right launcher secret, a fresh one-time sign-in secret
    /// (any unspent one before it is retired); nil for a wrong or missing one, or none set.
    public func signInSecret(forLauncher presented: String) -> String? {
        guard let launcherHash, Self.same(Self.hash(presented), launcherHash) else { return nil }
        retire()
        let secret = Self.randomToken()
        secretHash = Self.hash(secret)
        return secret
    }

    /// Moves the unspent secret to the spent ones.
    private func retire() {
        if let secretHash { spentHashes.append(secretHash) }
        secretHash = nil
        if spentHashes.count > 64 { spentHashes.removeFirst(spentHashes.count - 64) }
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
