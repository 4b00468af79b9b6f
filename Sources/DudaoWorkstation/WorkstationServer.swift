import DudaoKernel
import DudaoStore
import DudaoWeb
import DudaoWorkspace
import Foundation
import Hummingbird
import Logging

/// `dudao app`: a unit's workstation (单位端) — the campaign secretary's pages on the unit's own
/// PC, served on 127.0.0.1 from the unit's store, offline: what is due, the records and their
/// forms, the ledger and its feedback, sync by file or over the network, the unit's report.
public struct WorkstationServer: Sendable {
    /// The unit's workspace, on the campaign revision in force: a revision the bureau's bundle
    /// brings (imported on the sync page) takes effect at the next request, without a restart.
    let live: LiveWorkspace
    public var workspace: Workspace { live.workspace }
    /// Who may use the pages: the one-time link's browser.
    public let access: WorkstationAccess
    /// The largest form body read (evidence and bundles have their own limits).
    public let maxFormBytes: Int
    /// The largest bundle file accepted on the sync page.
    public let maxBundleBytes: Int
    /// Where the bureau's address for "与教育局同步" is kept.
    let settings: WorkstationSettings
    let logger: Logger

    public init(workspace: Workspace, access: WorkstationAccess, bureau: String? = nil,
                maxFormBytes: Int = 256 << 10, maxBundleBytes: Int = 64 << 20) throws {
        guard let unit = workspace.identity.unit, workspace.campaign.unit(unit) != nil else {
            throw DudaoError("dudao app 是单位端，只能在单位的数据库上运行（教育局用 dudao serve）",
                             "dudao app is the unit's workstation and runs on a unit's store only (the bureau runs dudao serve)")
        }
        live = try LiveWorkspace(workspace)
        self.access = access
        self.maxFormBytes = maxFormBytes
        self.maxBundleBytes = maxBundleBytes
        settings = WorkstationSettings(directory: workspace.store.directory)
        if let bureau { try settings.setBureauAddress(bureau) }
        var logger = Logger(label: "dudao.workstation")
        logger.logLevel = .critical
        self.logger = logger
    }

    static let sessionCookie = "dudao_unit_session"
    static let languageCookie = "dudao_lang"

    /// The unit this workstation records for.
    var unit: CampaignUnit { workspace.unit! }
    var campaign: Campaign { workspace.campaign }

    /// The largest evidence file accepted: what one bundle may carry, so every file can reach the bureau.
    var evidenceLimit: Int { campaign.parameters["evidenceBytesPerBundle"]?.intValue ?? 10 << 20 }

    /// The date pages show by default: today, within the campaign.
    var defaultDate: LocalDate { max(campaign.window.start, min(workspace.today, campaign.window.end)) }

    /// The router with every page.
    public func router() -> Router<WorkstationRequestContext> {
        let router = Router(context: WorkstationRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(sessionCookie: Self.sessionCookie))
        router.add(middleware: ErrorPageMiddleware(logger: logger, isAPI: { _ in false }) { request, status, message in
            let t = Self.language(of: request)
            let signedIn = status != .unauthorized && !(status == .forbidden && request.uri.queryParameters["token"] != nil)
            return self.layout.render(ErrorPage(status: status, message: message).page(t),
                                      self.chrome(t, signedIn: signedIn, asOf: nil, query: "", flash: nil))
        })
        router.add(middleware: SessionGate(access: access))
        router.add(middleware: RevisionRefresh(live: live))
        Assets.addRoutes(to: router)
        addHomeRoutes(to: router)
        addRecordRoutes(to: router)
        addLedgerRoutes(to: router)
        addSyncRoutes(to: router)
        addUnitRoutes(to: router)
        return router
    }

    /// Refuses an address beyond this computer: a unit's store has no web accounts, so anyone
    /// on the network could read and write the unit's records.
    public static func checkBinding(host: String) throws {
        guard ["127.0.0.1", "localhost", "::1"].contains(host) else {
            throw DudaoError("单位端只在本机地址 127.0.0.1 上提供服务：单位的数据库没有网页账号，监听 \(host) 会让同一网络上的任何人读写本单位的记录。请去掉 --host，在本机浏览器中使用。",
                             "The workstation serves on 127.0.0.1 only: a unit's store has no web accounts, so listening on \(host) would let anyone on the network read and write the unit's records. Drop --host and use a browser on this PC.")
        }
    }

    /// Serves on `host:port` until cancelled; `onRunning` receives the bound port.
    public func run(host: String = "127.0.0.1", port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try Self.checkBinding(host: host)
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "dudao-app"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        try await app.runService()
    }
}

/// The workstation's few settings, in a file beside the unit's store: the bureau's address.
struct WorkstationSettings: Sendable {
    let directory: URL
    var file: URL { directory.appendingPathComponent("bureau-address.txt") }

    func bureauAddress() -> String? {
        (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
    }

    func setBureauAddress(_ address: String) throws {
        try Data((try Self.checked(address) + "\n").utf8).write(to: file, options: .atomic)
    }

    /// The address trimmed, or the reason it is not one.
    static func checked(_ address: String) throws -> String {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw DudaoError("教育局地址“\(trimmed)”无效，应形如 http://192.168.1.10:8080",
                             "the bureau's address '\(trimmed)' is not valid; it looks like http://192.168.1.10:8080")
        }
        return trimmed
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Before each request, follows a campaign revision the store adopted since (one indexed read).
struct RevisionRefresh<Context: RequestContext>: RouterMiddleware {
    let live: LiveWorkspace

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try live.refresh()
        return try await next(request, context)
    }
}
