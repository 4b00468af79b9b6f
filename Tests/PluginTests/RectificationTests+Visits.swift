import DudaoKernel
import DudaoTestSupport
import Rectification
import Testing

@Suite("4.4 bureau leaders' visits, rectification report and conformance")
struct RectificationVisitTests {
    /// leader-1 has three assigned units and two offices in charge.
    static let leaderOneUnits = ["inst-education-research", "school-no1-high", "school-no2-high", "office-campaign", "office-party"]

    static func visits(_ leader: String, _ list: [(String, String)]) -> [RecordEnvelope] {
        var maker = RecordMaker(origin: "bureau")
        return list.map { unit, day in
            maker.make(LeaderVisit(leader: leader, visitedOn: PhaseTestKit.date(day), announced: false, findings: ["台账更新不及时"]), unit: unit)
        }
    }

    static let diligentVisits = [("school-no1-high", "2017-04-10"), ("office-party", "2017-04-20"), ("school-no2-high", "2017-05-15")]

    @Test(arguments: [
        ("diligent leader, mid-May", "leader-1", diligentVisits, "2017-05-20",
         [("2017-04", CellState.met, nil as Int?), ("2017-05", .due, 11)]),
        ("diligent leader, after May", "leader-1", diligentVisits, "2017-06-01",
         [("2017-04", .met, nil), ("2017-05", .overdue, nil), ("2017-06", .due, 29)]),
        ("leader short of visits, visiting in the next month", "leader-2",
         [("school-no3-high", "2017-04-10"), ("inst-audio-visual", "2017-05-03")], "2017-05-05",
         [("2017-04", .overdue, nil), ("2017-05", .due, 26)]),
        ("leader missing the work", "leader-3", [], "2017-05-01", [("2017-04", .overdue, nil), ("2017-05", .due, 30)]),
    ] as [(String, String, [(String, String)], String, [(String, CellState, Int?)])])
    func visitsPerLeader(_ name: String, leader: String, list: [(String, String)], asOf: String,
                         expected: [(String, CellState, Int?)]) throws {
        let cells = try PhaseTestKit.harness().leaderCells(leader, clause: "4.4", records: Self.visits(leader, list), asOf: asOf)
        #expect(cells.map(\.subject) == Array(repeating: .person(leader), count: expected.count), "\(name)")
        #expect(cells.map(\.period.label) == expected.map(\.0), "\(name)")
        #expect(cells.map(\.state) == expected.map(\.1), "\(name)")
        #expect(cells.map(\.daysLeft) == expected.map(\.2), "\(name)")
    }

    @Test func otherLeadersVisitsDoNotCount() throws {
        let records = Self.visits("leader-2", [("school-no3-high", "2017-04-10"), ("school-no3-high", "2017-04-12")])
        let harness = try PhaseTestKit.harness()
        #expect(harness.leaderCells("leader-2", clause: "4.4", records: records, asOf: "2017-04-30").map(\.state) == [.met])
        #expect(harness.leaderCells("leader-1", clause: "4.4", records: records, asOf: "2017-04-30").map(\.state) == [.due])
        #expect(harness.cells("school-no3-high", clause: "4.4", records: records, asOf: "2017-04-30").isEmpty)
    }

    @Test func perLeaderAndUnitWhenTheFileSaysSo() throws {
        let campaign = try Fixtures.campaign { Fixtures.setParameter(&$0, clause: "4.4", key: "quotaScope", value: "leader-and-unit") }
        let harness = try PhaseTestKit.harness(campaign)
        let twoVisits = Self.visits("leader-1", [("school-no1-high", "2017-04-10"), ("office-party", "2017-04-20")])
        #expect(harness.leaderCells("leader-1", clause: "4.4", records: twoVisits, asOf: "2017-05-01").map(\.state) == [.overdue, .due])
        let everyUnitTwice = Self.visits("leader-1", Self.leaderOneUnits.flatMap { [($0, "2017-04-10"), ($0, "2017-04-24")] })
        #expect(harness.leaderCells("leader-1", clause: "4.4", records: everyUnitTwice, asOf: "2017-05-01").map(\.state) == [.met, .due])
        // The shipped file counts per leader: the same two visits meet April.
        #expect(try PhaseTestKit.harness().leaderCells("leader-1", clause: "4.4", records: twoVisits, asOf: "2017-05-01").map(\.state) == [.met, .due])
    }

    @Test func quotaAndPeriodFromTheFile() throws {
        let campaign = try Fixtures.campaign {
            Fixtures.setParameter(&$0, clause: "4.4", key: "visitsPerPeriod", value: 1)
            Fixtures.setParameter(&$0, clause: "4.4", key: "period", value: "quarter")
        }
        let records = Self.visits("leader-2", [("school-no3-high", "2017-05-10")])
        let cells = try PhaseTestKit.harness(campaign).leaderCells("leader-2", clause: "4.4", records: records, asOf: "2017-07-01")
        #expect(cells.map(\.period.label) == ["2017-Q2", "2017-Q3"])
        #expect(cells.map(\.state) == [.met, .due])
    }

    // MARK: Report and conformance

    @Test(arguments: [(Language.zh, ["条款", "记录", "日期", "内容", "说明"]), (Language.en, ["Clause", "Record", "Date", "Content", "Details"])])
    func reportListsRecordsByClause(language: Language, headers: [String]) throws {
        let campaign = try Fixtures.campaign()
        let unit = try #require(campaign.unit("school-no1-high"))
        var maker = RecordMaker()
        let records = [
            maker.make(LeaderVisit(leader: "leader-1", visitedOn: PhaseTestKit.date("2017-04-18"), announced: true), unit: "school-no1-high"),
            maker.make(RectificationTests.report(.target, "2017-Q2", on: "2017-07-03"), unit: "school-no1-high"),
            maker.make(RectificationTests.report(.rectification, "2017-Q2", on: "2017-07-02"), unit: "school-no1-high"),
            maker.make(RectificationTests.project(registered: "2017-04-20"), unit: "school-no1-high"),
            maker.make(RectificationTargetTests.plan(adopted: "2017-05-10"), unit: "school-no1-high"),
        ]
        let section = try #require(try PluginRegistry(plugins: [RectificationPlugin()]).reports.first)
        let table = section.build(ReportContext(campaign: campaign, unit: unit, asOf: PhaseTestKit.date("2017-12-31"),
                                                language: language, records: records, ledger: []))
        #expect(table.columns == headers)
        #expect(table.rows.map(\.first) == ["4.1", "4.2", "4.3", "4.3", "4.4"])
        #expect(table.rows.map { $0[2] } == ["2017-04-20", "2017-07-02", "2017-05-10", "2017-07-03", "2017-04-18"])
    }

    @Test func conforms() {
        #expect(PluginConformance.failures(of: RectificationPlugin(), campaignFile: Fixtures.campaignPath, checkSchemaFiles: false) == [])
    }
}
