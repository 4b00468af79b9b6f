import DudaoKernel
import DudaoTestSupport
import Rectification
import Testing

@Suite("4.2 ledger closure, 4.3 target plans and reports")
struct RectificationTargetTests {
    // MARK: 4.2 ledger closure

    /// Three items of the office's own list: A due 05-31 (closed 05-20), B due 06-30 (closed on
    /// `bClosedOn` if any), C without a deadline.
    static func ledger(bClosedOn: String?) -> [RecordEnvelope] {
        var maker = RecordMaker()
        func item(_ id: String, _ deadline: String?) -> RecordEnvelope {
            maker.make(LedgerItem(title: "台账事项\(id)", source: .unitList, measures: ["整改"], deadline: deadline.map(PhaseTestKit.date),
                                  responsiblePerson: "head-finance", registeredOn: PhaseTestKit.date("2017-04-25")),
                       unit: "office-finance", id: id)
        }
        let a = item("A", "2017-05-31"), b = item("B", "2017-06-30"), c = item("C", nil)
        var records = [a, b, c] + PhaseTestKit.close(a, on: "2017-05-20", maker: &maker)
        if let bClosedOn { records += PhaseTestKit.close(b, on: bClosedOn, maker: &maker) }
        return records
    }

    @Test(arguments: [
        ("before any is due", nil, "2017-06-15", CellState.met, ["A", "B", "C"], "3 ledger items, 1 closed (closure rate 33%), 0 overdue"),
        ("B past its deadline", nil, "2017-07-01", .overdue, ["B"], "3 ledger items, 1 closed (closure rate 33%), 1 overdue"),
        ("B closed late", "2017-07-05", "2017-07-10", .met, ["A", "B", "C"], "3 ledger items, 2 closed (closure rate 67%), 0 overdue"),
        ("B closed in time", "2017-06-28", "2017-07-10", .met, ["A", "B", "C"], "3 ledger items, 2 closed (closure rate 67%), 0 overdue"),
    ] as [(String, String?, String, CellState, [String], String)])
    func ledgerClosure(_ name: String, bClosedOn: String?, asOf: String, state: CellState, records: [String], note: String) throws {
        let cell = try #require(try PhaseTestKit.harness().cells("office-finance", clause: "4.2", records: Self.ledger(bClosedOn: bClosedOn),
                                                                asOf: asOf, rule: "4.2/ledger-closure").first)
        #expect(cell.state == state, "\(name)")
        #expect(cell.recordIDs == records, "\(name)")
        #expect(cell.note?.en == note, "\(name)")
    }

    @Test func emptyLedgerAndBeforeTheClause() throws {
        let harness = try PhaseTestKit.harness()
        #expect(harness.states("school-art", clause: "4.2", records: [], asOf: "2017-05-01", rule: "4.2/ledger-closure") == [.met])
        #expect(harness.cells("school-art", clause: "4.2", records: [], asOf: "2017-03-31", rule: "4.2/ledger-closure").isEmpty)
    }

    // MARK: 4.3 target plan

    static func plan(adopted day: String) -> TargetPlan {
        TargetPlan(target: "target-1",
                   milestones: [TargetPlan.Milestone(title: "期中质量分析", dueOn: PhaseTestKit.date("2017-11-30"), responsiblePerson: "王晓明")],
                   measures: ["集体备课"], adoptedOn: PhaseTestKit.date(day))
    }

    @Test(arguments: [
        ("diligent, adopted in April", "school-no1-high", "2017-04-28", "2017-05-31", CellState.met, nil as Int?),
        ("diligent", "school-no1-high", "2017-05-10", "2017-06-01", .met, nil),
        ("before the plan", "school-no1-high", "2017-05-10", "2017-05-01", .due, 30),
        ("late, the day after", "office-basic-education", "2017-06-05", "2017-06-01", .overdue, nil),
        ("late, once adopted", "office-basic-education", "2017-06-05", "2017-06-10", .metLate, nil),
        ("missing", "inst-education-research", nil, "2017-12-31", .overdue, nil),
    ] as [(String, String, String?, String, CellState, Int?)])
    func targetPlan(_ name: String, unit: String, adopted: String?, asOf: String, state: CellState, daysLeft: Int?) throws {
        var maker = RecordMaker()
        let records = adopted.map { [maker.make(Self.plan(adopted: $0), unit: unit)] } ?? []
        let cell = try #require(try PhaseTestKit.harness().cells(unit, clause: "4.3", records: records, asOf: asOf, rule: "4.3/target-plan").first)
        #expect(cell.state == state, "\(name)")
        #expect(cell.daysLeft == daysLeft, "\(name)")
    }

    @Test func planDueDateFromTheFile() throws {
        let campaign = try Fixtures.campaign { Fixtures.setParameter(&$0, clause: "4.3", key: "planDueBy", value: "2017-06-15") }
        var maker = RecordMaker()
        let records = [maker.make(Self.plan(adopted: "2017-06-05"), unit: "office-basic-education")]
        #expect(try PhaseTestKit.harness(campaign).states("office-basic-education", clause: "4.3", records: records, asOf: "2017-06-10",
                                                         rule: "4.3/target-plan") == [.met])
    }

    // MARK: 4.3 target reports, over 4.3's window

    @Test(arguments: [
        ("office, monthly from May", "office-personnel", [("2017-05", "2017-06-02")], "2017-06-10",
         [("2017-05", CellState.met, nil as Int?), ("2017-06", .due, 25)]),
        ("office, rectification reports do not count", "office-personnel", [], "2017-06-10",
         [("2017-05", .overdue, nil), ("2017-06", .due, 25)]),
        ("school, quarterly", "school-no1-high", [("2017-Q2", "2017-07-04")], "2017-07-10",
         [("2017-Q2", .met, nil), ("2017-Q3", .due, 87)]),
        ("school missing the work", "school-no3-high", [], "2017-10-06",
         [("2017-Q2", .overdue, nil), ("2017-Q3", .overdue, nil), ("2017-Q4", .due, 91)]),
    ] as [(String, String, [(String, String)], String, [(String, CellState, Int?)])])
    func targetReports(_ name: String, unit: String, reports: [(String, String)], asOf: String,
                       expected: [(String, CellState, Int?)]) throws {
        var maker = RecordMaker()
        let targetReports = reports.map { maker.make(RectificationTests.report(.target, $0.0, on: $0.1), unit: unit) }
        let rectification = maker.make(RectificationTests.report(.rectification, "2017-05", on: "2017-06-01"), unit: unit)
        let cells = try PhaseTestKit.harness().cells(unit, clause: "4.3", records: targetReports + [rectification], asOf: asOf,
                                                    rule: "4.3/target-reports")
        #expect(cells.map(\.period.label) == expected.map(\.0), "\(name)")
        #expect(cells.map(\.state) == expected.map(\.1), "\(name)")
        #expect(cells.map(\.daysLeft) == expected.map(\.2), "\(name)")
    }
}
