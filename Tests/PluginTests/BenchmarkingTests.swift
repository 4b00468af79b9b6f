import Benchmarking
import DudaoKernel
import DudaoTestSupport
import Testing

@Suite("3.1 first-class targets")
struct BenchmarkingTests {
    typealias Level = BenchmarkTarget.Level

    static func target(_ level: Level, on day: String, achieved: Bool? = nil, achievedOn: String? = nil,
                       deadline: String? = nil) -> BenchmarkTarget {
        BenchmarkTarget(title: "\(level.title.zh)可比目标", level: level, metric: "本科上线率", baseline: "78%",
                        targetValue: "85%", benchmarkPeer: "郑州外国语学校", plan: "分层教学", responsiblePerson: "head-no1-high",
                        department: "教务处", setOn: PhaseTestKit.date(day), deadline: deadline.map(PhaseTestKit.date),
                        achieved: achieved, achievedOn: achievedOn.map(PhaseTestKit.date))
    }

    static func records(_ unit: String, _ targets: [(Level, String)]) -> [RecordEnvelope] {
        var maker = RecordMaker()
        return targets.map { maker.make(target($0.0, on: $0.1), unit: unit) }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var unit: String
        var targets: [(Level, String)]
        var asOf: String
        /// The state and days left of `3.1/targets-set`, then of `3.1/target-levels`.
        var set: (CellState, Int?)
        var levels: (CellState, Int?)
    }

    static let cases: [Case] = [
        Case(testDescription: "diligent school, before its first target", unit: "school-no1-high",
             targets: [(.province, "2017-04-10"), (.city, "2017-04-12")], asOf: "2017-04-05", set: (.due, 15), levels: (.due, 15)),
        Case(testDescription: "diligent school, one level so far", unit: "school-no1-high",
             targets: [(.province, "2017-04-10"), (.city, "2017-04-12")], asOf: "2017-04-11", set: (.met, nil), levels: (.due, 9)),
        Case(testDescription: "diligent school, both levels", unit: "school-no1-high",
             targets: [(.province, "2017-04-10"), (.city, "2017-04-12")], asOf: "2017-04-20", set: (.met, nil), levels: (.met, nil)),
        Case(testDescription: "late school, on the deadline", unit: "school-no2-high",
             targets: [(.province, "2017-04-25"), (.city, "2017-04-26")], asOf: "2017-04-20", set: (.due, 0), levels: (.due, 0)),
        Case(testDescription: "late school, the day after", unit: "school-no2-high",
             targets: [(.province, "2017-04-25"), (.city, "2017-04-26")], asOf: "2017-04-21", set: (.overdue, nil), levels: (.overdue, nil)),
        Case(testDescription: "late school, one level late", unit: "school-no2-high",
             targets: [(.province, "2017-04-25"), (.city, "2017-04-26")], asOf: "2017-04-25", set: (.metLate, nil), levels: (.overdue, nil)),
        Case(testDescription: "late school, both levels late", unit: "school-no2-high",
             targets: [(.province, "2017-04-25"), (.city, "2017-04-26")], asOf: "2017-04-30", set: (.metLate, nil), levels: (.metLate, nil)),
        Case(testDescription: "school without a city target", unit: "school-no3-high",
             targets: [(.province, "2017-04-10")], asOf: "2017-04-30", set: (.met, nil), levels: (.overdue, nil)),
        Case(testDescription: "office: the province level is enough", unit: "office-personnel",
             targets: [(.province, "2017-04-18")], asOf: "2017-04-30", set: (.met, nil), levels: (.met, nil)),
        Case(testDescription: "office with a city target only", unit: "office-personnel",
             targets: [(.city, "2017-04-18")], asOf: "2017-04-30", set: (.met, nil), levels: (.overdue, nil)),
        Case(testDescription: "institution missing the work, before the deadline", unit: "inst-audio-visual",
             targets: [], asOf: "2017-04-10", set: (.due, 10), levels: (.due, 10)),
        Case(testDescription: "institution missing the work, after the deadline", unit: "inst-audio-visual",
             targets: [], asOf: "2017-12-31", set: (.overdue, nil), levels: (.overdue, nil)),
    ]

    @Test(arguments: cases)
    func targetsAndLevels(_ test: Case) throws {
        let harness = try PhaseTestKit.harness()
        let records = Self.records(test.unit, test.targets)
        let set = try #require(harness.cells(test.unit, clause: "3.1", records: records, asOf: test.asOf, rule: "3.1/targets-set").first)
        let levels = try #require(harness.cells(test.unit, clause: "3.1", records: records, asOf: test.asOf, rule: "3.1/target-levels").first)
        #expect(set.state == test.set.0)
        #expect(set.daysLeft == test.set.1)
        #expect(set.deadline == PhaseTestKit.date("2017-04-20"))
        #expect(levels.state == test.levels.0)
        #expect(levels.daysLeft == test.levels.1)
    }

    @Test func targetsSetInMarchCountForTheLevelsToo() throws {
        let harness = try PhaseTestKit.harness()
        let march = Self.records("school-no1-high", [(.province, "2017-03-20"), (.city, "2017-03-22")])
        #expect(harness.states("school-no1-high", clause: "3.1", records: march, asOf: "2017-04-30", rule: "3.1/targets-set") == [.met])
        #expect(harness.states("school-no1-high", clause: "3.1", records: march, asOf: "2017-04-30", rule: "3.1/target-levels") == [.met])
    }

    @Test func missingLevelIsNamed() throws {
        let harness = try PhaseTestKit.harness()
        let cell = try #require(harness.cells("school-no3-high", clause: "3.1", records: Self.records("school-no3-high", [(.province, "2017-04-10")]),
                                              asOf: "2017-04-30", rule: "3.1/target-levels").first)
        #expect(cell.note?.en == "missing: city")
    }

    // MARK: The campaign file decides

    @Test func laterDueDateFromTheFile() throws {
        let campaign = try Fixtures.campaign { Fixtures.setParameter(&$0, clause: "3.1", key: "dueBy", value: "2017-04-30") }
        let harness = try PhaseTestKit.harness(campaign)
        let late = Self.records("school-no2-high", [(.province, "2017-04-25"), (.city, "2017-04-26")])
        #expect(harness.states("school-no2-high", clause: "3.1", records: late, asOf: "2017-04-30") == [.met, .met])
        let missing = harness.cells("inst-audio-visual", clause: "3.1", records: [], asOf: "2017-04-25")
        #expect(missing.map(\.state) == [.due, .due])
        #expect(missing.map(\.daysLeft) == [5, 5])
    }

    @Test func levelsFollowTheFile() throws {
        let campaign = try Fixtures.campaign {
            Fixtures.setParameter(&$0, clause: "3.1", key: "levelsByUnitKind",
                                  value: ["school": ["province"], "institution": ["province", "city"]])
        }
        let harness = try PhaseTestKit.harness(campaign)
        let school = Self.records("school-no3-high", [(.province, "2017-04-10")])
        #expect(harness.states("school-no3-high", clause: "3.1", records: school, asOf: "2017-04-30", rule: "3.1/target-levels") == [.met])
        let institution = Self.records("inst-audio-visual", [(.province, "2017-04-10")])
        #expect(harness.states("inst-audio-visual", clause: "3.1", records: institution, asOf: "2017-04-30", rule: "3.1/target-levels") == [.overdue])
        // The map leaves offices out: not applicable, never overdue.
        #expect(harness.states("office-personnel", clause: "3.1", records: [], asOf: "2017-12-31", rule: "3.1/target-levels") == [.notApplicable])
    }

    @Test func uncoveredKindIsNotApplicable() throws {
        let campaign = try Fixtures.campaign { PhaseTestKit.setClauseField(&$0, clause: "3.1", key: "appliesTo", value: ["school"]) }
        let harness = try PhaseTestKit.harness(campaign)
        #expect(harness.states("office-personnel", clause: "3.1", records: [], asOf: "2017-12-31") == [.notApplicable, .notApplicable])
        #expect(harness.states("school-no1-high", clause: "3.1", records: [], asOf: "2017-12-31") == [.overdue, .overdue])
    }

    // MARK: Ledger, score, report

    @Test func targetsEnterTheLedger() throws {
        let registry = try PluginRegistry(plugins: [BenchmarkingPlugin()])
        let type = try #require(registry.recordType(BenchmarkTarget.recordType))
        let annual = try RecordCoding.encode(Self.target(.province, on: "2017-04-10"))
        let item = try #require(type.ledgerProblems(annual, recordID: "t-1", unit: "school-no1-high").first)
        #expect(item.source == .target)
        #expect(item.sourceRecord == "t-1")
        #expect(item.registeredOn == PhaseTestKit.date("2017-04-10"))
        #expect(item.deadline == PhaseTestKit.date("2017-12-31"))
        #expect(item.responsiblePerson == "head-no1-high")
        #expect(item.isComplete)
        let dated = try RecordCoding.encode(Self.target(.city, on: "2017-04-10", deadline: "2017-10-31"))
        #expect(type.ledgerProblems(dated, recordID: "t-2", unit: "school-no1-high").first?.deadline == PhaseTestKit.date("2017-10-31"))
    }

    @Test(arguments: [
        ("2017-12-31", 0.5 as Double?), ("2017-11-29", 0.0 as Double?),
    ])
    func targetsScorePart(asOf: String, ratio: Double?) throws {
        var maker = RecordMaker()
        let records = [
            maker.make(Self.target(.province, on: "2017-04-10", achieved: true, achievedOn: "2017-11-30"), unit: "school-no1-high"),
            maker.make(Self.target(.city, on: "2017-04-12", achieved: false), unit: "school-no1-high"),
        ]
        let engine = try PhaseTestKit.harness().engine
        let context = try PhaseTestKit.scoreContext(engine, unit: "school-no1-high", records: records, asOf: PhaseTestKit.date(asOf))
        #expect(BenchmarkingPlugin.targetsPart.measure(context).ratio == ratio)
        let none = try PhaseTestKit.scoreContext(engine, unit: "school-no2-high", records: records, asOf: PhaseTestKit.date(asOf))
        #expect(BenchmarkingPlugin.targetsPart.measure(none).ratio == nil)
    }

    @Test(arguments: [(Language.zh, "条款", "全省"), (Language.en, "Clause", "province")])
    func reportSpeaksTheLanguage(language: Language, clauseHeader: String, level: String) throws {
        let campaign = try Fixtures.campaign()
        let unit = try #require(campaign.unit("school-no1-high"))
        let records = Self.records("school-no1-high", [(.city, "2017-04-12"), (.province, "2017-04-10")])
        let table = BenchmarkingPlugin.targetsReport.build(ReportContext(
            campaign: campaign, unit: unit, asOf: PhaseTestKit.date("2017-04-30"), language: language, records: records, ledger: []))
        #expect(table.columns.first == clauseHeader)
        #expect(table.rows.count == 2)
        #expect(table.rows.first?[2] == level)
        #expect(table.rows.allSatisfy { $0.count == table.columns.count })
    }

    @Test func conforms() {
        #expect(PluginConformance.failures(of: BenchmarkingPlugin(), campaignFile: Fixtures.campaignPath, checkSchemaFiles: false) == [])
    }
}
