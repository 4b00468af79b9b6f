import DudaoTestSupport
import Foundation
import Testing

/// The guide's example phase at work through the real binary: a school on the example campaign
/// records home visits and `dudao status` shows 6.1's monthly cells; the office's ranking weighs
/// the new part without an edit to 5.2; the shipped campaign's ranking is what it was without it.
@Suite struct ExamplePhaseTests {
    static let example = Fixtures.packageRoot.appendingPathComponent("campaigns/home-visits-example.json").path

    @Test func aSchoolsHomeVisitsMakeMonthlyCells() throws {
        let cli = CommandRunner()
        #expect(try cli.run(["init", "--store", "s", "--campaign", Self.example, "--unit", "school-no1-high"]).status == 0)
        for day in ["2017-04-06", "2017-04-20", "2017-05-11"] {
            let added = try cli.run(["record", "add", "home-visits/home-visit", "--store", "s", "--json", "-"],
                                    stdin: #"{"heldOn":"\#(day)","content":"走访学生家庭"}"#)
            #expect(added.status == 0, "\(added.stderr)")
        }
        let status = try cli.run(["status", "--store", "s", "--at", "2017-06-03", "--all", "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let cells = (object["cells"] as? [[String: Any]] ?? []).filter { $0["clause"] as? String == "6.1" }
        let states = cells.map { $0["state"] as? String ?? "?" }
        #expect(states == ["overdue", "met", "overdue", "due"], "\(cells)")
        // The unit's report has the phase's section, one row a visit; on the shipped campaign it has none.
        #expect(try Self.reportSections(cli, store: "s")["home-visits/records"] == 3)
        #expect(try cli.run(["init", "--store", "shipped", "--campaign", Fixtures.campaignPath, "--unit", "school-no1-high"]).status == 0)
        #expect(try Self.reportSections(cli, store: "shipped")["home-visits/records"] == nil)
        let refused = try cli.run(["record", "add", "home-visits/home-visit", "--store", "s", "--json", "-", "--lang", "en"],
                                  stdin: #"{"heldOn":"2016-04-06","content":" "}"#)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("heldOn") && refused.stderr.contains("content"), "\(refused.stderr)")
    }

    /// The sections of the unit report of `store`'s unit, by id, with their numbers of rows.
    static func reportSections(_ cli: CommandRunner, store: String) throws -> [String: Int] {
        let report = try cli.run(["report", "unit", "school-no1-high", "--store", store, "--at", "2017-12-31", "--json"])
        #expect(report.status == 0, "\(report.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let sections = object["sections"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: sections.map { section in
            (section["id"] as? String ?? "?", (section["rows"] as? [Any])?.count ?? -1)
        })
    }

    /// The ranking's weights: with 6.1 in the campaign, its part counts at the clause's `scoreWeight`
    /// beside 5.2's weights; without it (the shipped file) the part is absent.
    @Test func theRankingWeighsTheNewPartOnlyWhereItsClauseIs() throws {
        let cli = CommandRunner()
        func parts(_ campaign: String, _ store: String) throws -> [String: Double] {
            #expect(try cli.run(["init", "--store", store, "--campaign", campaign, "--bureau"]).status == 0)
            let ranking = try cli.run(["report", "ranking", "--store", store, "--at", "2017-12-31", "--json"])
            #expect(ranking.status == 0, "\(ranking.stderr)")
            let scores = try #require(try JSONSerialization.jsonObject(with: Data(ranking.stdout.utf8)) as? [[String: Any]])
            let first = try #require(scores.first?["parts"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: first.map { ($0["id"] as? String ?? "?", $0["weight"] as? Double ?? -1) })
        }
        let shipped = try parts(Fixtures.campaignPath, "shipped")
        #expect(shipped == ["clauseCompliance": 40, "articles": 15, "ledger": 20, "targets": 10, "appeals": 5, "inspections": 10])
        let example = try parts(Self.example, "example")
        #expect(example == shipped.merging(["homeVisits": 10]) { $1 })
    }
}
