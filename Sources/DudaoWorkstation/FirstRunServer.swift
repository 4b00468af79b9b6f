import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoWeb
import DudaoWorkspace
import Foundation
import Hummingbird
import Logging
import Synchronization

/// `dudao app` on a PC that has no store yet: the first-run pages behind the same one-time link.
/// The secretary uploads the bureau's enrolment kit, sees what it holds, confirms; the store is
/// made by ``Workspace/initFromKit(_:file:at:registry:environment:)`` (what `dudao init --kit`
/// calls), and the same port and the same browser session go straight on to the workstation.
public struct FirstRunServer: Sendable {
    /// Where the store will be made.
    public let directory: URL
    /// Who may use the pages; the workstation that follows keeps it, so the session carries over.
    public let access: WorkstationAccess
    let registry: PluginRegistry
    let environment: StoreEnvironment
    /// The bureau's address for the workstation that follows (`dudao app --bureau`).
    let bureau: String?
    /// The largest upload read: a kit at its limit, with room for the form around it.
    public let maxUploadBytes: Int
    let state: FirstRunState
    let responder: SwitchingResponder
    let logger: Logger

    /// Refuses a `bureau` address that is not one before anything is served.
    public init(directory: URL, access: WorkstationAccess, registry: PluginRegistry, environment: StoreEnvironment = .live,
                bureau: String? = nil, maxUploadBytes: Int = EnrolmentKit.maximumBytes + (64 << 10)) throws {
        if let bureau { _ = try WorkstationSettings.checked(bureau) }
        self.directory = directory
        self.access = access
        self.registry = registry
        self.environment = environment
        self.bureau = bureau
        self.maxUploadBytes = maxUploadBytes
        state = FirstRunState()
        var logger = Logger(label: "dudao.workstation.first-run")
        logger.logLevel = .critical
        self.logger = logger
        responder = SwitchingResponder()
        responder.serve(router().buildResponder())
    }

    /// Serves on `host:port` until cancelled: the first-run pages, then the workstation once a kit
    /// made the store. `onRunning` receives the bound port.
    public func run(host: String = "127.0.0.1", port: Int, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try WorkstationServer.checkBinding(host: host)
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "dudao-app"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        try await app.runService()
    }

    /// The workstation, once the store is made: nil before.
    public var workstation: WorkstationServer? { get async { await state.workstation } }

    /// The first-run router: the welcome page with the upload, the kit's check, the confirmation.
    func router() -> Router<WorkstationRequestContext> {
        let router = Router(context: WorkstationRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(sessionCookie: WorkstationServer.sessionCookie))
        router.add(middleware: ErrorPageMiddleware(logger: logger, isAPI: { _ in false }) { request, status, message in
            let t = WorkstationServer.language(of: request)
            return self.layout.render(ErrorPage(status: status, message: message).page(t), Chrome(t: t))
        })
        router.add(middleware: SessionGate(access: access))
        Assets.addRoutes(to: router)
        router.get("/") { request, context in
            self.render(request, self.welcomePage(WorkstationServer.language(of: request), csrf: context.csrf, refusal: nil))
        }
        router.post("/setup/kit") { request, context -> Response in
            try await self.takeUpload(request, context)
        }
        router.post("/setup/confirm") { request, context -> Response in
            try await self.confirm(request, context)
        }
        return router
    }

    /// Reads the uploaded file and checks it as `dudao init --kit` would; shows what it holds with
    /// the confirm button, or the welcome page again with the reason. Nothing is written.
    func takeUpload(_ request: Request, _ context: WorkstationRequestContext) async throws -> Response {
        var request = request
        let t = WorkstationServer.language(of: request)
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maxUploadBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            let reason = t("文件超过登记包的上限 \(EnrolmentKit.maximumBytes >> 20) MB，不是教育局签发的登记包。没有建立任何数据。",
                           "The file is over the kit limit of \(EnrolmentKit.maximumBytes >> 20) MB: it is not an enrolment kit from the bureau. Nothing was created.")
            return render(request, welcomePage(t, csrf: context.csrf, refusal: reason), status: .contentTooLarge)
        }
        guard let form = MultipartForm(Data(buffer: buffer), contentType: request.headers[.contentType] ?? "") else {
            throw HTTPError(.badRequest, message: t("上传的表单无法读取", "the uploaded form could not be read"))
        }
        try checkCSRF(form[Form.csrfField]?.text, context, t)
        guard let file = form["kit"], !file.data.isEmpty else {
            return render(request, welcomePage(t, csrf: context.csrf, refusal: t("请选择教育局给的登记包文件（.dudaokit）。没有建立任何数据。",
                                                                                  "Choose the enrolment kit file (.dudaokit) the bureau gave you. Nothing was created.")), status: .badRequest)
        }
        let name = file.filename.map { ($0 as NSString).lastPathComponent }.flatMap { $0.isEmpty ? nil : $0 } ?? t("登记包", "the kit")
        do {
            let reading = try Workspace.readKit(file.data, file: name, environment: environment)
            await state.hold(PendingKit(data: file.data, file: name), for: context.csrf)
            return render(request, confirmationPage(reading, file: name, t, csrf: context.csrf))
        } catch let failure as any DudaoFailure {
            return render(request, welcomePage(t, csrf: context.csrf, refusal: t.text(failure.message) + t("。没有建立任何数据。", ". Nothing was created.")),
                          status: .badRequest)
        }
    }

    /// Makes the store from the kit the session uploaded, then hands the port to the workstation
    /// and sends the browser to its 待办 page with the two fingerprints to check.
    func confirm(_ request: Request, _ context: WorkstationRequestContext) async throws -> Response {
        var request = request
        let t = WorkstationServer.language(of: request)
        let buffer = try await request.collectBody(upTo: 64 << 10)
        try checkCSRF(URLEncodedForm.pairs(String(buffer: buffer)).last { $0.name == Form.csrfField }?.value, context, t)
        let outcome = await state.create(for: context.csrf) { kit in
            let made = try Workspace.initFromKit(kit.data, file: kit.file, at: directory, registry: registry, environment: environment)
            return try WorkstationServer(workspace: try Workspace(store: made.store, cache: BodyCache()), access: access, bureau: bureau)
        }
        switch outcome {
        case .noKit:
            return render(request, welcomePage(t, csrf: context.csrf, refusal: t("请先选择登记包文件，核对后再确认。", "Choose the kit file first, check it, then confirm.")),
                          status: .badRequest)
        case .refused(let message):
            return render(request, welcomePage(t, csrf: context.csrf, refusal: t.text(message) + t("。没有建立任何数据。", ". Nothing was created.")),
                          status: .badRequest)
        case .alreadyMade:
            return WorkstationServer.redirect("/")
        case .made(let workstation):
            responder.serve(workstation.router().buildResponder(), madeStore: true)
            let store = workstation.workspace.store
            let bureauKey = (try? store.enrolments().first { $0.unit == nil }).flatMap { $0 }
            let unitPrint = Fingerprint.grouped(store.identity.keyID), bureauPrint = bureauKey.map { Fingerprint.grouped($0.keyID) } ?? "—"
            let flash = Flash(.ok, t("已建立本单位的数据库。本单位公钥指纹 \(unitPrint)；已信任教育局公钥，指纹 \(bureauPrint)。请电话与教育局核对这两组指纹，然后在“同步”页导出第一个数据包交给教育局：教育局导入即完成登记。",
                                     "The unit's store is made. The unit's key fingerprint is \(unitPrint); the bureau's key, now trusted, has fingerprint \(bureauPrint). Check both with the bureau by phone, then export the first bundle on the Sync page and take it to the bureau: importing it enrols the unit."))
            return WorkstationServer.redirect("/", cookies: [flash.setCookie])
        }
    }

    func checkCSRF(_ sent: String?, _ context: WorkstationRequestContext, _ t: Tr) throws {
        guard let sent, WorkstationAccess.same(WorkstationAccess.hash(sent), WorkstationAccess.hash(context.csrf)) else {
            throw HTTPError(.forbidden, message: t("表单已过期或来源不明（CSRF 校验失败），请刷新后重试",
                                                     "the form is stale or forged (CSRF check failed); reload and try again"))
        }
    }
}

/// A kit a session uploaded and saw, waiting for its confirmation.
struct PendingKit: Sendable {
    var data: Data
    var file: String
}

/// The first run's memory: the kit each session uploaded, and the workstation once made. Making
/// the store happens here, one at a time, so a double click makes one store.
actor FirstRunState {
    enum Outcome: Sendable {
        case made(WorkstationServer), alreadyMade, noKit, refused(LocalizedText)
    }

    private var pending: [Data: PendingKit] = [:]
    private(set) var workstation: WorkstationServer?

    func hold(_ kit: PendingKit, for session: String) { pending[WorkstationAccess.hash(session)] = kit }

    func create(for session: String, _ make: (PendingKit) throws -> WorkstationServer) -> Outcome {
        if workstation != nil { return .alreadyMade }
        guard let kit = pending[WorkstationAccess.hash(session)] else { return .noKit }
        do {
            let made = try make(kit)
            workstation = made
            pending = [:]
            return .made(made)
        } catch let failure as any DudaoFailure {
            return .refused(failure.message)
        } catch {
            return .refused(LocalizedText(zh: "无法建立数据库：\(error)", en: "the store could not be made: \(error)"))
        }
    }
}

/// Serves whichever router is current: the first-run pages until the store is made, then the
/// workstation's. After the switch, a first-run address (a second click, the back button) goes
/// to the workstation's home page.
final class SwitchingResponder: HTTPResponder, Sendable {
    typealias Context = WorkstationRequestContext
    private struct Current: Sendable {
        var responder: RouterResponder<WorkstationRequestContext>?
        var madeStore = false
    }
    private let current = Mutex(Current())

    func serve(_ responder: RouterResponder<WorkstationRequestContext>, madeStore: Bool = false) {
        current.withLock { $0 = Current(responder: responder, madeStore: madeStore) }
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        let now = current.withLock { $0 }
        if now.madeStore && request.uri.path.hasPrefix("/setup/") { return WorkstationServer.redirect("/") }
        guard let responder = now.responder else { return Response(status: .serviceUnavailable) }
        return try await responder.respond(to: request, context: context)
    }
}
