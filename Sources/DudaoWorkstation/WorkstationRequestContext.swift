import DudaoKernel
import DudaoWeb
import Foundation
import HTTPTypes
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
/// browser's language. Only the stylesheet is public, and the launcher's ``launcherLink(_:)``.
struct SessionGate: RouterMiddleware {
    typealias Context = WorkstationRequestContext
    let access: WorkstationAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path.hasPrefix("/assets/") { return try await next(request, context) }
        if request.uri.path == LauncherFile.path { return try await launcherLink(request) }
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
                throw HTTPError(.forbidden, message: t("这个登录链接已经用过或已被新的链接取代，不能再用。请在本机再点一次桌面或菜单中的“督导 · 单位端”图标，它会用新的链接打开单位端。",
                                                         "This sign-in link has been used or replaced by a newer one and cannot be used again. Click the 督导 · 单位端 (Dudao workstation) icon on this PC's desktop or menu again: it opens the workstation with a new link."))
            case .wrong:
                throw HTTPError(.forbidden, message: t("登录链接不正确。请复制 dudao app 启动时显示的完整链接。",
                                                         "The sign-in link is wrong. Copy the whole link dudao app printed when it started."))
            }
        }
        guard let csrf else {
            throw HTTPError(.unauthorized, message: t("这个浏览器还没有登录单位端。请在本机再点一次桌面或菜单中的“督导 · 单位端”图标，它会用新的一次性链接打开单位端（在终端中则运行 dudao app --open）。不需要重启电脑。",
                                                        "This browser is not signed in to the workstation. Click the 督导 · 单位端 (Dudao workstation) icon on this PC's desktop or menu again: it opens the workstation with a new one-time link (in a terminal, run dudao app --open). There is no need to restart the PC."))
        }
        var context = context
        context.csrf = csrf
        return try await next(request, context)
    }

    /// `POST /launcher/link` from `dudao app` started again on this PC: with the launcher secret
    /// of ``LauncherFile`` in its header, a fresh one-time sign-in secret (plain text); anything
    /// else is refused (403) and issues nothing.
    func launcherLink(_ request: Request) async throws -> Response {
        let t = WorkstationServer.language(of: request)
        guard request.method == .post else { throw HTTPError(.methodNotAllowed) }
        guard let presented = request.headers[HTTPField.Name(LauncherFile.header)!],
              let secret = await access.signInSecret(forLauncher: presented) else {
            throw HTTPError(.forbidden, message: t("启动密钥不正确", "the launcher secret is wrong"))
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: secret)))
    }

    /// The request's path and query without `token`.
    static func withoutToken(_ request: Request) -> String {
        let uri = request.uri
        let kept = uri.queryParameters.filter { $0.key != "token" }.map { "\(Link.encode(String($0.key)))=\(Link.encode(String($0.value)))" }
        return uri.path + (kept.isEmpty ? "" : "?" + kept.sorted().joined(separator: "&"))
    }
}
