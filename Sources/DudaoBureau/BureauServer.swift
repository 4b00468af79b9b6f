import DudaoWorkspace
import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import DudaoWeb
import Hummingbird
import Logging

/// `dudao serve`: the bureau's central instance — sync over HTTP, the dashboard, the ledger workflow.
public struct BureauServer: Sendable {
    public let model: BureauModel
    public let sessions: SessionStore
    public let users: BureauUsers
    /// The largest bundle accepted, checked before the body is read.
    public let maxBodyBytes: Int
    /// The largest body of any other request (a form), checked before the body is read.
    public let maxFormBytes: Int
    /// For screenshots and kiosks on loopback: requests without a session act as this account.
    public let autoLogin: BureauUser?
    /// Slows password guessing per account and per client address.
    public let loginThrottle: LoginThrottle
    /// Whether a proxy's forwarding headers are trusted, and whether cookies are `Secure`.
    public let trust: ProxyTrust
    /// Signed bundle requests already answered, so none is answered twice.
    let seenPulls = SeenPulls()
    /// The form token of the `--auto-login` account, which has no session (loopback kiosks and screenshots).
    let autoLoginCSRF = UUID().uuidString + "-" + UUID().uuidString
    let logger: Logger
    /// Uploads refused before their sender was verified: a line each, at most ten a minute.
    /// Security events the network can trigger at will (throttled sign-ins, forged sign-in and
    /// sign-out forms): a line each, at most thirty a minute.
    let networkEvents = RateLimitedLog(logger: Logger(label: "dudao.security"), perMinute: 30,
                                          now: { ProcessInfo.processInfo.systemUptime })
    let unverifiedUploads = RateLimitedLog(logger: Logger(label: "dudao.sync"), now: { ProcessInfo.processInfo.systemUptime })

    public init(workspace: Workspace, maxBodyBytes: Int = 64 << 20, maxFormBytes: Int = 64 << 10,
                autoLogin: BureauUser? = nil, trust: ProxyTrust = ProxyTrust(),
                loginThrottle: LoginThrottle = LoginThrottle(now: { ProcessInfo.processInfo.systemUptime })) throws {
        guard workspace.identity.isBureau else {
            throw DudaoError("dudao serve 只能在教育局的数据库上运行", "dudao serve runs on the bureau's store only")
        }
        let model = try BureauModel(workspace: workspace)
        self.model = model
        users = BureauUsers(store: workspace.store) { model.campaign }
        sessions = SessionStore(store: workspace.store)
        self.maxBodyBytes = maxBodyBytes
        self.maxFormBytes = maxFormBytes
        self.autoLogin = autoLogin
        self.trust = trust
        self.loginThrottle = loginThrottle
        var logger = Logger(label: "dudao.bureau")
        logger.logLevel = .critical  // cancellation at shutdown logs as errors; requests fail visibly anyway
        self.logger = logger
    }

    /// The router with every page and API route.
    public func router() -> Router<BureauRequestContext> {
        let router = Router(context: BureauRequestContext.self)
        // Cookies are marked Secure when the browser came over HTTPS (an option, or a trusted proxy's word).
        router.add(middleware: SecureCookiesMiddleware(trust: trust))
        // Security headers go on every answer, error pages included.
        router.add(middleware: SecurityHeadersMiddleware(sessionCookie: Self.sessionCookie))
        // Browsers get errors as pages in the frame, in their language; /api keeps JSON.
        router.add(middleware: ErrorPageMiddleware(logger: logger) { request, status, message in
            let context = await self.pageContext(request)
            let page = ErrorPage(status: status, message: message).page(context.t)
            return self.layout(for: context.user).render(page, self.chrome(context, query: "", asOf: false, flash: false))
        })
        router.add(middleware: BodyLimitMiddleware(bundleLimit: maxBodyBytes, formLimit: maxFormBytes))
        // A revision published since the last request (in another process, say) is in force from this one.
        router.add(middleware: RevisionMiddleware(model: model))
        Assets.addRoutes(to: router)
        addSyncRoutes(to: router)
        addSyncFormRoutes(to: router)
        addKitRoutes(to: router)
        addUserRoutes(to: router)
        addAPIRoutes(to: router)
        addSessionRoutes(to: router)
        addPageRoutes(to: router)
        addLedgerRoutes(to: router)
        addInspectionRoutes(to: router)
        addCampaignRoutes(to: router)
        return router
    }

    /// Serves on `host:port` until cancelled or sent SIGINT/SIGTERM; `onRunning` receives the bound port.
    public func run(host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        if autoLogin != nil && !["127.0.0.1", "localhost", "::1"].contains(host) {
            throw DudaoError("--auto-login 只能在本机地址上使用", "--auto-login is allowed on a loopback address only")
        }
        // Migrations ran when the store opened; warm the snapshot before the first request.
        _ = try await model.snapshot(asOf: model.defaultDate)
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "dudao"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        try await app.runService()
    }
}

/// Refuses a body larger than its route's limit from its Content-Length, before reading any of
/// it (413): bundles may be as large as the campaign allows, every other body is a form. JSON for
/// the API, the error page for a browser. A body sent without a length is cut at the same limit
/// when it is read.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let bundleLimit: Int
    let formLimit: Int

    /// Routes that take a bundle (or a campaign file, larger than a form); everything else takes at most a form.
    static func takesBundle(_ path: String) -> Bool { ["/api/v1/bundles", "/sync/upload", "/campaign/publish"].contains(path) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let limit = Self.takesBundle(request.uri.path) ? bundleLimit : formLimit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            guard request.uri.path.hasPrefix("/api/") else { throw HTTPError(.contentTooLarge) }
            return Responses.json(.contentTooLarge, PublicProblem(fault: "too-large",
                                                                  reason: "request body of \(length) bytes exceeds the limit of \(limit)"))
        }
        return try await next(request, context)
    }
}

/// Before each request, swaps the model to the revision of the campaign in force if another was
/// published since: one indexed read of the store per request.
struct RevisionMiddleware<Context: RequestContext>: RouterMiddleware {
    let model: BureauModel

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await model.adoptPublishedRevision()
        return try await next(request, context)
    }
}

/// Building responses.
enum Responses {
    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        html(ByteBuffer(string: text), status: status, headers: headers)
    }

    /// HTML already in a buffer (a cached page, possibly gzip-compressed: `headers` then say so).
    static func html(_ bytes: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: bytes))
    }

    /// A JSON answer, from the public encoder the command line prints with.
    static func json<T: PublicOutput>(_ status: HTTPResponse.Status = .ok, _ value: T) -> Response {
        let data = (try? PublicJSON.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func csv(_ rows: [[String]], name: String) -> Response {
        let text = CSVText.file(rows)
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                              .contentDisposition: "attachment; filename=\"\(name)\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        return Response(status: .seeOther, headers: fields)
    }

    static func bytes(_ data: Data, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
