import HTTPTypes
import Hummingbird
import NIOCore

/// The bureau's request context: Hummingbird's core storage plus the connected peer's address,
/// which the login throttle counts failures against.
public struct BureauRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The address of the TCP peer (the proxy's, when there is one).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// How the server is reached: directly, or behind a reverse proxy whose forwarding headers it trusts.
public struct ProxyTrust: Sendable {
    /// Trust `X-Forwarded-For` and `X-Forwarded-Proto` (set only when a proxy in front rewrites them).
    public var behindProxy: Bool
    /// Mark every cookie `Secure` whatever the request says.
    public var secureCookies: Bool

    public init(behindProxy: Bool = false, secureCookies: Bool = false) {
        self.behindProxy = behindProxy
        self.secureCookies = secureCookies
    }

    /// The client's address: the peer's, or behind a trusted proxy the last hop it appended to `X-Forwarded-For`.
    public func clientAddress(_ request: Request, peer: SocketAddress?) -> String? {
        if behindProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
           let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return String(last.prefix(64))
        }
        return peer?.ipAddress
    }

    /// Whether cookies set in answer to `request` must carry `Secure`.
    public func cookiesAreSecure(_ request: Request) -> Bool {
        if secureCookies { return true }
        guard behindProxy, let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!] else { return false }
        return proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }
}

/// Adds `Secure` to every cookie the answer sets when the browser reached us over HTTPS
/// (`--secure-cookies`, or a trusted proxy saying `X-Forwarded-Proto: https`).
struct SecureCookiesMiddleware<Context: RequestContext>: RouterMiddleware {
    let trust: ProxyTrust

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard trust.cookiesAreSecure(request) else { return response }
        let cookies = response.headers[values: .setCookie]
        guard !cookies.isEmpty else { return response }
        response.headers[.setCookie] = nil
        for cookie in cookies {
            let secure = cookie.lowercased().contains("; secure") ? cookie : cookie + "; Secure"
            response.headers.append(HTTPField(name: .setCookie, value: secure))
        }
        return response
    }
}
