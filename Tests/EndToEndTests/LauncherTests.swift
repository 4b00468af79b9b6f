import DudaoStore
import DudaoTestSupport
import Foundation
import Testing

/// The desktop launcher clicked again while the workstation runs, from a browser with no session
/// (another browser, cookies cleared): the second `dudao app` asks the running one for a fresh
/// one-time link with the launcher secret only this OS user can read, and that link signs the
/// browser in. A forged secret gets nothing; a spent link stays refused.
@Suite struct LauncherTests {
    let cli = CommandRunner()

    static func link(in output: String) -> URL? {
        output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("http://127.0.0.1:") && $0.contains("?token=") }.flatMap { URL(string: $0) }
    }

    /// Opens `link` as a new browser would: the session cookie it sets, and the 待办 page with it.
    static func signIn(_ client: TestHTTPClient, _ link: URL) async throws -> String? {
        let opened = try await client.get(link.path + "?" + (link.query ?? ""))
        guard opened.status == 303, let cookie = opened.cookies.first(where: { $0.hasPrefix("dudao_unit_session=") }) else { return nil }
        let page = try await client.get("/", cookie: cookie)
        return page.status == 200 && page.body.contains("待办") ? cookie : nil
    }

    @Test func aSecondLaunchGetsAFreshLinkFromTheRunningWorkstation() async throws {
        #expect(try cli.run(["init", "--store", "school", "--campaign", Fixtures.campaignPath, "--unit", "school-no1-high"]).status == 0)
        let app = try cli.start(["app", "--store", "school", "--port", "0"])
        defer { app.stop() }
        let printed = try #require(try await app.waitForOutput(containing: "?token=", seconds: 180), "out: \(app.output); err: \(app.errors)")
        let first = try #require(Self.link(in: printed))
        let port = try #require(first.port)
        let client = TestHTTPClient(base: try #require(URL(string: "http://127.0.0.1:\(port)")))
        #expect(try await Self.signIn(client, first) != nil, "the printed link signs the first browser in")

        // The launcher secret: this user's only, beside the store, naming the port.
        let file = cli.directory.appendingPathComponent("school/\(Store.launcherSecretFile)")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let real = try String(contentsOf: file, encoding: .utf8)
        #expect(real.hasPrefix("\(port) "))

        // A browser with no session is told how to get in, in plain words.
        let locked = try await client.get("/")
        #expect(locked.status == 401 && locked.body.contains("督导 · 单位端") && locked.body.contains("不需要重启电脑"))

        // The launcher clicked again (its default port: the file names the running one's).
        let again = try cli.run(["app", "--store", "school"])
        #expect(again.status == 0 && again.stdout.contains("单位端已经在运行"), "\(again.stdout) \(again.stderr)")
        let fresh = try #require(Self.link(in: again.stdout), "\(again.stdout)")
        #expect(fresh.port == port && fresh != first)
        #expect(try await Self.signIn(client, fresh) != nil, "the fresh link signs a new browser in")
        let spent = try await client.get(first.path + "?" + (first.query ?? ""))
        #expect(spent.status == 403 && spent.body.contains("督导 · 单位端"))
        #expect(try await client.get(fresh.path + "?" + (fresh.query ?? "")).status == 403, "the fresh link works once")

        // A wrong or missing launcher secret gets nothing.
        let forged = try await client.request("POST", "/launcher/link", body: Data(), headers: ["X-Dudao-Launcher": "forged"])
        #expect(forged.status == 403 && !forged.body.contains("token"))
        #expect(try await client.request("POST", "/launcher/link", body: Data()).status == 403)
        let asked = try await client.request("POST", "/launcher/link", body: Data(), headers: ["X-Dudao-Launcher": String(real.split(separator: " ")[1]).trimmingCharacters(in: .whitespacesAndNewlines)])
        #expect(asked.status == 200 && asked.body.count >= 40, "the real secret is what gets a link")
        // A second launch that reads a forged file is not given a link either.
        try Data("\(port) forged-secret-0123456789abcdefghij\n".utf8).write(to: file)
        let misled = try cli.run(["app", "--store", "school", "--port", "\(port)", "--lang", "en"])
        #expect(misled.status == 0 && misled.stdout.contains("already running") && !misled.stdout.contains("?token="), "\(misled.stdout)")
        try Data(real.utf8).write(to: file)

        // Ctrl-C: a clean stop removes the launcher secret; a launch then finds nothing to ask.
        #expect(app.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
