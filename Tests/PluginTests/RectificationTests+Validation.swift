import DudaoKernel
import DudaoTestSupport
import Rectification
import Testing

@Suite("4.1–4.4 record validation")
struct RectificationValidationTests {
    static let projects: [BrokenBody] = [
        BrokenBody("missing lead leader", path: "leadLeader") { $0["leadLeader"] = nil },
        BrokenBody("unknown lead leader", path: "leadLeader") { $0["leadLeader"] = "leader-99" },
        BrokenBody("the head of another unit", path: "leadLeader") { $0["leadLeader"] = "head-no2-high" },
        BrokenBody("blank department", path: "department") { $0["department"] = "" },
        BrokenBody("no measure", path: "measures") { $0["measures"] = [] as [Any] },
        BrokenBody("blank measure", path: "measures[0]") { $0["measures"] = [" "] },
        BrokenBody("deadline of the wrong type", path: "deadline") { $0["deadline"] = 20_170_831 },
        BrokenBody("deadline before registration", path: "deadline") { $0["deadline"] = "2017-04-01" },
        BrokenBody("registered before 4.1 starts", path: "registeredOn") { $0["registeredOn"] = "2017-03-15" },
    ]

    @Test(arguments: projects)
    func majorProject(_ body: BrokenBody) throws {
        let paths = try PhaseTestKit.issuePaths(MajorProject.self, unit: body.unit, edit: body.edit)
        #expect(paths == [body.path])
    }

    @Test func ownHeadMayLead() throws {
        #expect(try PhaseTestKit.issuePaths(MajorProject.self, unit: "school-no1-high") { $0["leadLeader"] = "head-no1-high" } == [])
    }

    static let reports: [BrokenBody] = [
        BrokenBody("unknown subject", path: "subject") { $0["subject"] = "budget" },
        BrokenBody("not a period label", path: "period", unit: "office-party") { $0["period"] = "2017/04" },
        BrokenBody("no such month", path: "period", unit: "office-party") { $0["period"] = "2017-13" },
        BrokenBody("a quarter from a monthly office", path: "period", unit: "office-party") {
            $0["period"] = "2017-Q2"
            $0["submittedOn"] = "2017-07-03"
        },
        BrokenBody("a month from a quarterly school", path: "period") { $0["period"] = "2017-04" },
        BrokenBody("a month before 4.2 starts", path: "period", unit: "office-party") {
            $0["period"] = "2017-03"
            $0["submittedOn"] = "2017-04-02"
        },
        BrokenBody("submitted before the period starts", path: "submittedOn", unit: "office-party") { $0["submittedOn"] = "2017-03-28" },
        BrokenBody("submitted long after the campaign", path: "submittedOn", unit: "office-party") { $0["submittedOn"] = "2018-05-01" },
        BrokenBody("items of the wrong type", path: "itemsCovered", unit: "office-party") { $0["itemsCovered"] = "item-1" },
        BrokenBody("blank summary", path: "summary", unit: "office-party") { $0["summary"] = " " },
    ]

    @Test(arguments: reports)
    func progressReport(_ body: BrokenBody) throws {
        let paths = try PhaseTestKit.issuePaths(ProgressReport.self, unit: body.unit, edit: body.edit)
        #expect(paths == [body.path])
    }

    @Test(arguments: [
        ("school-no1-high", "rectification", "2017-Q4", "2018-01-04"),
        ("office-party", "target", "2017-05", "2017-06-03"),
        ("inst-audio-visual", "rectification", "2017-12", "2018-01-08"),
    ])
    func progressReportForTheUnitsCadence(unit: String, subject: String, period: String, submitted: String) throws {
        let paths = try PhaseTestKit.issuePaths(ProgressReport.self, unit: unit) {
            $0["subject"] = subject
            $0["period"] = period
            $0["submittedOn"] = submitted
        }
        #expect(paths == [])
    }

    static let plans: [BrokenBody] = [
        BrokenBody("missing target", path: "target") { $0["target"] = nil },
        BrokenBody("no milestone", path: "milestones") { $0["milestones"] = [] as [Any] },
        BrokenBody("milestone after the campaign", path: "milestones[0].dueOn") {
            $0["milestones"] = [["title": "期末统考", "dueOn": "2018-06-30", "responsiblePerson": "李芳"]]
        },
        BrokenBody("unknown responsible person id", path: "milestones[0].responsiblePerson") {
            $0["milestones"] = [["title": "期末统考", "dueOn": "2017-12-30", "responsiblePerson": "leader-99"]]
        },
        BrokenBody("milestone without a title", path: "milestones[0].title") {
            $0["milestones"] = [["dueOn": "2017-12-30", "responsiblePerson": "李芳"]]
        },
        BrokenBody("blank measure", path: "measures[1]") { $0["measures"] = ["集体备课", ""] },
        BrokenBody("adopted before the campaign", path: "adoptedOn") { $0["adoptedOn"] = "2017-02-20" },
    ]

    @Test(arguments: plans)
    func targetPlan(_ body: BrokenBody) throws {
        let paths = try PhaseTestKit.issuePaths(TargetPlan.self, unit: body.unit, edit: body.edit)
        #expect(paths == [body.path])
    }

    static let visits: [BrokenBody] = [
        BrokenBody("a unit head is not a bureau leader", path: "leader") { $0["leader"] = "head-no1-high" },
        BrokenBody("unknown leader", path: "leader") { $0["leader"] = "leader-99" },
        BrokenBody("a unit the leader is not responsible for", path: "leader") { $0["leader"] = "leader-3" },
        BrokenBody("visited before 4.4 starts", path: "visitedOn") { $0["visitedOn"] = "2017-03-10" },
        BrokenBody("announced of the wrong type", path: "announced") { $0["announced"] = "yes" },
        BrokenBody("blank finding", path: "findings[0]") { $0["findings"] = [""] },
    ]

    @Test(arguments: visits)
    func leaderVisit(_ body: BrokenBody) throws {
        let paths = try PhaseTestKit.issuePaths(LeaderVisit.self, unit: body.unit, edit: body.edit)
        #expect(paths == [body.path])
    }

    @Test func visitToAUnitOutsideTheRoster() throws {
        let ghost = CampaignUnit(id: "school-ghost", kind: .school, name: LocalizedText(zh: "虚构学校", en: "Ghost School"))
        #expect(try PhaseTestKit.issuePaths(LeaderVisit.self, unitValue: ghost) { _ in } == ["leader"])
        #expect(try PhaseTestKit.issuePaths(LeaderVisit.self, unit: "office-party") { _ in } == [])
    }
}
