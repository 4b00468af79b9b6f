import Foundation
import Hummingbird

/// A same-site link: path segments and query values percent-encoded, so every id round-trips
/// (record ids contain `#`, unit names may contain anything).
public struct Link: Sendable, Hashable, CustomStringConvertible {
    public private(set) var description: String

    /// `/ledger` + `ID` → `/ledger/ID%23p1`; each segment is encoded whole (a `/` inside it too).
    public init(_ base: String, _ segments: String..., query: KeyValuePairs<String, String?> = [:]) {
        var path = base
        for segment in segments { path += "/" + Self.encode(segment) }
        let items = query.compactMap { key, value in value.map { Self.encode(key) + "=" + Self.encode($0) } }
        description = items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    /// The characters left as they are in a path segment or query value.
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")

    /// Percent-encodes everything but ASCII letters, digits and `-_.~`.
    public static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

extension RequestContext {
    /// A path parameter, percent-decoded: `/ledger/{id}` with `a%23p1` gives `a#p1`.
    public func pathParameter(_ name: String) -> String {
        let raw = parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}
