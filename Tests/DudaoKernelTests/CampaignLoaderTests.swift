import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

@Suite struct CampaignLoaderTests {
    @Test func theShippedCampaignLoadsWithEveryClauseOfThePlan() throws {
        let campaign = try Fixtures.campaign()
        #expect(campaign.clauses.map(\.id) == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5",
                                              "3.1", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2"])
        #expect(campaign.roster.sample)
        #expect(campaign.units.filter { $0.kind == .office }.count >= 4)
        #expect(campaign.units.filter { $0.kind == .institution }.count >= 2)
        #expect(campaign.units.filter { $0.kind == .school }.count >= 8)
        #expect(campaign.leaders.count >= 5)
        #expect(campaign.leaders.allSatisfy { !$0.assignedUnits.isEmpty || !$0.officesInCharge.isEmpty })
        #expect(campaign.requirements.map(\.id) == ["R1", "R2", "R3", "R4"])
        #expect(campaign.focusPoints.count == 9)
        #expect(campaign.clause("1.4")?.date("reflectionDueBy") == LocalDate("2017-04-28"))
    }

    func problems(_ change: (inout [String: Any]) -> Void) -> [DecodingProblem] {
        do {
            _ = try Fixtures.campaign(editing: change)
            return []
        } catch let error as CampaignFileError {
            return error.problems
        } catch {
            return [DecodingProblem(path: "?", reason: .init(zh: "\(error)", en: "\(error)"))]
        }
    }

    @Test func aMissingFieldIsNamedByItsJSONPath() {
        let found = problems { object in
            var clauses = object["clauses"] as! [[String: Any]]
            var window = clauses[3]["window"] as! [String: Any]
            window.removeValue(forKey: "start")
            clauses[3]["window"] = window
            object["clauses"] = clauses
        }
        #expect(found.map(\.path) == ["$.clauses[3].window.start"])
        #expect(found.first?.reason.en == "required field is missing")
        #expect(found.first?.reason.zh == "缺少必填字段")
    }

    @Test func aWronglyTypedFieldIsNamedByItsJSONPath() {
        let found = problems { object in
            var roster = object["roster"] as! [String: Any]
            var units = roster["units"] as! [[String: Any]]
            units[2]["kind"] = 7
            roster["units"] = units
            object["roster"] = roster
        }
        #expect(found.map(\.path) == ["$.roster.units[2].kind"])
        #expect(found.first?.reason.en.hasPrefix("wrong type") == true)
    }

    @Test func aBadDateAndDanglingReferencesAreNamed() {
        let badDate = problems { object in
            var window = object["window"] as! [String: Any]
            window["end"] = "2017-13-01"
            object["window"] = window
        }
        #expect(badDate.map(\.path) == ["$.window.end"])
        let dangling = problems { object in
            var roster = object["roster"] as! [String: Any]
            var people = roster["people"] as! [[String: Any]]
            people[0]["assignedUnits"] = ["school-nowhere"]
            roster["people"] = people
            object["roster"] = roster
        }
        #expect(dangling.map(\.path) == ["$.roster.people[0].assignedUnits[0]"])
        #expect(dangling.first?.reason.en == "unknown unit 'school-nowhere'")
    }

    @Test func notJSONAtAll() {
        #expect(throws: CampaignFileError.self) { try CampaignLoader.decode(Data("{ nope".utf8), file: "x.json") }
    }
}
