import DudaoWorkspace
import DudaoKernel
import DudaoStore
import Foundation
import DudaoWeb
import Hummingbird
import Logging

/// `dudao serve`: the bureau's central instance — sync over HTTP, the dashboard, the ledger workflow.
public struct BureauServer: Sendable {
    public let model: BureauModel
    public let sessions = SessionStore()
    public let users: BureauUsers
    /// The largest request body accepted (bundles included), checked before the body is read.
    public let maxBodyBytes: Int
    /// For screenshots and kiosks on loopback: requests without a session act as this account.
    public let autoLogin: BureauUser?
    /// The form token of the `--auto-login` account, which has no session (loopback kiosks and screenshots).
    let autoLoginCSRF = UUID().uuidString + "-" + UUID().uuidString
    let logger: Logger

    public init(workspace: Workspace, maxBodyBytes: Int = 64 << 20, autoLogin: BureauUser? = nil) throws {
        guard workspace.identity.isBureau else {
            throw DudaoError("dudao serve 只能在教育局的数据库上运行", "dudao serve runs on the bureau's store only")
        }
        model = BureauModel(workspace: workspace)
        users = BureauUsers(store: workspace.store)
        self.maxBodyBytes = maxBodyBytes
        self.autoLogin = autoLogin
        var logger = Logger(label: "dudao.bureau")
        logger.logLevel = .critical  // cancellation at shutdown logs as errors; requests fail visibly anyway
        self.logger = logger
    }

    /// The router with every page and API route.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Browsers get errors as pages in the frame, in their language; /api keeps JSON.
        router.add(middleware: ErrorPageMiddleware(logger: logger) { request, status, message in
            let context = await self.pageContext(request)
            let page = ErrorPage(status: status, message: message).page(context.t)
            return self.layout.render(page, self.chrome(context, query: "", asOf: false, flash: false))
        })
        router.add(middleware: BodyLimitMiddleware(limit: maxBodyBytes))
        Assets.addRoutes(to: router)
        addSyncRoutes(to: router)
        addSyncFormRoutes(to: router)
        addAPIRoutes(to: router)
        addSessionRoutes(to: router)
        addPageRoutes(to: router)
        addLedgerRoutes(to: router)
        addInspectionRoutes(to: router)
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

/// Refuses a body larger than the limit from its Content-Length, before reading any of it (413):
/// JSON for the API, the error page for a browser.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            guard request.uri.path.hasPrefix("/api/") else { throw HTTPError(.contentTooLarge) }
            return Responses.json(.contentTooLarge, ["status": "refused", "fault": "too-large",
                                                     "reason": "request body of \(length) bytes exceeds the limit of \(limit)"])
        }
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

    static func json<T: Encodable>(_ status: HTTPResponse.Status = .ok, _ value: T) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func csv(_ rows: [[String]], name: String) -> Response {
        let text = "\u{FEFF}" + rows.map { row in
            row.map { field in
                field.contains(where: { ",\"\n".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
        }.joined(separator: "\r\n") + "\r\n"
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
