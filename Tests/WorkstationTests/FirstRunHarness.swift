import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoTestSupport
import DudaoWorkspace
import DudaoWorkstation
import Foundation

/// A real first-run server on 127.0.0.1 (an ephemeral port) over a folder with no store, beside a
/// real bureau store that issues kits as `dudao bureau kit` does. Both clocks are fixed at a day
/// of the campaign, so a kit's expiry is decided by the test.
struct FirstRunHarness {
    static let unit = "school-no1-high"
    static let secret = "the-first-run-secret-of-this-test"

    /// Where the unit's store would be made; absent until a kit is confirmed.
    let directory: URL
    let server: FirstRunServer
    let task: Task<Void, any Error>
    let client: TestHTTPClient

    /// Noon in UTC+8 on `day`.
    static func clock(_ day: String) -> StoreEnvironment {
        let ms = Int64(LocalDate(day)!.dayNumber) * 86_400_000 + 4 * 3_600_000
        return StoreEnvironment(now: { ms }, newID: StoreEnvironment.live.newID)
    }

    /// A bureau's store in `root`, made from the shipped campaign.
    static func bureau(in root: URL, name: String = "bureau", today: String = "2017-04-30", campaign: Data? = nil) throws -> Workspace {
        try Workspace(store: Store.initialise(at: root.appendingPathComponent(name),
                                              campaignData: campaign ?? Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath)),
                                              unit: nil, registry: PluginList.registry(), environment: clock(today)))
    }

    static func start(in root: URL, name: String = "unit", today: String = "2017-04-30") async throws -> FirstRunHarness {
        let directory = root.appendingPathComponent(name)
        let server = try FirstRunServer(directory: directory, access: WorkstationAccess(secret: secret), registry: PluginList.registry(),
                                        environment: clock(today))
        let (task, port) = await LocalServer.start { try await server.run(port: 0, onRunning: $0) }
        return FirstRunHarness(directory: directory, server: server, task: task,
                               client: TestHTTPClient(base: URL(string: "http://127.0.0.1:\(port)")!))
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Opens the one-time link; returns the session cookie and the welcome page's form token.
    func signIn(lang: String? = nil) async throws -> (cookie: String, csrf: String) {
        let reply = try await client.get("/?token=\(Self.secret)" + (lang.map { "&lang=\($0)" } ?? ""))
        guard reply.status == 303, let cookie = reply.cookies.first(where: { $0.hasPrefix("dudao_unit_session=") }) else {
            throw DudaoError("sign-in failed: \(reply.status)", "sign-in failed: \(reply.status)")
        }
        let page = try await client.get(lang.map { "/?lang=\($0)" } ?? "/", cookie: cookie)
        guard let csrf = TestHTTPClient.inputValue("csrf", in: page.body) else { throw DudaoError("no form token", "no form token") }
        return (cookie, csrf)
    }

    /// Uploads `data` as the kit file, as a browser sends the welcome page's form.
    func upload(_ data: Data, filename: String = "学校.dudaokit", _ session: (cookie: String, csrf: String)) async throws -> TestHTTPClient.Reply {
        try await client.upload("/setup/kit", cookie: session.cookie,
                                fields: [("csrf", nil, Data(session.csrf.utf8)), ("kit", filename, data)])
    }

    /// Whether anything was made where the store would be.
    var madeAnything: Bool { FileManager.default.fileExists(atPath: directory.path) }
}

/// A server started on an ephemeral port of 127.0.0.1 in a task of its own.
enum LocalServer {
    /// Runs `serve`, which calls the handler it is given with the bound port, and returns the task
    /// and that port once the server listens.
    static func start(_ serve: @escaping @Sendable (@escaping @Sendable (Int) async -> Void) async throws -> Void) async -> (Task<Void, any Error>, Int) {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await serve { port in continuation.yield(port) } }
        var port = 0
        for await bound in stream {
            port = bound
            break
        }
        return (task, port)
    }
}
