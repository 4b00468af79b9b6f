import Foundation

/// A one-time message shown on the next page after a form's redirect ("supervised", "refused: …"),
/// carried in a short-lived cookie.
public struct Flash: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case ok, error
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static let cookieName = "dudao_flash"

    /// The `Set-Cookie` value that carries this message to the next page.
    public var setCookie: String {
        "\(Self.cookieName)=\(kind.rawValue):\(Link.encode(message)); Path=/; Max-Age=60; HttpOnly; SameSite=Lax"
    }

    /// The `Set-Cookie` value that removes a shown message.
    public static let clearCookie = "\(cookieName)=; Path=/; Max-Age=0"

    /// The message a cookie value carries; nil when it carries none.
    public init?(cookie value: String) {
        let parts = value.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])),
              let message = String(parts[1]).removingPercentEncoding, !message.isEmpty else { return nil }
        self.init(kind, String(message.prefix(500)))
    }

    public var html: HTML {
        "<p class=\"flash \(kind == .ok ? "ok" : "err")\" role=\"status\">\(message)</p>"
    }
}
