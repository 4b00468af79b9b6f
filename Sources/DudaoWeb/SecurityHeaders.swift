import Hummingbird

/// Security headers on every response: a content security policy that allows no inline or
/// foreign script and no framing, `nosniff`, a strict referrer policy, and `no-store` on
/// anything served to a signed-in browser (so a shared PC's back button shows no ledger).
/// The bureau's server and a unit's workstation both send them.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The cookie whose presence marks a signed-in browser.
    let sessionCookie: String

    public init(sessionCookie: String) {
        self.sessionCookie = sessionCookie
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = SecurityHeaders.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[SecurityHeaders.frameOptions] = "DENY"
        response.headers[SecurityHeaders.referrerPolicy] = "same-origin"
        if request.cookies[sessionCookie] != nil || response.headers[.setCookie] != nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}

/// The fixed parts of the security headers, built once rather than on every response (a generic
/// middleware cannot hold static stored properties).
enum SecurityHeaders {
    static let policy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
        "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")
    static let frameOptions = HTTPFields.Element.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!
}
