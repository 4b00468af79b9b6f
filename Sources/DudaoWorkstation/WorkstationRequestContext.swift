import DudaoKernel
import DudaoWeb
import Foundation
import Hummingbird

/// The workstation's request context: Hummingbird's storage plus the signed-in browser's form
/// token, filled in by ``SessionGate``; a handler that runs has a session.
public struct WorkstationRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The session's CSRF token; every form that changes something carries it.
    public var csrf: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        csrf = ""
    }
}

/// Lets in the browser that holds a session, or that brings the one-time secret (`?token=`),
/// which it spends: the answer sets the session cookie and redirects to the same address without
/// the secret. Everything else is refused (401, or 403 for a wrong or spent secret) in the
/// browser's language. Only the stylesheet is public.
struct SessionGate: RouterMiddleware {
    typealias Context = WorkstationRequestContext
    let access: WorkstationAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/assets/") { return try await next(request, context) }
        let t = WorkstationServer.language(of: request)
        let session = request.cookies[WorkstationServer.sessionCookie]?.value
        let csrf: String? = if let session { await access.csrf(forSession: session) } else { nil }
        if let secret = request.uri.queryParameters["token"] {
            let clean = Self.withoutToken(request)
            if csrf != nil { return WorkstationServer.redirect(clean) }
            switch await access.redeem(String(secret)) {
            case .opened(let token, _):
                // Kept for the working day, so closing the browser does not sign out; a restart of
                // dudao app ends every session anyway (they live in its memory).
                let cookie = Cookie(name: WorkstationServer.sessionCookie, value: token, maxAge: 12 * 3600, path: "/", httpOnly: true)
                return WorkstationServer.redirect(clean, cookies: [cookie.description + "; SameSite=Lax"])
            case .spent:
                throw HTTPError(.forbidden, message: t("这个登录链接已经用过一次，不能再用。请在单位端的电脑上重新启动 dudao app，用它新显示的链接打开。",
                                                         "This sign-in link has been used once and cannot be used again. Restart dudao app on the unit's PC and open the new link it prints."))
            case .wrong:
                throw HTTPError(.forbidden, message: t("登录链接不正确。请复制 dudao app 启动时显示的完整链接。",
                                                         "The sign-in link is wrong. Copy the whole link dudao app printed when it started."))
            }
        }
        guard let csrf else {
            throw HTTPError(.unauthorized, message: t("请用启动单位端（dudao app）时显示的链接打开本页；该链接只能用一次。",
                                                        "Open this page with the link dudao app printed when it started; the link works once."))
        }
        var context = context
        context.csrf = csrf
        return try await next(request, context)
    }

    /// The request's path and query without `token`.
    static func withoutToken(_ request: Request) -> String {
        let uri = request.uri
        let kept = uri.queryParameters.filter { $0.key != "token" }.map { "\(Link.encode(String($0.key)))=\(Link.encode(String($0.value)))" }
        return uri.path + (kept.isEmpty ? "" : "?" + kept.sorted().joined(separator: "&"))
    }
}
