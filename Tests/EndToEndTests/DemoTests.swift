import DudaoTestSupport
import Foundation
import Testing

/// The demo, run once through the real binary, then read back with `dudao status` and `dudao report`.
@Suite(.serialized) struct DemoTests {
    /// One demo folder for the suite; built on first use.
    static let demo: (cli: CommandRunner, output: String) = {
        let cli = CommandRunner()
        let outcome = try! cli.run(["demo", "--dir", "demo", "--no-serve", "--campaign", Fixtures.campaignPath, "--lang", "en"])
        precondition(outcome.status == 0, outcome.stderr)
        return (cli, outcome.stdout)
    }()

    func cells(_ unit: String, at date: String) throws -> [[String: Any]] {
        let outcome = try Self.demo.cli.run(["status", "--store", "demo/units/\(unit)", "--at", date, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let status = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
        return status?["cells"] as? [[String: Any]] ?? []
    }

    func overdueRules(_ cells: [[String: Any]]) -> Set<String> {
        Set(cells.filter { $0["state"] as? String == "overdue" }.compactMap { $0["rule"] as? String })
    }

    @Test func theDemoBuildsEveryStoreSyncsAndSummarises() throws {
        let (cli, output) = Self.demo
        #expect(output.contains("Simulated a year of work at 18 units"))
        #expect(output.contains("0 refused"))
        #expect(output.contains("Compliance by unit as of 2017-12-31"))
        #expect(output.contains("The bureau's ranking"))
        for store in ["demo/bureau", "demo/units/school-no1-high", "demo/units/office-campaign"] {
            #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("\(store)/dudao.sqlite").path))
        }
        // The bureau and each unit converge on the unit's records.
        let unitDigest = try cli.run(["digest", "--store", "demo/units/school-no3-high"]).stdout
        let bureauDigest = try cli.run(["digest", "--store", "demo/bureau", "--unit", "school-no3-high"]).stdout
        #expect(unitDigest == bureauDigest)
        // A second demo into the same folder replaces it; a folder that is not a demo is refused.
        try FileManager.default.createDirectory(at: cli.directory.appendingPathComponent("precious"), withIntermediateDirectories: true)
        let refused = try cli.run(["demo", "--dir", "precious", "--no-serve", "--lang", "en"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is not a demo folder"))
    }

    @Test(arguments: ["2017-05-15", "2017-09-30", "2017-12-31"])
    func aDiligentUnitHasNothingOverdueOrLate(at date: String) throws {
        let cells = try cells("school-no3-high", at: date)
        #expect(!cells.isEmpty)
        #expect(overdueRules(cells).isEmpty)
        #expect(!cells.contains { $0["state"] as? String == "met-late" })
    }

    @Test func aLaxUnitIsOverdueExactlyWhereItsSimulationLeftWorkOut() throws {
        let june = overdueRules(try cells("school-no2-high", at: "2017-06-15"))
        #expect(june.isSuperset(of: ["1.2/study-sessions", "1.2/materials", "1.4/head-reflections", "2.2/symposium-kinds", "2.4/ledger-complete"]))
        #expect(!june.contains("1.1/mobilisation-meetings"))
        let yearEnd = overdueRules(try cells("school-no2-high", at: "2017-12-31"))
        #expect(yearEnd.isSuperset(of: june.subtracting(["1.3/article-submissions"])))
        #expect(yearEnd.isSuperset(of: ["4.2/progress-reports", "4.3/target-reports"]))
        // Before the deadlines passed, the same work was only due.
        let april = try cells("school-no2-high", at: "2017-04-10")
        #expect(april.first { $0["rule"] as? String == "1.4/head-reflections" }?["state"] as? String == "due")
    }

    @Test func aLateUnitMeetsItsDeadlinesLate() throws {
        let cells = try cells("school-no1-high", at: "2017-12-31")
        let late = Set(cells.filter { $0["state"] as? String == "met-late" }.compactMap { $0["clause"] as? String })
        #expect(late.isSuperset(of: ["1.1", "1.4", "2.1", "3.1"]))
    }

    @Test func theEvaluationRanksDiligenceAndEveryScoreIsTheSumOfItsParts() throws {
        let outcome = try Self.demo.cli.run(["report", "evaluation", "--store", "demo/bureau", "--at", "2017-12-31", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let scores = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        var total: [String: Double] = [:]
        for score in scores {
            let parts = score["parts"] as? [[String: Any]] ?? []
            let sum = parts.compactMap { $0["points"] as? Double }.reduce(0, +)
            let value = score["total"] as? Double ?? -1
            #expect(abs(sum - value) < 0.05, "\(score["unit"] ?? "") parts add to \(sum), total \(value)")
            total[score["unit"] as? String ?? ""] = value
        }
        let diligent = ["school-no3-high", "school-vocational", "school-art"].compactMap { total[$0] }
        let late = ["school-no1-high", "school-no10-middle", "school-no22-middle"].compactMap { total[$0] }
        let lax = ["school-no2-high", "school-foreign-language"].compactMap { total[$0] }
        #expect(diligent.count == 3 && late.count == 3 && lax.count == 2)
        #expect(diligent.min()! > late.max()!)
        #expect(late.min()! > lax.max()!)
        let report = try Self.demo.cli.run(["report", "unit", "school-no2-high", "--store", "demo/bureau", "--at", "2017-12-31", "--lang", "en"])
        #expect(report.status == 0)
        #expect(report.stdout.contains("Supervision report"))
        #expect(report.stdout.contains("1.2/study-sessions"))
    }

    @Test func theAssessmentIsOfTheTargetsAndTheOfficesWeightsAreLabelled() throws {
        let cli = Self.demo.cli
        let evaluation = try cli.run(["report", "evaluation", "--store", "demo/bureau", "--at", "2017-12-31", "--json"])
        let scores = try #require(try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as? [[String: Any]])
        for score in scores {
            let parts = score["parts"] as? [[String: Any]] ?? []
            #expect(Set(parts.compactMap { $0["id"] as? String }) == ["stageTargets", "targets"])
            #expect(parts.allSatisfy { ($0["weightSource"] as? [String: Any])?["assumption"] != nil })
        }
        let text = try cli.run(["report", "evaluation", "--store", "demo/bureau", "--at", "2017-12-31"])
        #expect(text.stdout.contains("争先进位阶段性目标、总体目标"))
        #expect(text.stdout.contains("权重为督导办自定，原文未规定"))
        let ranking = try cli.run(["report", "ranking", "--store", "demo/bureau", "--at", "2017-12-31", "--lang", "en"])
        #expect(ranking.status == 0, "\(ranking.stderr)")
        #expect(ranking.stdout.contains("the campaign office's own weights"))
        let party = try cli.run(["report", "party-building", "--store", "demo/bureau", "--at", "2017-12-31"])
        #expect(party.status == 0, "\(party.stderr)")
        #expect(party.stdout.contains("年终党建工作考核"))
    }

    @Test func theUnitReportShowsTheOfficesAssumptionsPlainly() throws {
        let report = try Self.demo.cli.run(["report", "unit", "school-no2-high", "--store", "demo/bureau", "--at", "2017-12-31"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("期限为督导办设定，原文未规定"))
        #expect(report.stdout.contains("1.3 columnDueBy"))
        let json = try Self.demo.cli.run(["report", "unit", "school-no2-high", "--store", "demo/bureau", "--at", "2017-12-31", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let names = (object["assumptions"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.contains("replyLimitDays") && names.contains("window.end"))
    }

    @Test func theFocusViewNamesHeadsAndUnitsWithProblemsWithTheirSupervisionCounts() throws {
        let outcome = try Self.demo.cli.run(["report", "focus", "--store", "demo/bureau", "--at", "2017-12-31", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let entries = object["entries"] as? [[String: Any]] ?? []
        #expect(entries.count == 18)
        let lax = try #require(entries.first { $0["unit"] as? String == "school-no2-high" })
        #expect((lax["reasons"] as? [String])?.contains("outstanding") == true)
        #expect((lax["reasons"] as? [String])?.contains("head") == true)
        #expect(entries.allSatisfy { ($0["supervisionCount"] as? Int ?? 0) > 0 })
        // The units with problems come first.
        #expect((entries.first?["reasons"] as? [String])?.contains("outstanding") == true)
        // Every unit was inspected announced and unannounced: 明查与暗访相结合 across its inspections.
        let mixes = object["methodMix"] as? [[String: Any]] ?? []
        #expect(mixes.count == 18)
        for mix in mixes {
            let pairs = mix["pairs"] as? [[String: Any]] ?? []
            #expect(pairs.allSatisfy { $0["combined"] as? Bool == true }, "\(mix["unit"] ?? "")")
        }
    }
}
