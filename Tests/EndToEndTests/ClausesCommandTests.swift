import DudaoTestSupport
import Foundation
import Testing

/// `dudao clauses`: per clause the plan's words, and every parameter with its source.
@Suite struct ClausesCommandTests {
    let cli = CommandRunner()

    @Test func theJSONGivesTheWordsAndEveryParameterWithItsSource() throws {
        let outcome = try cli.run(["clauses", "--campaign", Fixtures.campaignPath, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let clauses = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        #expect(clauses.count == 16)
        for clause in clauses {
            let text = (clause["text"] as? String ?? "") + (clause["schedule"] as? String ?? "") + (clause["responsibleText"] as? String ?? "")
            let parameters = clause["parameters"] as? [[String: Any]] ?? []
            #expect(parameters.prefix(2).compactMap { $0["name"] as? String } == ["window", "appliesTo"])
            for parameter in parameters {
                let source = try #require(parameter["source"] as? [String: Any], "\(clause["clause"] ?? "") \(parameter["name"] ?? "")")
                if let quote = source["quote"] as? String {
                    #expect(text.contains(quote))
                } else {
                    let reason = source["assumption"] as? [String: String]
                    #expect(reason?["zh"]?.isEmpty == false && reason?["en"]?.isEmpty == false)
                }
            }
        }
        let reflections = try #require(clauses.first { $0["clause"] as? String == "1.4" })
        let due = (reflections["parameters"] as? [[String: Any]])?.first { $0["name"] as? String == "reflectionDueBy" }
        #expect(due?["value"] as? String == "2017-04-28")
        #expect((due?["source"] as? [String: Any])?["quote"] as? String == "于4月28日前报送局活动办")
    }

    @Test func theTextMarksTheOfficesAssumptions() throws {
        let outcome = try cli.run(["clauses", "--campaign", Fixtures.campaignPath])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("【设定】replyLimitDays = 15"))
        #expect(outcome.stdout.contains("原文“于4月28日前报送局活动办”"))
        #expect(outcome.stdout.contains("督导办设定，原文未规定"))
    }

    @Test func aCampaignFileWithAnUnsourcedParameterIsRefusedByName() throws {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))) as! [String: Any]
        var clauses = object["clauses"] as! [[String: Any]]
        var parameters = clauses[6]["parameters"] as! [[String: Any]]
        parameters[2].removeValue(forKey: "source")
        clauses[6]["parameters"] = parameters
        object["clauses"] = clauses
        let path = try cli.file("unsourced.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        let outcome = try cli.run(["campaign", "validate", path, "--lang", "en"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("$.clauses[6].parameters[2].source"))
    }
}
