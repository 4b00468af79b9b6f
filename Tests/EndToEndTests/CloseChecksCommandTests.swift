import DudaoTestSupport
import Foundation
import Testing

/// R1 through the binary: the bureau cannot close (销号) an item without the four 不放过 checks, and
/// the refusal names the ones missing; with all four, the item closes.
@Suite struct CloseChecksCommandTests {
    let cli = CommandRunner()

    func run(_ arguments: [String], stdin: String? = nil) throws -> CommandRunner.Outcome {
        let outcome = try cli.run(arguments, stdin: stdin)
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return outcome
    }

    @Test func anItemClosesOnlyWithTheFourChecks() throws {
        for arguments in [["init", "--store", "b", "--campaign", Fixtures.campaignPath, "--bureau"],
                          ["init", "--store", "u", "--campaign", Fixtures.campaignPath, "--unit", "school-no1-high"],
                          ["key", "export", "--store", "u", "--to", "u.pub"], ["key", "export", "--store", "b", "--to", "b.pub"],
                          ["bureau", "enrol", "--store", "b", "--unit", "school-no1-high", "--key", "u.pub"],
                          ["bureau", "enrol", "--store", "u", "--key", "b.pub"]] {
            _ = try run(arguments)
        }
        let item = #"{"title":"食堂账目未公示","source":"unit-list","measures":["每月公示"],"deadline":"2017-06-30","responsiblePerson":"head-no1-high","department":"总务处","registeredOn":"2017-04-20"}"#
        let id = try run(["record", "add", "ledger/item", "--store", "u", "--json", "-"], stdin: item).stdout
            .split(separator: "\n").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        _ = try run(["bundle", "export", "--store", "u", "--to", "1.dbd"])
        _ = try run(["bundle", "import", "--store", "b", "1.dbd"])
        _ = try run(["ledger", "supervise", id, "--store", "b", "--comment", "限期整改", "--on", "2017-04-25"])
        _ = try run(["bundle", "export", "--store", "b", "--for", "school-no1-high", "--to", "2.dbd"])
        _ = try run(["bundle", "import", "--store", "u", "2.dbd"])
        _ = try run(["ledger", "feedback", id, "--store", "u", "--comment", "已公示", "--on", "2017-05-10"])
        _ = try run(["bundle", "export", "--store", "u", "--to", "3.dbd"])
        _ = try run(["bundle", "import", "--store", "b", "3.dbd"])

        let bare = try cli.run(["ledger", "close", id, "--store", "b", "--comment", "整改到位", "--on", "2017-05-12"])
        #expect(bare.status == 1)
        #expect(bare.stderr.contains("思想认识上不去的不放过") && bare.stderr.contains("群众不满意的不放过"))
        let threeOfFour = try cli.run(["ledger", "close", id, "--store", "b", "--comment", "整改到位", "--on", "2017-05-12",
                                       "--awareness-raised", "--problems-focused", "--measures-in-place", "--lang", "en"])
        #expect(threeOfFour.status == 1)
        #expect(threeOfFour.stderr.contains("no closing while the public is not satisfied"))
        #expect(!threeOfFour.stderr.contains("awareness"))
        let closed = try run(["ledger", "close", id, "--store", "b", "--comment", "整改到位，家长回访满意", "--on", "2017-05-12",
                              "--awareness-raised", "--problems-focused", "--measures-in-place", "--public-satisfied"])
        #expect(closed.stdout.contains("销号"))
        let shown = try run(["ledger", "list", "--store", "b", "--state", "closed", "--json"])
        let items = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(items.count == 1)
    }
}
