import DudaoKernel
import DudaoWeb
import DudaoWorkspace
import Foundation
import HTTPTypes
import Hummingbird

/// What a page handler knows of a request: the language, the date, the query, the form token, the flash.
struct WorkstationPageContext: Sendable {
    var t: Tr
    var asOf: LocalDate
    var query: [String: String]
    var csrf: String
    var flash: Flash?
    var setLanguageCookie: Bool
}

/// The frame, the menu and the small parts every workstation page shares with the bureau's.
extension WorkstationServer {
    static let navigation: [NavigationItem] = [
        NavigationItem("todo", "/", zh: "待办", en: "To do"), NavigationItem("records", "/records", zh: "记录", en: "Records"),
        NavigationItem("ledger", "/ledger", zh: "台账", en: "Ledger"), NavigationItem("sync", "/sync", zh: "同步", en: "Sync"),
        NavigationItem("unit", "/unit", zh: "我的单位", en: "My unit"),
    ]

    /// The frame: the campaign's title beside the mark; the footer says whose PC and data this is.
    var layout: Layout {
        let sample = campaign.roster.sample
        let footer = LocalizedText(
            zh: "督导 · 单位端（\(unit.name.zh)）· 数据只保存在本机：\(workspace.store.directory.path)" + (sample ? " · 名单为示例数据" : ""),
            en: "Dudao · workstation of \(unit.name.en) · the data stays on this PC: \(workspace.store.directory.path)" + (sample ? " · the roster is sample data" : ""))
        return Layout(brand: LocalizedText(zh: "督导", en: "Dudao"), subtitle: campaign.title, navigation: Self.navigation, footer: footer)
    }

    /// The frame's view of a request; the menu shows only to a signed-in browser.
    func chrome(_ t: Tr, signedIn: Bool, asOf: LocalDate?, query: String, flash: Flash?) -> Chrome {
        Chrome(t: t, account: signedIn ? (t.text(unit.name), t("单位端", "workstation")) : nil, asOf: asOf, query: query, flash: flash)
    }

    /// The language of a request: `?lang=`, else the cookie, else Chinese.
    static func language(of request: Request) -> Tr {
        let chosen = request.uri.queryParameters["lang"].flatMap { Language(rawValue: String($0)) }
            ?? request.cookies[languageCookie].flatMap { Language(rawValue: $0.value) }
        return Tr(language: chosen ?? .zh)
    }

    func pageContext(_ request: Request, _ context: WorkstationRequestContext) -> WorkstationPageContext {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let at = query["at"].flatMap(LocalDate.init).map { max(campaign.window.start, min($0, campaign.window.end)) }
        return WorkstationPageContext(t: Self.language(of: request), asOf: at ?? defaultDate, query: query, csrf: context.csrf,
                                      flash: request.cookies[Flash.cookieName].flatMap { Flash(cookie: $0.value) },
                                      setLanguageCookie: query["lang"].flatMap(Language.init(rawValue:)) != nil)
    }

    /// A page in the frame; `asOfBox` shows the date chooser.
    func page(_ request: Request, _ context: WorkstationRequestContext, asOfBox: Bool = true, status: HTTPResponse.Status = .ok,
              _ build: (WorkstationPageContext) async throws -> Page) async throws -> Response {
        let c = pageContext(request, context)
        let page = try await build(c)
        return render(c, page, asOfBox: asOfBox, status: status)
    }

    /// A page already built, in the frame, with the language cookie set and the flash spent.
    func render(_ c: WorkstationPageContext, _ page: Page, asOfBox: Bool = true, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [:]
        if c.setLanguageCookie {
            headers.append(HTTPField(name: .setCookie, value: Cookie(name: Self.languageCookie, value: c.t.language.rawValue, path: "/").description))
        }
        if c.flash != nil { headers.append(HTTPField(name: .setCookie, value: Flash.clearCookie)) }
        let query = c.query.filter { $0.key != "lang" && $0.key != "token" }
            .map { "\(Link.encode($0.key))=\(Link.encode($0.value))" }.sorted().joined(separator: "&")
        let html = layout.render(page, chrome(c.t, signedIn: true, asOf: asOfBox ? c.asOf : nil, query: query, flash: c.flash))
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.markup)))
    }

    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// A redirect that leaves a message for the next page.
    static func redirect(_ location: Link, _ flash: Flash) -> Response { redirect(location.description, cookies: [flash.setCookie]) }

    /// The posted fields of a form whose CSRF token is the session's; a forged or stale form is refused (403).
    func postedForm(_ request: Request, _ context: WorkstationRequestContext) async throws -> (WorkstationPageContext, [(name: String, value: String)]) {
        var request = request
        let c = pageContext(request, context)
        let buffer = try await request.collectBody(upTo: maxFormBytes)
        let pairs = URLEncodedForm.pairs(String(buffer: buffer))
        try checkCSRF(pairs.last { $0.name == Form.csrfField }?.value, c)
        return (c, pairs)
    }

    /// A posted multipart form (a file upload) whose CSRF part is the session's, read up to `limit` bytes.
    func postedUpload(_ request: Request, _ context: WorkstationRequestContext, limit: Int) async throws -> (WorkstationPageContext, MultipartForm) {
        var request = request
        let c = pageContext(request, context)
        let buffer = try await request.collectBody(upTo: limit)
        guard let form = MultipartForm(Data(buffer: buffer), contentType: request.headers[.contentType] ?? "") else {
            throw HTTPError(.badRequest, message: c.t("上传的表单无法读取", "the uploaded form could not be read"))
        }
        try checkCSRF(form[Form.csrfField]?.text, c)
        return (c, form)
    }

    func checkCSRF(_ sent: String?, _ c: WorkstationPageContext) throws {
        guard let sent, WorkstationAccess.same(WorkstationAccess.hash(sent), WorkstationAccess.hash(c.csrf)) else {
            throw HTTPError(.forbidden, message: c.t("表单已过期或来源不明（CSRF 校验失败），请刷新后重试",
                                                       "the form is stale or forged (CSRF check failed); reload and try again"))
        }
    }

    /// A person of the roster by name; text that is not a roster id as it is.
    func personName(_ id: String?) -> String? {
        guard let id, !id.isEmpty else { return nil }
        return campaign.person(id)?.name ?? id
    }

    /// A record type's title in the page's language.
    func typeTitle(_ type: String, _ t: Tr) -> String { workspace.registry.recordType(type).map { t.text($0.title) } ?? type }

    /// The local date and time a record version was written.
    func written(_ record: RecordEnvelope) -> String { clock(Date(timeIntervalSince1970: Double(record.hlc.wall) / 1000)) }

    /// A date and time from milliseconds since 1970; "never" for nil.
    func moment(_ ms: Int64?, _ t: Tr) -> String {
        guard let ms else { return t("从未", "never") }
        return clock(Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// An instant as a date and time in the campaign's zone.
    func clock(_ date: Date) -> String {
        let day = workspace.engine.calendar.localDate(of: date)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = workspace.engine.calendar.timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return "\(day) " + String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// The sign-out form (the frame's "退出" link) and its post, which ends the session.
    func addSessionRoutes(to router: Router<WorkstationRequestContext>) {
        router.get("/logout") { request, context in
            try await self.page(request, context, asOfBox: false) { c in
                let t = c.t
                let form = Form.post(Link("/logout"), csrf: c.csrf, Field.submit(t("退出单位端", "Sign out of the workstation")))
                return Page(title: t("退出", "Sign out"), active: "", body: """
                    <p class="muted">\(t("退出后，再点一次“督导 · 单位端”图标（或运行 dudao app）即可用新的链接再次打开。", "After signing out, click the 督导 · 单位端 icon again (or run dudao app) to come back with a new link."))</p>
                    \(form.html)
                    """)
            }
        }
        router.post("/logout") { request, context -> Response in
            _ = try await self.postedForm(request, context)
            if let token = request.cookies[Self.sessionCookie]?.value { await self.access.close(token) }
            return Self.redirect("/", cookies: ["\(Self.sessionCookie)=; Path=/; Max-Age=0"])
        }
    }
}
