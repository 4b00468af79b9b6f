import DudaoKernel

/// Why a bundle is refused: a reason a person can act on, naming the fault and where it is.
public struct BundleError: DudaoFailure, Hashable, CustomStringConvertible {
    public enum Fault: String, Sendable, Hashable, Codable {
        case tooLarge = "too-large"
        case notABundle = "not-a-bundle"
        case newerFormat = "newer-format"
        case unknownCapability = "unknown-capability"
        case truncated
        case trailingData = "trailing-data"
        case badHeader = "bad-header"
        case unenrolledKey = "unenrolled-key"
        /// Signed by a revoked key, and carrying changes beyond what the receiver held when it was revoked.
        case revokedKey = "revoked-key"
        case badSignature = "bad-signature"
        case bodyMismatch = "body-mismatch"
        case sizeMismatch = "size-mismatch"
        case corruptBody = "corrupt-body"
        case duplicateChange = "duplicate-change"
        case wrongRecipient = "wrong-recipient"
        case unauthorised
        case invalidRecord = "invalid-record"
        case conflictingID = "conflicting-id"
        case revisionRefused = "revision-refused"
    }

    public var fault: Fault
    public var message: LocalizedText
    /// The write policy's refusal, when that is why (`.unauthorised`).
    public var refusal: WriteRefusal?

    public init(_ fault: Fault, _ zh: String, _ en: String, refusal: WriteRefusal? = nil) {
        self.fault = fault
        message = LocalizedText(zh: zh, en: en)
        self.refusal = refusal
    }

    public var description: String { "\(fault.rawValue): \(message.en)" }
}
