import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoTestSupport
import DudaoWorkspace
import DudaoWorkstation
import Foundation

/// A real workstation on 127.0.0.1 (an ephemeral port) over a unit's fresh store, with the
/// bureau's store beside it and keys enrolled both ways through the `dudao` binary. The stores'
/// clocks are fixed at `today`, so "today" on the pages is a day of the campaign.
struct WorkstationHarness {
    static let unit = "school-no1-high"
    /// The unit whose store the workstation serves.
    let unitID: String
    static let secret = "the-one-time-secret-of-this-test"

    let cli: CommandRunner
    let unitWorkspace: Workspace
    let bureau: Workspace
    let server: WorkstationServer
    let task: Task<Void, any Error>
    let client: TestHTTPClient

    static func start(unit: String = Self.unit, today: String = "2017-04-30") async throws -> WorkstationHarness {
        let cli = CommandRunner()
        for arguments in [["init", "--store", "bureau", "--campaign", Fixtures.campaignPath, "--bureau"],
                          ["init", "--store", "unit", "--campaign", Fixtures.campaignPath, "--unit", unit],
                          ["key", "export", "--store", "unit", "--to", "unit.pub"],
                          ["key", "export", "--store", "bureau", "--to", "bureau.pub"],
                          ["bureau", "enrol", "--store", "unit", "--key", "bureau.pub"],
                          ["bureau", "enrol", "--store", "bureau", "--unit", unit, "--key", "unit.pub"]] {
            let outcome = try cli.run(arguments)
            guard outcome.status == 0 else { throw DudaoError(outcome.stderr, outcome.stderr) }
        }
        let day = LocalDate(today)!
        let clock = Int64(day.dayNumber) * 86_400_000 + 4 * 3_600_000  // noon in UTC+8
        let environment = StoreEnvironment(now: { clock }, newID: StoreEnvironment.live.newID)
        let registry = try PluginList.registry()
        let unitWorkspace = try Workspace(store: try Store.open(at: cli.directory.appendingPathComponent("unit"), registry: registry,
                                                                environment: environment), cache: BodyCache())
        let bureau = try Workspace(store: try Store.open(at: cli.directory.appendingPathComponent("bureau"), registry: registry,
                                                         environment: environment))
        let server = try WorkstationServer(workspace: unitWorkspace, access: WorkstationAccess(secret: secret))
        let (task, port) = await LocalServer.start { try await server.run(port: 0, onRunning: $0) }
        return WorkstationHarness(unitID: unit, cli: cli, unitWorkspace: unitWorkspace, bureau: bureau, server: server, task: task,
                                  client: TestHTTPClient(base: URL(string: "http://127.0.0.1:\(port)")!))
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Opens the one-time link and returns the session cookie (`name=value`).
    func signIn() async throws -> String {
        let reply = try await client.get("/?token=\(Self.secret)")
        guard reply.status == 303, let cookie = reply.cookies.first(where: { $0.hasPrefix("dudao_unit_session=") }) else {
            throw DudaoError("sign-in failed: \(reply.status)", "sign-in failed: \(reply.status)")
        }
        return cookie
    }

    /// The form token of a signed-in page.
    func csrf(_ cookie: String) async throws -> String {
        guard let token = TestHTTPClient.inputValue("csrf", in: try await client.get("/logout", cookie: cookie).body) else {
            throw DudaoError("no form token", "no form token")
        }
        return token
    }
}
