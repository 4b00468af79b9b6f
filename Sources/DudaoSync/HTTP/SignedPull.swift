import Crypto
import DudaoKernel
import DudaoStore
import Foundation
import Synchronization

/// A unit's request for its bundle from the bureau (`GET /api/v1/bundles/UNIT`), signed by the
/// unit's key: the one definition the client signs and the server verifies.
public struct SignedPull: Sendable, Hashable {
    public static let keyHeader = "X-Dudao-Key"
    public static let timeHeader = "X-Dudao-Time"
    public static let signatureHeader = "X-Dudao-Signature"
    public static let nonceHeader = "X-Dudao-Nonce"
    /// How far the signed time may be from the server's clock.
    public static let window: Int64 = 10 * 60_000

    public var unit: String
    public var keyID: String
    /// Milliseconds since 1970, by the unit's clock.
    public var time: Int64
    /// Random, new for every request: the server accepts each (key, time, nonce) once.
    public var nonce: String
    public var signature: Data

    /// The path of the request.
    public static func path(unit: String) -> String { "/api/v1/bundles/\(unit)" }

    /// The text signed: Ed25519 over `GET PATH TIME NONCE`.
    public static func message(unit: String, time: Int64, nonce: String) -> Data {
        Data("GET \(path(unit: unit)) \(time) \(nonce)".utf8)
    }

    /// A fresh nonce: 16 random bytes, base64url without padding (22 characters).
    public static func newNonce() -> String {
        SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Signs the request of `store`'s unit at the store's time.
    public static func signed(by store: Store) throws -> SignedPull {
        guard let unit = store.identity.unit else {
            throw DudaoError("只有单位端可以签名下载请求", "only a unit's agent signs a pull request")
        }
        let key = try NodeKeys.privateKey(in: store.directory)
        let time = store.environment.now()
        let nonce = newNonce()
        return SignedPull(unit: unit, keyID: store.identity.keyID, time: time, nonce: nonce,
                          signature: try key.signature(for: message(unit: unit, time: time, nonce: nonce)))
    }

    /// The request's headers, by name.
    public var headers: [String: String] {
        [Self.keyHeader: keyID, Self.timeHeader: String(time), Self.nonceHeader: nonce, Self.signatureHeader: signature.base64EncodedString()]
    }

    /// Reads a request for `unit` from its headers; nil when one is missing or malformed.
    public init?(unit: String, header: (String) -> String?) {
        guard let keyID = header(Self.keyHeader), let timeText = header(Self.timeHeader), let time = Int64(timeText),
              let nonce = header(Self.nonceHeader), (16...64).contains(nonce.utf8.count),
              let signatureText = header(Self.signatureHeader), let signature = Data(base64Encoded: signatureText) else { return nil }
        self.init(unit: unit, keyID: keyID, time: time, nonce: nonce, signature: signature)
    }

    public init(unit: String, keyID: String, time: Int64, nonce: String, signature: Data) {
        self.unit = unit
        self.keyID = keyID
        self.time = time
        self.nonce = nonce
        self.signature = signature
    }

    /// Why the server refuses a request.
    public enum Refusal: Error, Sendable, Hashable {
        /// The key is not enrolled for this unit, or the signature does not verify.
        case wrongKey
        /// The signed time is more than `window` off the server's clock.
        case stale
        /// This very request (key, time, nonce) was already answered: a replay.
        case replayed
    }

    /// Checks the request against `store`'s enrolments and clock, and `seen` for a replay.
    public func verify(at store: Store, seen: SeenPulls) throws -> Refusal? {
        guard let enrolment = try store.enrolment(keyID: keyID), enrolment.unit == unit,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: enrolment.publicKey),
              key.isValidSignature(signature, for: Self.message(unit: unit, time: time, nonce: nonce)) else { return .wrongKey }
        let now = store.environment.now()
        guard abs(now - time) < Self.window else { return .stale }
        guard seen.first("\(keyID) \(time) \(nonce)", signedAt: time, now: now) else { return .replayed }
        return nil
    }
}

/// The signed pulls answered within the window, so that each is answered once. Only requests whose
/// signature verified are remembered, each until its signed time leaves the window (after which it
/// is refused as stale anyway); at most `capacity` are kept, the oldest signed time dropped first.
public final class SeenPulls: Sendable {
    private let seen = Mutex<[String: Int64]>([:])
    private let capacity: Int

    public init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// True the first time `key` is seen within the window; false for a replay.
    public func first(_ key: String, signedAt time: Int64, now: Int64) -> Bool {
        seen.withLock { seen in
            if seen[key] != nil { return false }
            if seen.count >= capacity {
                seen = seen.filter { now - $0.value < SignedPull.window }
                while seen.count >= capacity, let oldest = seen.min(by: { $0.value < $1.value }) { seen[oldest.key] = nil }
            }
            seen[key] = time
            return true
        }
    }

    /// How many requests are remembered (for tests of the bound).
    public var count: Int { seen.withLock { $0.count } }
}

/// What became of one bundle: the bureau's answer to an upload (`POST /api/v1/bundles`) and a
/// line of `dudao bundle import --json`. Its shape is `schemas/output/import-outcome.schema.json`.
public struct UploadAnswer: Codable, Sendable, Hashable {
    /// The file imported; absent for an upload.
    public var file: String?
    /// `applied`, `duplicate`, `held` or `refused`.
    public var status: String
    public var changes: Int?
    public var duplicates: Int?
    public var conflicts: Int?
    /// Held bundles this one released.
    public var released: [String]?
    /// The refusal's cause, e.g. `bad-signature`, `unauthorised`, `too-large`, `unreadable`.
    public var fault: String?
    /// Why a bundle was held or refused, in the language asked for (English on the wire).
    public var reason: String?
    /// The reason in Chinese, on the wire.
    public var reasonZh: String?
    /// What the bundle told the receiver of the two nodes' builds; absent when they agree.
    public var builds: BuildNotes?

    public init(file: String? = nil, status: String, changes: Int? = nil, duplicates: Int? = nil, conflicts: Int? = nil,
                released: [String]? = nil, fault: String? = nil, reason: String? = nil, reasonZh: String? = nil) {
        self.file = file
        self.status = status
        self.changes = changes
        self.duplicates = duplicates
        self.conflicts = conflicts
        self.released = released
        self.fault = fault
        self.reason = reason
        self.reasonZh = reasonZh
    }

    enum CodingKeys: String, CodingKey {
        case file, status, changes, duplicates, conflicts, released, reason, reasonZh, fault, builds
    }

    /// The answer to `outcome`.
    public init(_ outcome: ImportOutcome) {
        switch outcome {
        case .applied(let changes, let duplicates, let conflicts, _, let released):
            self.init(status: "applied", changes: changes, duplicates: duplicates, conflicts: conflicts, released: released)
        case .duplicate:
            self.init(status: "duplicate")
        case .held(let waiting):
            self.init(status: "held", reason: "waiting for changes up to \(waiting)")
        case .refused(let error):
            self.init(status: "refused", fault: error.fault.rawValue, reason: error.message.en, reasonZh: error.message.zh)
        }
    }
}
