import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import GRDB
import Testing

/// What an installed `dudao` tells and where it keeps a school's store: `--version`, the XDG
/// data folder, the refusal of a newer store, and enrolment by kit through the real binary.
@Suite struct InstallTests {
    let cli = CommandRunner()

    @Test func versionNamesTheReleaseTheCommitAndTheFormats() throws {
        let outcome = try cli.run(["--version"])
        #expect(outcome.status == 0)
        let version = DudaoVersion.current
        #expect(outcome.stdout.hasPrefix("dudao \(DudaoRelease.version) (commit \(version.shortCommit))"))
        #expect(outcome.stdout.contains("campaign format 活动格式 \(CampaignLoader.supportedFormatVersion)"))
        #expect(outcome.stdout.contains("bundle format 数据包格式 1"))
        #expect(outcome.stdout.contains("store schema 数据库架构 \(StoreVersion.current)"))
        #expect(version.about.zh.contains("督导 \(DudaoRelease.version)") && version.about.en.contains("store schema \(StoreVersion.current)"))
    }

    @Test func aStoreWithoutStoreOptionLivesInTheUserDataFolder() throws {
        let xdg = cli.directory.appendingPathComponent("data-home")
        var runner = cli
        runner.environment["XDG_DATA_HOME"] = xdg.path
        let made = try runner.run(["init", "--campaign", Fixtures.campaignPath, "--unit", "school-no1-high"])
        #expect(made.status == 0, "\(made.stderr)")
        let store = xdg.appendingPathComponent("dudao")
        #expect(FileManager.default.fileExists(atPath: store.appendingPathComponent(Store.databaseFile).path))
        #expect(made.stdout.contains(store.path))
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("dudao-data").path))
        #expect(try runner.run(["status"]).status == 0)
        // Without XDG_DATA_HOME: ~/.local/share/dudao.
        var homeRunner = cli
        homeRunner.environment["XDG_DATA_HOME"] = ""
        homeRunner.environment["HOME"] = cli.directory.appendingPathComponent("home").path
        #expect(try homeRunner.run(["init", "--campaign", Fixtures.campaignPath, "--bureau"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("home/.local/share/dudao/\(Store.databaseFile)").path))
        // A store in ./dudao-data still wins, as the demo and scripts expect.
        #expect(try runner.run(["init", "--store", "dudao-data", "--campaign", Fixtures.campaignPath, "--bureau"]).status == 0)
        let status = try runner.run(["status", "--lang", "en"])
        #expect(status.status == 0)
        #expect(StoreLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": xdg.path], currentDirectory: cli.directory.path).path
                == cli.directory.appendingPathComponent("dudao-data").path)
        #expect(StoreLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/a"], currentDirectory: "/nowhere").path
                == "/home/a/.local/share/dudao")
    }

    /// The desktop launcher runs `dudao app --open` with no terminal: without a store it must
    /// serve the first-run page behind its one-time link, not fail where no one reads.
    @Test func theWorkstationWithoutAStoreServesItsFirstRunPage() async throws {
        var runner = cli
        runner.environment["XDG_DATA_HOME"] = cli.directory.appendingPathComponent("first-run").path
        let app = try runner.start(["app", "--port", "0", "--lang", "en"])
        defer { app.stop() }
        let printed = try #require(try await app.waitForOutput(containing: "?token=", seconds: 180), "running: \(app.process.isRunning); out: \(app.output); err: \(app.errors)")
        #expect(printed.contains("First run") && printed.contains(cli.directory.appendingPathComponent("first-run/dudao").path))
        #expect(printed.contains("dudao init --kit"))
        let link = try #require(printed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("http://127.0.0.1:") })
        let url = try #require(URL(string: link))
        let client = TestHTTPClient(base: try #require(URL(string: "http://127.0.0.1:\(url.port ?? 0)")))
        let opened = try await client.get(url.path + "?" + (url.query ?? ""))
        #expect(opened.status == 303)
        let cookie = try #require(opened.cookies.first { $0.hasPrefix("dudao_unit_session=") })
        let page = try await client.get("/?lang=en", cookie: cookie)
        #expect(page.status == 200 && page.body.contains("Welcome to Dudao") && page.body.contains("name=\"kit\""))
        // The launcher clicked again: the running first-run page gives a fresh link (opened with --open), not a bind error.
        let again = try runner.run(["app", "--lang", "en"])
        #expect(again.status == 0 && again.stdout.contains("already running") && again.stdout.contains("http://127.0.0.1:\(url.port ?? 0)/?token="),
                "\(again.stdout) \(again.stderr)")
        #expect(app.stop() == 0, "Ctrl-C ends the first-run server cleanly")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("first-run/dudao").path))
    }

    @Test func anOlderBinaryRefusesANewerStoreNamingBothVersions() throws {
        #expect(try cli.run(["init", "--store", "s", "--campaign", Fixtures.campaignPath, "--unit", "school-no1-high"]).status == 0)
        let queue = try DatabaseQueue(path: cli.directory.appendingPathComponent("s/\(Store.databaseFile)").path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('kernel.v99-from-the-future')") }
        try queue.close()
        let zh = try cli.run(["status", "--store", "s"])
        #expect(zh.status == 1)
        #expect(zh.stderr.contains("较新版本的督导") && zh.stderr.contains("kernel.v99-from-the-future") && zh.stderr.contains(StoreVersion.current))
        let en = try cli.run(["status", "--store", "s", "--lang", "en"])
        #expect(en.stderr.contains("written by a newer Dudao") && en.stderr.contains("Dudao \(DudaoRelease.version)"))
    }

    @Test func enrolmentByKitThroughTheCommandLine() throws {
        #expect(try cli.run(["init", "--store", "bureau", "--campaign", Fixtures.campaignPath, "--bureau"]).status == 0)
        let issued = try cli.run(["bureau", "kit", "--store", "bureau", "--unit", "school-no1-high", "--to", "school.dudaokit",
                                  "--address", "https://dudao.example.gov.cn", "--lang", "en"])
        #expect(issued.status == 0, "\(issued.stderr)")
        #expect(issued.stdout.contains("wrote the enrolment kit of school-no1-high"))
        let unknown = try cli.run(["bureau", "kit", "--store", "bureau", "--unit", "no-such-school", "--to", "x.dudaokit"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no-such-school"))
        let badAddress = try cli.run(["bureau", "kit", "--store", "bureau", "--unit", "school-no1-high", "--to", "y.dudaokit", "--address", "ftp://x"])
        #expect(badAddress.status == 1 && badAddress.stderr.contains("--address"))
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("y.dudaokit").path))
        // --kit goes alone.
        #expect(try cli.run(["init", "--store", "u", "--kit", "school.dudaokit", "--unit", "school-no1-high"]).status == 64)

        let made = try cli.run(["init", "--store", "school", "--kit", "school.dudaokit"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try cli.run(["bundle", "export", "--store", "school", "--to", "first.dbd"]).status == 0)
        let imported = try cli.run(["bundle", "import", "--store", "bureau", "first.dbd"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let unitKey = try Store.open(at: cli.directory.appendingPathComponent("school"), registry: try PluginList.registry()).identity.keyID
        #expect(imported.stdout.contains("已按登记包登记 school-no1-high 的密钥，指纹 \(Fingerprint.grouped(unitKey))"))
        #expect(made.stdout.contains(Fingerprint.grouped(unitKey)))
        #expect(try cli.run(["bundle", "export", "--store", "bureau", "--for", "school-no1-high", "--to", "answer.dbd"]).status == 0)
        #expect(try cli.run(["bundle", "import", "--store", "school", "answer.dbd"]).status == 0)

        // The same kit taken by a second PC: its store is made, but its bundle is refused, nothing stored.
        #expect(try cli.run(["init", "--store", "second", "--kit", "school.dudaokit"]).status == 0)
        #expect(try cli.run(["bundle", "export", "--store", "second", "--to", "second.dbd"]).status == 0)
        let twice = try cli.run(["bundle", "import", "--store", "bureau", "second.dbd"])
        #expect(twice.status == 1)
        #expect(twice.stdout.contains("拒收") && twice.stdout.contains("用过"))
    }
}
