import DudaoPlugins
import DudaoWorkspace
import DudaoBureau
import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real bureau server on 127.0.0.1 (an ephemeral port) over a fresh bureau store, plus the
/// `dudao` binary for the units' side.
struct BureauHarness {
    let cli: CommandRunner
    let workspace: Workspace
    let server: BureauServer
    let task: Task<Void, any Error>
    let base: URL
    let campaignPath: String
    /// A client that keeps no cookies of its own: each request carries exactly the session it names.
    let client: TestHTTPClient

    /// With `campaign`, the bureau and the units it enrols run that campaign file instead of the shipped one.
    /// With `demo`, the bureau is the demo's (`dudao demo`: a simulated year of 18 units synced through bundles).
    static func start(campaign campaignPath: String = Fixtures.campaignPath, demo: Bool = false,
                      configure: (Workspace) throws -> BureauServer = { try BureauServer(workspace: $0, maxBodyBytes: 1 << 20) }) async throws -> BureauHarness {
        let cli = CommandRunner()
        let setup = try cli.run(demo ? ["demo", "--dir", "demo", "--no-serve", "--campaign", campaignPath]
                                     : ["init", "--store", "bureau", "--campaign", campaignPath, "--bureau"])
        guard setup.status == 0 else { throw DudaoError(setup.stderr, setup.stderr) }
        let store = try Store.open(at: cli.directory.appendingPathComponent(demo ? "demo/bureau" : "bureau"), registry: try PluginList.registry())
        let workspace = try Workspace(store: store, cache: BodyCache())
        let users = BureauUsers(store: store)
        let campaign = workspace.campaign
        let assigned = try requireLeaderHelper(campaign, assignedTo: "school-no1-high")
        let outsider = campaign.leaders.first { !$0.assignedUnits.contains("school-no1-high") && !$0.officesInCharge.contains("school-no1-high") }!
        try users.add(name: "office", role: .office, person: nil, password: "office-password", cost: 4)
        try users.add(name: "leader", role: .leader, person: assigned.id, password: "leader-password", cost: 4)
        try users.add(name: "outsider", role: .leader, person: outsider.id, password: "outsider-password", cost: 4)
        try users.add(name: "viewer", role: .viewer, person: nil, password: "viewer-password", cost: 4)
        return try await serve(workspace, cli: cli, campaignPath: campaignPath, configure: configure)
    }

    /// Serves an existing bureau store (the demo's, say) with the accounts it already has.
    static func start(serving bureau: URL, cli: CommandRunner) async throws -> BureauHarness {
        let store = try Store.open(at: bureau, registry: try PluginList.registry())
        return try await serve(try Workspace(store: store, cache: BodyCache()), cli: cli, campaignPath: Fixtures.campaignPath)
    }

    static func serve(_ workspace: Workspace, cli: CommandRunner, campaignPath: String,
                      configure: (Workspace) throws -> BureauServer = { try BureauServer(workspace: $0, maxBodyBytes: 1 << 20) }) async throws -> BureauHarness {
        let server = try configure(workspace)
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run(host: "127.0.0.1", port: 0) { port in continuation.yield(port) } }
        var port = 0
        for await bound in stream {
            port = bound
            break
        }
        let base = URL(string: "http://127.0.0.1:\(port)")!
        return BureauHarness(cli: cli, workspace: workspace, server: server, task: task, base: base,
                             campaignPath: campaignPath, client: TestHTTPClient(base: base))
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Makes a unit's store with keys enrolled both ways, through the real binary.
    func enrolUnit(_ unit: String) throws -> String {
        let store = "unit-\(unit)"
        for arguments in [["init", "--store", store, "--campaign", campaignPath, "--unit", unit],
                          ["key", "export", "--store", store, "--to", "\(unit).pub"],
                          ["key", "export", "--store", "bureau", "--to", "bureau.pub"],
                          ["bureau", "enrol", "--store", store, "--key", "bureau.pub"]] {
            let outcome = try cli.run(arguments)
            guard outcome.status == 0 else { throw DudaoError(outcome.stderr, outcome.stderr) }
        }
        try workspace.store.enrol(unit: unit, publicKey: try Enrolment.readKeyData(cli.directory.appendingPathComponent("\(unit).pub")))
        return store
    }

    // MARK: HTTP

    typealias Reply = TestHTTPClient.Reply


    func request(_ method: String, _ path: String, cookie: String? = nil, body: Data? = nil,
                 contentType: String = "application/x-www-form-urlencoded", headers: [String: String] = [:]) async throws -> Reply {
        try await client.request(method, path, cookie: cookie, body: body, contentType: contentType, headers: headers)
    }

    func get(_ path: String, cookie: String? = nil) async throws -> Reply { try await request("GET", path, cookie: cookie) }

    func post(_ path: String, form: [String: String], cookie: String? = nil) async throws -> Reply {
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await request("POST", path, cookie: cookie, body: Data(body.utf8))
    }

    /// Fetches the login page and returns its pre-session cookie (`name=value`) and the form's CSRF token.
    func loginForm() async throws -> (cookie: String, token: String) {
        let page = try await get("/login")
        guard let setCookie = page.headers["set-cookie"], let pair = setCookie.split(separator: ";").first, let token = Self.csrf(in: page.body) else {
            throw DudaoError("no login token", "no login token")
        }
        return (String(pair), token)
    }

    /// Posts the login form as a browser would: with the pre-session cookie and its token.
    func postLogin(_ form: [String: String], headers: [String: String] = [:]) async throws -> Reply {
        let (cookie, token) = try await loginForm()
        var fields = form
        fields["csrf"] = token
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await request("POST", "/login", cookie: cookie, body: Data(body.utf8), headers: headers)
    }

    /// Signs in and returns the session cookie.
    func login(_ name: String, _ password: String) async throws -> String {
        let reply = try await postLogin(["name": name, "password": password, "next": "/"])
        guard reply.status == 303, let setCookie = reply.headers["set-cookie"],
              let pair = setCookie.components(separatedBy: ", ").first(where: { $0.hasPrefix("dudao_session=") })?.split(separator: ";").first else {
            throw DudaoError("login failed: \(reply.status)", "login failed: \(reply.status)")
        }
        return String(pair)
    }

    /// Every same-site link (`href="/…"`) of a page, unescaped, in order.
    static func links(in html: String) -> [String] {
        html.components(separatedBy: "href=\"/").dropFirst().map { "/" + String($0.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&") }
    }

    /// The CSRF token embedded in a page's forms.
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

func requireLeaderHelper(_ campaign: Campaign, assignedTo unit: String) throws -> Person {
    guard let leader = campaign.leaders.first(where: { $0.assignedUnits.contains(unit) }) else {
        throw DudaoError("no leader for \(unit)", "no leader for \(unit)")
    }
    return leader
}
