import DudaoKernel
import DudaoWeb
import Foundation
import HTTPTypes
import Hummingbird

/// What every page handler knows about the request: who, in which language, as of which date.
struct PageContext: Sendable {
    var user: BureauUser?
    var csrf: String?
    var t: Tr
    var asOf: LocalDate
    var query: [String: String]
    var setLanguageCookie: Bool
    /// The message a form's redirect left for this page.
    var flash: Flash?
}

extension BureauServer {
    static let sessionCookie = "dudao_session"
    static let languageCookie = "dudao_lang"

    /// Reads the session, language and date of a request.
    func pageContext(_ request: Request) async -> PageContext {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let fromQuery = query["lang"].flatMap(Language.init(rawValue:))
        let language = fromQuery ?? request.cookies[Self.languageCookie].flatMap { Language(rawValue: $0.value) } ?? .zh
        let session: SessionStore.Session?
        if let token = request.cookies[Self.sessionCookie]?.value {
            session = try? sessions.session(token)
        } else {
            session = nil
        }
        let asOf = query["at"].flatMap(LocalDate.init) ?? model.defaultDate
        let csrf = session?.csrf ?? (session == nil && autoLogin != nil ? autoLoginCSRF : nil)
        return PageContext(user: session?.user ?? autoLogin, csrf: csrf, t: Tr(language: language), asOf: asOf, query: query,
                           setLanguageCookie: fromQuery != nil, flash: request.cookies[Flash.cookieName].flatMap { Flash(cookie: $0.value) })
    }

    /// The frame's view of a request: account, date, the query the language switch keeps, the flash.
    func chrome(_ context: PageContext, query: String, asOf: Bool = true, flash: Bool = true) -> Chrome {
        Chrome(t: context.t, account: context.user.map { ($0.name, context.t.text($0.role.title)) }, asOf: asOf ? context.asOf : nil,
               query: query, flash: flash ? context.flash : nil)
    }

    /// A page response, or the login page when nobody is signed in. With `cacheKey`, the rendered
    /// page is shared by every request with the same key, date, language and account scope until the data changes.
    func page(_ request: Request, cacheKey: String? = nil, _ build: @escaping @Sendable (PageContext) async throws -> Page) async throws -> Response {
        let context = await pageContext(request)
        var headers: HTTPFields = [:]
        if context.setLanguageCookie {
            headers[.setCookie] = Cookie(name: Self.languageCookie, value: context.t.language.rawValue, path: "/").description
        }
        guard context.user != nil else {
            return Responses.redirect(Link("/login", query: ["next": request.uri.path]).description, headers: headers)
        }
        let query = context.query.filter { $0.key != "lang" }.map { "\(Link.encode($0.key))=\(Link.encode($0.value))" }.sorted().joined(separator: "&")
        let layout = self.layout(for: context.user)
        // A cached page is shared: it carries no flash message (the message waits for the next page).
        let chrome = self.chrome(context, query: query, flash: cacheKey == nil)
        let render: @Sendable () async throws -> String = {
            layout.render(try await build(context), chrome).markup
        }
        guard let cacheKey, let user = context.user else {
            if context.flash != nil { headers.append(HTTPField(name: .setCookie, value: Flash.clearCookie)) }
            return Responses.html(try await render(), headers: headers)
        }
        // The key names everything the page depends on (the account is in the page header); cached pages hold no form.
        let key = [cacheKey, query, context.t.language.rawValue, "\(context.asOf)", user.role.rawValue, user.person ?? "", user.name].joined(separator: "|")
        let page = try await model.page(key, render: render)
        let acceptsGzip = request.headers[.acceptEncoding].map { $0.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("gzip") } } ?? false
        headers[.vary] = "Accept-Encoding"
        if acceptsGzip, let gzipped = page.gzipped {
            headers[.contentEncoding] = "gzip"
            return Responses.html(gzipped, headers: headers)
        }
        return Responses.html(page.plain, headers: headers)
    }

    /// Parses an `application/x-www-form-urlencoded` body (bounded by the form limit).
    func form(_ request: Request) async throws -> [String: String] {
        var request = request
        let buffer = try await request.collectBody(upTo: maxFormBytes)
        return URLEncodedForm.fields(String(buffer: buffer))
    }

    /// The signed-in user of a form post whose CSRF token matches; otherwise a 403 (or 401 without a session).
    func authorisedForm(_ request: Request) async throws -> (PageContext, BureauUser, [String: String]) {
        let context = await pageContext(request)
        guard let user = context.user else { throw HTTPError(.unauthorized, message: "sign in first") }
        let fields = try await form(request)
        guard let token = fields["csrf"], let expected = context.csrf, token == expected else {
            throw HTTPError(.forbidden, message: context.t("表单已过期或来源不明（CSRF 校验失败），请刷新后重试",
                                                             "the form is stale or forged (CSRF check failed); reload and try again"))
        }
        return (context, user, fields)
    }

    /// The pre-session cookie whose value the login form must echo (double submit).
    static let loginCookie = "dudao_login"

    func addSessionRoutes(to router: Router<BureauRequestContext>) {
        router.get("/login") { request, _ -> Response in
            let context = await self.pageContext(request)
            let (token, headers) = self.loginToken(request)
            return Responses.html(self.loginPage(context, error: nil, next: SafeRedirect.path(context.query["next"]), token: token), headers: headers)
        }
        router.post("/login") { request, requestContext -> Response in
            let context = await self.pageContext(request)
            let fields = try await self.form(request)
            let next = SafeRedirect.path(fields["next"])
            // A login form from another site cannot know the pre-session cookie's value.
            guard let sent = fields["csrf"], !sent.isEmpty, let expected = request.cookies[Self.loginCookie]?.value, sent == expected else {
                self.networkEvents.warning("sign-in refused: CSRF token missing or wrong")
                throw HTTPError(.forbidden, message: context.t("登录表单已过期或来源不明（CSRF 校验失败），请刷新登录页后重试",
                                                                 "the sign-in form is stale or forged (CSRF check failed); reload the sign-in page and try again"))
            }
            let name = fields["name"] ?? "", password = fields["password"] ?? ""
            let address = self.trust.clientAddress(request, peer: requestContext.remoteAddress)
            if let wait = await self.loginThrottle.wait(account: name, address: address) {
                let seconds = Int(wait.rounded(.up))
                // A guesser hammers this branch: its log is bounded like any log the network can write to.
                self.networkEvents.warning("sign-in throttled: account=\(name.prefix(64)) address=\(address ?? "-") wait_s=\(seconds)")
                let message = context.t("尝试次数过多，请 \(seconds) 秒后再试", "too many attempts; try again in \(seconds) seconds")
                return Responses.html(self.loginPage(context, error: message, next: next, token: sent), status: .tooManyRequests,
                                      headers: [.retryAfter: "\(seconds)"])
            }
            guard let user = try await self.users.authenticate(name: name, password: password) else {
                await self.loginThrottle.failed(account: name, address: address)
                return Responses.html(self.loginPage(context, error: context.t("账号或密码不正确", "wrong account name or password"), next: next, token: sent),
                                      status: .unauthorized)
            }
            await self.loginThrottle.succeeded(account: name, address: address)
            let token = try self.sessions.open(user)
            // The pre-session cookie stays: it only pairs with a login form, and the next sign-in reuses it.
            let cookie = Cookie(name: Self.sessionCookie, value: token, path: "/", httpOnly: true)
            return Responses.redirect(next, headers: [.setCookie: cookie.description + "; SameSite=Lax"])
        }
        // Signing out is a form with the session's CSRF token: the shared page frame links here, and
        // this small page (never cached) carries the token.
        router.get("/logout") { request, _ -> Response in
            let context = await self.pageContext(request)
            guard context.user != nil, let csrf = context.csrf else { return Responses.redirect("/login") }
            let t = context.t
            let form = Form(method: .post, action: Link("/logout"), csrf: csrf, classes: "box", content: "\(Field.submit(t("退出登录", "Sign out")))")
            let page = Page(title: t("退出", "Sign out"), active: "", body: "\(form.html)")
            return Responses.html(self.layout.render(page, self.chrome(context, query: "", asOf: false, flash: false)).markup)
        }
        router.post("/logout") { request, _ -> Response in
            let context = await self.pageContext(request)
            let fields = try await self.form(request)
            guard let token = request.cookies[Self.sessionCookie]?.value else { return Responses.redirect("/login") }
            guard let sent = fields["csrf"], let expected = context.csrf, sent == expected else {
                self.networkEvents.warning("sign-out refused: CSRF token missing or wrong")
                throw HTTPError(.forbidden, message: context.t("表单已过期或来源不明（CSRF 校验失败），请刷新后重试",
                                                                 "the form is stale or forged (CSRF check failed); reload and try again"))
            }
            try self.sessions.close(token)
            return Responses.redirect("/login", headers: [.setCookie: "\(Self.sessionCookie)=; Path=/; Max-Age=0"])
        }
    }

    /// The login form's token: the browser's pre-session cookie if it has one, else a new one set
    /// `HttpOnly; SameSite=Strict` (a cross-site form post never carries it).
    func loginToken(_ request: Request) -> (String, HTTPFields) {
        if let existing = request.cookies[Self.loginCookie]?.value, existing.count >= 32, existing.count <= 64 { return (existing, [:]) }
        let token = SessionStore.randomToken()
        return (token, [.setCookie: "\(Self.loginCookie)=\(token); Path=/; HttpOnly; SameSite=Strict"])
    }

    func loginPage(_ context: PageContext, error: String?, next: String, token: String) -> String {
        let t = context.t
        let form = Form(method: .post, action: Link("/login"), csrf: token, classes: "box", content: """
            \(Field.hidden("next", next))
            <label>\(t("账号", "Account")) <input name="name" autofocus required></label>
            \(Field.password(t("密码", "Password"), name: "password"))
            \(Field.submit(t("登录", "Sign in")))
            """)
        let body: HTML = """
            \(error.map { Flash(.error, $0).html })
            \(form.html)
            <p class="muted">\(t("账号由局活动办用 dudao bureau user add 创建。", "Accounts are created by the campaign office with dudao bureau user add."))</p>
            """
        return layout.render(Page(title: t("登录", "Sign in"), active: "", body: body), Chrome(t: t)).markup
    }
}
