import DudaoTestSupport
import Foundation
import Testing

/// Dates, roles, states and languages are parsed by the argument parser: a wrong value is a
/// usage error (exit 64) that names the accepted form, before any store is opened.
@Suite struct ArgumentTests {
    let cli = CommandRunner()

    @Test(arguments: [
        ["status", "--at", "2017-13-01"],
        ["status", "--at", "15.05.2017"],
        ["report", "evaluation", "--at", "tomorrow"],
        ["report", "unit", "school-no1-high", "--at", "2017-02-30"],
        ["ledger", "list", "--at", "2017/05/01"],
        ["ledger", "add", "--title", "x", "--deadline", "2017-5-1"],
        ["ledger", "add", "--title", "x", "--on", "yesterday"],
        ["ledger", "supervise", "ITEM", "--comment", "x", "--deadline", "soon"],
        ["ledger", "close", "ITEM", "--comment", "x", "--on", "2017-04-31"],
        ["demo", "--no-serve", "--at", "end"],
    ])
    func aWrongDateIsAnArgumentErrorNamingTheForm(_ arguments: [String]) throws {
        let outcome = try cli.run(arguments + ["--store", "nowhere"])
        #expect(outcome.status == 64, "\(arguments): \(outcome.stderr)")
        #expect(outcome.stderr.contains("YYYY-MM-DD"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(arguments[arguments.count - 2]))
        // Refused before anything was opened or written.
        #expect(!outcome.stderr.contains("no Dudao store"))
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("dudao-demo").path))
    }

    @Test func aWrongRoleStateSourceOrLanguageListsTheAcceptedValues() throws {
        let role = try cli.run(["bureau", "user", "add", "wang", "--role", "boss", "--store", "nowhere"], stdin: "a long password\n")
        #expect(role.status == 64)
        #expect(role.stderr.contains("boss") && role.stderr.contains("'office'") && role.stderr.contains("'leader'") && role.stderr.contains("'viewer'"))
        let state = try cli.run(["ledger", "list", "--state", "open", "--store", "nowhere"])
        #expect(state.status == 64)
        #expect(state.stderr.contains("'registered'") && state.stderr.contains("'archived'"))
        let source = try cli.run(["ledger", "add", "--title", "x", "--source", "rumour", "--store", "nowhere"])
        #expect(source.status == 64)
        #expect(source.stderr.contains("- appeal") && source.stderr.contains("- unit-list"))
        let language = try cli.run(["status", "--lang", "fr", "--store", "nowhere"])
        #expect(language.status == 64)
        #expect(language.stderr.contains("'zh'") && language.stderr.contains("'en'"))
    }

    @Test(arguments: ["soon", "6", "0h", "1.5h", "6w"])
    func aWrongBackupIntervalIsAnArgumentErrorNamingTheForm(_ value: String) throws {
        let outcome = try cli.run(["serve", "--backup-dir", "backups", "--backup-every", value, "--store", "nowhere"])
        #expect(outcome.status == 64, "\(value): \(outcome.stderr)")
        #expect(outcome.stderr.contains("'\(value)'") && outcome.stderr.contains("6h, 30m, 1d"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("backups").path))
    }

    @Test func aGoodDateStillReachesTheCommand() throws {
        let outcome = try cli.run(["status", "--at", "2017-05-15", "--store", "nowhere", "--lang", "en"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("no Dudao store at"))
    }

    @Test func theHelpShowsTheDateFormAndBothLanguages() throws {
        let help = try cli.run(["status", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--at <YYYY-MM-DD>"))
        #expect(help.stdout.contains("按条款和周期查看") && help.stdout.contains("Compliance by clause and period"))
        let root = try cli.run(["--help"])
        #expect(root.stdout.contains("默认中文输出") && root.stdout.contains("Messages are Chinese by default"))
    }
}
