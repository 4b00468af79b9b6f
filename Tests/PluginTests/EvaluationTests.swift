import DudaoKernel
import DudaoTestSupport
import Evaluation
import Testing

@Suite("5.1 lasting practices, 5.2 score sheets")
struct EvaluationTests {
    static func practice(_ day: String, kind: Practice.Kind = .rule) -> Practice {
        Practice(title: "周例会督办制度", adoptedOn: PhaseTestKit.date(day), document: "《督办工作制度》", kind: kind)
    }

    static func sheet(_ day: String, score: Double = 90) -> ScoreSheet {
        ScoreSheet(assessedOn: PhaseTestKit.date(day), stageTargetsMet: 3, overallTargetsMet: 2, comment: "完成情况良好", finalScore: score)
    }

    // MARK: 5.1

    @Test(arguments: [
        ("diligent", "school-no1-high", ["2017-06-01"], "2017-12-31", CellState.met, nil as Int?),
        ("diligent, before adopting", "school-no1-high", ["2017-06-01"], "2017-05-31", .due, 214),
        ("missing, a month before the end", "office-policy", [], "2017-12-01", .due, 30),
        ("missing, after the end", "office-policy", [], "2018-01-01", .overdue, nil),
        ("institution, two practices", "inst-education-research", ["2017-05-10", "2017-09-01"], "2018-01-01", .met, nil),
    ] as [(String, String, [String], String, CellState, Int?)])
    func practices(_ name: String, unit: String, adopted: [String], asOf: String, state: CellState, daysLeft: Int?) throws {
        var maker = RecordMaker()
        let records = adopted.map { maker.make(Self.practice($0), unit: unit) }
        let cell = try #require(try PhaseTestKit.harness().cells(unit, clause: "5.1", records: records, asOf: asOf).first)
        #expect(cell.rule == "5.1/practices")
        #expect(cell.state == state, "\(name)")
        #expect(cell.daysLeft == daysLeft, "\(name)")
        #expect(cell.deadline == PhaseTestKit.date("2017-12-31"))
    }

    @Test func minimumAndWindowFromTheFile() throws {
        let campaign = try Fixtures.campaign {
            Fixtures.setParameter(&$0, clause: "5.1", key: "minimumPractices", value: 2)
            PhaseTestKit.setClauseField(&$0, clause: "5.1", key: "window", value: ["start": "2017-04-01", "end": "2017-09-30"])
        }
        let harness = try PhaseTestKit.harness(campaign)
        var maker = RecordMaker()
        let one = [maker.make(Self.practice("2017-06-01"), unit: "school-art")]
        let cell = try #require(harness.cells("school-art", clause: "5.1", records: one, asOf: "2017-10-01").first)
        #expect(cell.state == .overdue)
        #expect(cell.note?.zh == "1/2")
        let lateSecond = one + [maker.make(Self.practice("2017-10-15"), unit: "school-art")]
        #expect(harness.states("school-art", clause: "5.1", records: lateSecond, asOf: "2017-10-20") == [.metLate])
    }

    // MARK: 5.2

    @Test(arguments: [
        ("assessed school", "school-no1-high", "2018-01-20", "2018-02-01", CellState.met, nil as Int?),
        ("school not assessed yet", "school-no2-high", nil, "2018-02-10", .due, 18),
        ("school before the assessment opens", "school-no2-high", nil, "2017-12-31", .due, 59),
        ("school never assessed", "school-no2-high", nil, "2018-03-01", .overdue, nil),
        ("institution not assessed", "inst-audio-visual", nil, "2018-01-05", .due, 54),
        ("office: 5.2 does not bind offices", "office-finance", nil, "2018-03-01", .notApplicable, nil),
        ("office, even with a sheet", "office-finance", "2018-01-20", "2018-03-01", .notApplicable, nil),
    ] as [(String, String, String?, String, CellState, Int?)])
    func scoreSheets(_ name: String, unit: String, assessed: String?, asOf: String, state: CellState, daysLeft: Int?) throws {
        var maker = RecordMaker(origin: "bureau")
        let records = assessed.map { [maker.make(Self.sheet($0), unit: unit)] } ?? []
        let cells = try PhaseTestKit.harness().cells(unit, clause: "5.2", records: records, asOf: asOf)
        #expect(cells.map(\.rule) == ["5.2/score-sheet"])
        #expect(cells.first?.state == state, "\(name)")
        #expect(cells.first?.daysLeft == daysLeft, "\(name)")
    }

    @Test func assessmentWindowFromTheFile() throws {
        let campaign = try Fixtures.campaign {
            PhaseTestKit.setClauseField(&$0, clause: "5.2", key: "window", value: ["start": "2018-01-01", "end": "2018-01-31"])
            PhaseTestKit.setClauseField(&$0, clause: "5.2", key: "appliesTo", value: ["office", "institution", "school"])
        }
        var maker = RecordMaker(origin: "bureau")
        let records = [maker.make(Self.sheet("2018-02-10"), unit: "school-no1-high")]
        let harness = try PhaseTestKit.harness(campaign)
        #expect(harness.states("school-no1-high", clause: "5.2", records: records, asOf: "2018-02-15") == [.metLate])
        #expect(harness.states("office-finance", clause: "5.2", records: [], asOf: "2018-02-15") == [.overdue])
    }

    // MARK: Validation

    static let practicesBroken: [BrokenBody] = [
        BrokenBody("missing title", path: "title") { $0["title"] = nil },
        BrokenBody("unknown kind", path: "kind") { $0["kind"] = "policy" },
        BrokenBody("blank document", path: "document") { $0["document"] = "" },
        BrokenBody("adopted before 5.1 starts", path: "adoptedOn") { $0["adoptedOn"] = "2017-03-20" },
        BrokenBody("adopted after the campaign", path: "adoptedOn") { $0["adoptedOn"] = "2018-01-10" },
    ]

    @Test(arguments: practicesBroken)
    func brokenPractice(_ body: BrokenBody) throws {
        let paths = try PhaseTestKit.issuePaths(Practice.self, unit: body.unit, edit: body.edit)
        #expect(paths == [body.path])
    }

    static let sheetsBroken: [BrokenBody] = [
        BrokenBody("missing comment", path: "comment") { $0["comment"] = nil },
        BrokenBody("score above 100", path: "finalScore") { $0["finalScore"] = 120 },
        BrokenBody("score below 0", path: "finalScore") { $0["finalScore"] = -5 },
        BrokenBody("score of the wrong type", path: "finalScore") { $0["finalScore"] = "A" },
        BrokenBody("negative count", path: "stageTargetsMet") { $0["stageTargetsMet"] = -1 },
        BrokenBody("count of the wrong type", path: "overallTargetsMet") { $0["overallTargetsMet"] = "two" },
        BrokenBody("assessed during the campaign", path: "assessedOn") { $0["assessedOn"] = "2017-12-01" },
    ]

    @Test(arguments: sheetsBroken)
    func brokenScoreSheet(_ body: BrokenBody) throws {
        let paths = try PhaseTestKit.issuePaths(ScoreSheet.self, unit: body.unit, edit: body.edit)
        #expect(paths == [body.path])
    }

    // MARK: Report and conformance

    @Test(arguments: [(Language.zh, "条款", "制度：《督办工作制度》"), (Language.en, "Clause", "rule: 《督办工作制度》")])
    func reportListsRecordsByClause(language: Language, header: String, details: String) throws {
        let campaign = try Fixtures.campaign()
        let unit = try #require(campaign.unit("school-no1-high"))
        var maker = RecordMaker()
        let records = [maker.make(Self.sheet("2018-01-20"), unit: unit.id), maker.make(Self.practice("2017-06-01"), unit: unit.id)]
        let table = EvaluationPlugin.recordsReport.build(ReportContext(
            campaign: campaign, unit: unit, asOf: PhaseTestKit.date("2018-02-28"), language: language, records: records, ledger: []))
        #expect(table.columns.first == header)
        #expect(table.rows.map(\.first) == ["5.1", "5.2"])
        #expect(table.rows.first?.last == details)
    }

    @Test func conforms() {
        #expect(PluginConformance.failures(of: EvaluationPlugin(), campaignFile: Fixtures.campaignPath, checkSchemaFiles: false) == [])
    }
}
