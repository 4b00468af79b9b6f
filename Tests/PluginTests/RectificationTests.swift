import DudaoKernel
import DudaoTestSupport
import Rectification
import Testing

@Suite("4.1 major projects, 4.2 rectification reports and ledger closure")
struct RectificationTests {
    static func project(registered: String, deadline: String = "2017-09-30") -> MajorProject {
        MajorProject(title: "校舍维修改造", leadLeader: "leader-1", department: "总务处", measures: ["暑期集中施工"],
                     deadline: PhaseTestKit.date(deadline), registeredOn: PhaseTestKit.date(registered))
    }

    static func report(_ subject: ProgressReport.Subject, _ period: String, on day: String) -> ProgressReport {
        ProgressReport(subject: subject, period: period, submittedOn: PhaseTestKit.date(day), summary: "本期整改推进情况")
    }

    // MARK: 4.1 registration

    @Test(arguments: [
        ("diligent, before registering", "school-no1-high", "2017-04-20", "2017-04-10", CellState.due, 51 as Int?),
        ("diligent", "school-no1-high", "2017-04-20", "2017-05-01", .met, nil),
        // 4.1 binds 机关有关科室 — the offices concerned, which the plan does not name — so only the
        // units under the bureau must register (the late cases moved from an office to a school).
        ("late, on the deadline", "school-no2-high", "2017-06-10", "2017-05-31", .due, 0),
        ("late, the day after", "school-no2-high", "2017-06-10", "2017-06-01", .overdue, nil),
        ("late, once registered", "school-no2-high", "2017-06-10", "2017-06-10", .metLate, nil),
        ("missing, a week before", "inst-audio-visual", nil, "2017-05-25", .due, 6),
        ("missing, at the end", "inst-audio-visual", nil, "2017-12-31", .overdue, nil),
    ] as [(String, String, String?, String, CellState, Int?)])
    func projectsRegistered(_ name: String, unit: String, registered: String?, asOf: String, state: CellState, daysLeft: Int?) throws {
        var maker = RecordMaker()
        let records = registered.map { [maker.make(Self.project(registered: $0), unit: unit)] } ?? []
        let cell = try #require(try PhaseTestKit.harness().cells(unit, clause: "4.1", records: records, asOf: asOf,
                                                                rule: "4.1/projects-registered").first)
        #expect(cell.state == state, "\(name)")
        #expect(cell.daysLeft == daysLeft, "\(name)")
        #expect(cell.deadline == PhaseTestKit.date("2017-05-31"))
    }

    @Test("机关有关科室: an office is not asked to register a major project")
    func officesAreNotAskedForProjects() throws {
        let cell = try #require(try PhaseTestKit.harness().cells("office-policy", clause: "4.1", records: [], asOf: "2017-12-31",
                                                                rule: "4.1/projects-registered").first)
        #expect(cell.state == .notApplicable)
        let source = try #require(try Fixtures.campaign().clause("4.1")?.source(of: "appliesTo"))
        #expect(source.isAssumption, "which offices are 有关 the plan does not say; the campaign file says so")
    }

    // MARK: 4.1 overdue projects, followed through the ledger

    /// A project (deadline 09-30) and the ledger item the store derives from it; `closedOn` closes the item.
    static func projectWithLedger(closedOn: String? = nil, newDeadline: String? = nil, ledger: Bool = true) throws -> [RecordEnvelope] {
        var maker = RecordMaker()
        let project = maker.make(project(registered: "2017-04-20"), unit: "school-no1-high", id: "project-1")
        guard ledger else { return [project] }
        let items = try PhaseTestKit.ledgerItems(for: [project], maker: &maker)
        var records = [project] + items
        if let item = items.first, let closedOn { records += PhaseTestKit.close(item, on: closedOn, maker: &maker) }
        if let item = items.first, let newDeadline {
            records.append(maker.make(LedgerTransition(item: item.id, action: .supervise, role: .leader, on: PhaseTestKit.date("2017-09-25"),
                                                       comment: "延期至11月底", deadline: PhaseTestKit.date(newDeadline)), unit: "school-no1-high"))
        }
        return records
    }

    @Test(arguments: [
        ("open, on its deadline", nil, nil, true, "2017-09-30", CellState.met),
        ("open, past its deadline", nil, nil, true, "2017-10-01", .overdue),
        ("closed in time", "2017-09-20", nil, true, "2017-10-01", .met),
        ("closed late, before closing", "2017-10-10", nil, true, "2017-10-05", .overdue),
        ("closed late, after closing", "2017-10-10", nil, true, "2017-10-15", .met),
        ("deadline moved by the leader", nil, "2017-11-30", true, "2017-10-15", .met),
        ("moved deadline passed too", nil, "2017-11-30", true, "2017-12-01", .overdue),
        ("not in the ledger yet", nil, nil, false, "2017-10-01", .overdue),
    ] as [(String, String?, String?, Bool, String, CellState)])
    func overdueProjectsAreFlagged(_ name: String, closedOn: String?, newDeadline: String?, ledger: Bool, asOf: String, state: CellState) throws {
        let records = try Self.projectWithLedger(closedOn: closedOn, newDeadline: newDeadline, ledger: ledger)
        let cell = try #require(try PhaseTestKit.harness().cells("school-no1-high", clause: "4.1", records: records, asOf: asOf,
                                                                rule: "4.1/overdue-projects").first)
        #expect(cell.state == state, "\(name)")
        if state == .overdue { #expect(cell.recordIDs == ["project-1"], "\(name)") }
    }

    @Test func projectLedgerItemIsComplete() throws {
        var maker = RecordMaker()
        let project = maker.make(Self.project(registered: "2017-04-20"), unit: "school-no1-high", id: "project-1")
        let item = try #require(try PhaseTestKit.ledgerItems(for: [project], maker: &maker).first?.decode(LedgerItem.self))
        #expect(item.source == .majorProject)
        #expect(item.sourceRecord == "project-1")
        #expect(item.deadline == PhaseTestKit.date("2017-09-30"))
        #expect(item.responsiblePerson == "leader-1")
        #expect(item.department == "总务处")
        #expect(item.isComplete)
    }

    @Test func noProjectCellBeforeTheClauseStarts() throws {
        let cells = try PhaseTestKit.harness().cells("school-no1-high", clause: "4.1", records: [], asOf: "2017-03-20", rule: "4.1/overdue-projects")
        #expect(cells.isEmpty)
    }

    // MARK: 4.2 reports: offices monthly, schools quarterly

    struct ReportCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var unit: String
        var reports: [(ProgressReport.Subject, String, String)]
        var asOf: String
        var expected: [(String, CellState, Int?)]
    }

    static let reportCases: [ReportCase] = [
        ReportCase(testDescription: "diligent office, monthly", unit: "office-personnel",
                   reports: [(.rectification, "2017-04", "2017-05-02"), (.rectification, "2017-05", "2017-06-01")], asOf: "2017-06-03",
                   expected: [("2017-04", .met, nil), ("2017-05", .met, nil), ("2017-06", .due, 32)]),
        ReportCase(testDescription: "late office, last day of grace", unit: "office-personnel",
                   reports: [(.rectification, "2017-04", "2017-05-08")], asOf: "2017-05-05",
                   expected: [("2017-04", .due, 0), ("2017-05", .due, 31)]),
        ReportCase(testDescription: "late office, past the grace days", unit: "office-personnel",
                   reports: [(.rectification, "2017-04", "2017-05-08")], asOf: "2017-05-06",
                   expected: [("2017-04", .overdue, nil), ("2017-05", .due, 30)]),
        ReportCase(testDescription: "late office, once reported", unit: "office-personnel",
                   reports: [(.rectification, "2017-04", "2017-05-08")], asOf: "2017-05-10",
                   expected: [("2017-04", .metLate, nil), ("2017-05", .due, 26)]),
        ReportCase(testDescription: "institution reporting on targets only", unit: "inst-education-research",
                   reports: [(.target, "2017-04", "2017-05-02")], asOf: "2017-05-10",
                   expected: [("2017-04", .overdue, nil), ("2017-05", .due, 26)]),
        ReportCase(testDescription: "diligent school, quarterly", unit: "school-no2-high",
                   reports: [(.rectification, "2017-Q2", "2017-07-03")], asOf: "2017-07-10",
                   expected: [("2017-Q2", .met, nil), ("2017-Q3", .due, 87)]),
        ReportCase(testDescription: "school missing the work, in its first quarter", unit: "school-no3-high",
                   reports: [], asOf: "2017-06-03", expected: [("2017-Q2", .due, 32)]),
        ReportCase(testDescription: "school missing the work, after it", unit: "school-no3-high",
                   reports: [], asOf: "2017-07-06", expected: [("2017-Q2", .overdue, nil), ("2017-Q3", .due, 91)]),
    ]

    @Test(arguments: reportCases)
    func progressReports(_ test: ReportCase) throws {
        var maker = RecordMaker()
        let records = test.reports.map { maker.make(Self.report($0.0, $0.1, on: $0.2), unit: test.unit) }
        let cells = try PhaseTestKit.harness().cells(test.unit, clause: "4.2", records: records, asOf: test.asOf, rule: "4.2/progress-reports")
        #expect(cells.map(\.period.label) == test.expected.map(\.0))
        #expect(cells.map(\.state) == test.expected.map(\.1))
        #expect(cells.map(\.daysLeft) == test.expected.map(\.2))
    }

    @Test func officesMonthlySchoolsQuarterly() throws {
        let harness = try PhaseTestKit.harness()
        let office = harness.cells("office-finance", clause: "4.2", records: [], asOf: "2017-12-31", rule: "4.2/progress-reports")
        let school = harness.cells("school-art", clause: "4.2", records: [], asOf: "2017-12-31", rule: "4.2/progress-reports")
        #expect(office.map(\.period.label) == (4...12).map { "2017-\($0 < 10 ? "0" : "")\($0)" })
        #expect(school.map(\.period.label) == ["2017-Q2", "2017-Q3", "2017-Q4"])
        #expect(school.map(\.deadline) == ["2017-07-05", "2017-10-05", "2018-01-05"].map(PhaseTestKit.date))
    }

    @Test func schoolsMonthlyWhenTheFileSaysSo() throws {
        let campaign = try Fixtures.campaign {
            Fixtures.setParameter(&$0, clause: "4.2", key: "reportPeriodByUnitKind",
                                  value: ["office": "month", "institution": "month", "school": "month"])
        }
        var maker = RecordMaker()
        let records = [maker.make(Self.report(.rectification, "2017-Q2", on: "2017-07-03"), unit: "school-no2-high"),
                       maker.make(Self.report(.rectification, "2017-04", on: "2017-05-03"), unit: "school-no2-high")]
        let cells = try PhaseTestKit.harness(campaign).cells("school-no2-high", clause: "4.2", records: records, asOf: "2017-07-10",
                                                            rule: "4.2/progress-reports")
        #expect(cells.map(\.period.label) == ["2017-04", "2017-05", "2017-06", "2017-07"])
        #expect(cells.map(\.state) == [.met, .overdue, .overdue, .due])
    }

    @Test func kindLeftOutOfTheMapIsNotApplicable() throws {
        let campaign = try Fixtures.campaign {
            Fixtures.setParameter(&$0, clause: "4.2", key: "reportPeriodByUnitKind", value: ["office": "month", "institution": "month"])
        }
        let harness = try PhaseTestKit.harness(campaign)
        #expect(harness.states("school-no1-high", clause: "4.2", records: [], asOf: "2017-12-31", rule: "4.2/progress-reports") == [.notApplicable])
        #expect(harness.states("office-party", clause: "4.2", records: [], asOf: "2017-05-31", rule: "4.2/progress-reports") == [.overdue, .due])
    }

    @Test func graceDaysFromTheFile() throws {
        let campaign = try Fixtures.campaign { Fixtures.setParameter(&$0, clause: "4.2", key: "graceDays", value: 10) }
        var maker = RecordMaker()
        let records = [maker.make(Self.report(.rectification, "2017-04", on: "2017-05-08"), unit: "office-personnel")]
        #expect(try PhaseTestKit.harness(campaign).states("office-personnel", clause: "4.2", records: records, asOf: "2017-05-10",
                                                         rule: "4.2/progress-reports") == [.met, .due])
    }
}
