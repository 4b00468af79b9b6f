import DudaoKernel
import Foundation

/// A value that leaves the program as JSON: a command's `--json` output, an HTTP API answer.
///
/// Each conforming type states its shape with explicit coding keys and has a JSON Schema under
/// `schemas/output/` (named by `PublicJSON.schemas`); Swift's derived encoding of domain types
/// (enums with payloads, internal names) never reaches a reader.
public protocol PublicOutput: Encodable, Sendable {}

extension Array: PublicOutput where Element: PublicOutput {}

/// The one encoder of public JSON, used by the command line and the HTTP API alike.
public enum PublicJSON {
    /// How the JSON is laid out: indented for people at a terminal, compact on the wire.
    public enum Layout: Sendable {
        case pretty, compact
    }

    /// Encodes `value` with sorted keys, unescaped slashes and dates as ISO 8601 strings
    /// (calendar days are already `YYYY-MM-DD` strings).
    public static func encode<T: PublicOutput>(_ value: T, layout: Layout = .compact) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = layout == .pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }
}

/// A refusal or error answered as JSON: what happened and why.
public struct PublicProblem: PublicOutput, Hashable {
    /// `refused` or `error`.
    public var status: String
    /// A machine-readable cause, e.g. `too-large`, `bad-signature`.
    public var fault: String?
    /// Why, in English.
    public var reason: String
    /// Why, in Chinese, when the cause has a Chinese message.
    public var reasonZh: String?

    public init(status: String = "refused", fault: String? = nil, reason: String, reasonZh: String? = nil) {
        self.status = status
        self.fault = fault
        self.reason = reason
        self.reasonZh = reasonZh
    }

    enum CodingKeys: String, CodingKey {
        case status, fault, reason, reasonZh
    }
}

/// `dudao campaign show --json` prints the campaign in its file format, whose shape
/// `schemas/campaign.schema.json` states.
extension Campaign: PublicOutput {}
