import Crypto
import DudaoKernel
import DudaoStore
import Foundation

/// The file a bureau gives a unit to set up its store and enrol in one trip: the campaign, the
/// bureau's key and address, the unit's id and a one-time code, signed by the bureau. See
/// `schemas/enrolment-kit.md`.
///
/// The code is the seed of an Ed25519 key: the unit proves it holds the kit by signing its own new
/// public key with it, and the bureau, which keeps only the code's public key, checks that proof.
public struct EnrolmentKit: Sendable, Hashable, Codable {
    public struct Bureau: Sendable, Hashable, Codable {
        public var node: String
        /// The bureau's Ed25519 public key, base64 of 32 bytes.
        public var publicKey: String
        public var keyID: String
        /// Where the bureau serves sync (`dudao serve`), if it does.
        public var address: String?

        public init(node: String, publicKey: String, keyID: String, address: String? = nil) {
            self.node = node
            self.publicKey = publicKey
            self.keyID = keyID
            self.address = address
        }
    }

    public static let formatName = "dudao-enrolment-kit-1"
    /// The largest kit file read; a campaign definition is far smaller.
    public static let maximumBytes = 8 << 20

    public var format: String
    public var kitID: String
    public var campaignID: String
    /// The campaign definition, as the bureau's store was made from it (JSON text).
    public var campaign: String
    public var unit: String
    public var bureau: Bureau
    /// The one-time enrolment code: base64 of the 32-byte seed of an Ed25519 key.
    public var code: String
    public var issuedMs: Int64
    public var expiresMs: Int64

    public init(format: String, kitID: String, campaignID: String, campaign: String, unit: String, bureau: Bureau, code: String,
                issuedMs: Int64, expiresMs: Int64) {
        self.format = format
        self.kitID = kitID
        self.campaignID = campaignID
        self.campaign = campaign
        self.unit = unit
        self.bureau = bureau
        self.code = code
        self.issuedMs = issuedMs
        self.expiresMs = expiresMs
    }

    /// The key the code makes: signs a unit's proof; its public half is what the bureau keeps.
    public static func codeKey(_ code: Data) throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(rawRepresentation: code)
    }

    /// A fresh random code (32 bytes).
    public static func newCode() -> Data { Curve25519.Signing.PrivateKey().rawRepresentation }

    /// The signed file: `{"kit": "<canonical JSON of the kit>", "signature": "<base64>"}`.
    public func signed(with key: Curve25519.Signing.PrivateKey) throws -> Data {
        let payload = try Self.canonical(self)
        let file = SignedFile(kit: String(decoding: payload, as: UTF8.self), signature: try key.signature(for: payload).base64EncodedString())
        return try Self.canonical(file) + Data("\n".utf8)
    }

    /// Reads and checks a kit file: its layout, the bureau's signature over it, the code, and that
    /// it has not expired at `now`. `file` names the input in errors.
    public static func read(_ data: Data, file: String, now: Int64) throws -> EnrolmentKit {
        func refuse(_ zh: String, _ en: String) -> KitError { KitError(file: file, zh: zh, en: en) }
        guard data.count <= maximumBytes else {
            throw refuse("文件 \(data.count) 字节，超过登记包上限 \(maximumBytes)", "the file is \(data.count) bytes, over the kit limit of \(maximumBytes)")
        }
        guard let outer = try? JSONDecoder().decode(SignedFile.self, from: data),
              let signature = Data(base64Encoded: outer.signature), signature.count == 64 else {
            throw refuse("不是督导登记包（应含 kit 与 signature 两项）", "not a Dudao enrolment kit (expected the fields kit and signature)")
        }
        let payload = Data(outer.kit.utf8)
        let kit: EnrolmentKit
        do {
            kit = try JSONDecoder().decode(EnrolmentKit.self, from: payload)
        } catch {
            throw refuse("登记包内容无法读取：\(error)", "the kit's content cannot be read: \(error)")
        }
        guard kit.format == formatName else {
            throw refuse("登记包格式 \(kit.format) 不是本程序认识的 \(formatName)", "kit format \(kit.format) is not \(formatName), the one this program reads")
        }
        guard let bureauKey = Data(base64Encoded: kit.bureau.publicKey), bureauKey.count == 32,
              let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: bureauKey),
              NodeIdentity.keyID(of: bureauKey) == kit.bureau.keyID else {
            throw refuse("登记包中的教育局公钥无效（bureau.publicKey）", "the bureau's public key in the kit is not valid (bureau.publicKey)")
        }
        guard publicKey.isValidSignature(signature, for: payload) else {
            throw refuse("登记包签名无效：内容被改动过，或不是教育局签发的", "the kit's signature does not verify: it was altered, or not issued by the bureau")
        }
        guard let code = Data(base64Encoded: kit.code), code.count == 32 else {
            throw refuse("登记包中的登记码无效（code）", "the enrolment code in the kit is not valid (code)")
        }
        guard now < kit.expiresMs else {
            throw refuse("登记包已于 \(Self.day(kit.expiresMs)) 过期，请向教育局索取新的登记包",
                         "the kit expired on \(Self.day(kit.expiresMs)); ask the bureau for a new one")
        }
        return kit
    }

    /// The bureau's public key (checked by `read`).
    public var bureauKey: Data { Data(base64Encoded: bureau.publicKey) ?? Data() }

    /// The proof a unit's bundles carry: its new public key, signed with this kit's code.
    public func claim(for unitKey: Data) throws -> EnrolmentClaim {
        let key = try Self.codeKey(Data(base64Encoded: code) ?? Data())
        let proof = try key.signature(for: EnrolmentClaim.message(kit: kitID, campaign: campaignID, unit: unit, publicKey: unitKey))
        return EnrolmentClaim(kit: kitID, publicKey: unitKey.base64EncodedString(), proof: proof.base64EncodedString())
    }

    static func day(_ ms: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000)) + "Z"
    }

    static func canonical(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    struct SignedFile: Codable {
        var kit: String
        var signature: String
    }
}

/// A unit's proof, in its bundle's header (`enrolment`), that it holds a kit: its public key,
/// signed with the kit's one-time code.
public struct EnrolmentClaim: Sendable, Hashable, Codable {
    /// The kit's id.
    public var kit: String
    /// The unit's Ed25519 public key, base64 of 32 bytes; its key id is the header's `sender.keyID`.
    public var publicKey: String
    /// Ed25519 signature by the code's key over `message(...)`, base64 of 64 bytes.
    public var proof: String

    public init(kit: String, publicKey: String, proof: String) {
        self.kit = kit
        self.publicKey = publicKey
        self.proof = proof
    }

    /// The bytes the proof signs: `dudao-enrol-v1`, kit, campaign, unit and the key (base64), one per line.
    public static func message(kit: String, campaign: String, unit: String, publicKey: Data) -> Data {
        Data("dudao-enrol-v1\n\(kit)\n\(campaign)\n\(unit)\n\(publicKey.base64EncodedString())".utf8)
    }

    /// Whether the proof was made with the code whose public key is `codeKey`, for this campaign and unit.
    public func verifies(codeKey: Data, campaign: String, unit: String) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: codeKey),
              let unitKey = Data(base64Encoded: publicKey), let signature = Data(base64Encoded: proof) else { return false }
        return key.isValidSignature(signature, for: Self.message(kit: kit, campaign: campaign, unit: unit, publicKey: unitKey))
    }
}

/// A kit file that cannot be used: which file, and why. Nothing was created.
public struct KitError: DudaoFailure, CustomStringConvertible {
    public var file: String
    public var message: LocalizedText

    public init(file: String, zh: String, en: String) {
        self.file = file
        message = LocalizedText(zh: "登记包 \(file)：\(zh)", en: "enrolment kit \(file): \(en)")
    }

    public var description: String { message.en }
}
