import DudaoKernel
import DudaoTestSupport
import Rectification
import Testing

/// 4.2/4.3, "机关各科室、各直属机构每月向党组汇报一次…并纳入科室季评；局属各单位每季度…汇报一次…并纳入基层
/// 党建考核": the quarter's reports, handed to those ratings as a report of their own.
@Suite("4.2/4.3 progress reports for the quarterly rating (科室季评)")
struct QuarterlyRatingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var unit: String
        /// (subject, period, submitted on) of each progress report.
        var reports: [(ProgressReport.Subject, String, String)]
        var asOf: String
        var ratio: Double?
        var explanation: String
        var testDescription: String { name }
    }

    /// An office's Q2: 4.2's rectification reports from April, 4.3's target reports from May (its window).
    static let officeQ2: [(ProgressReport.Subject, String, String)] = [
        (.rectification, "2017-04", "2017-05-03"), (.rectification, "2017-05", "2017-06-08"),
        (.target, "2017-05", "2017-06-02"), (.target, "2017-06", "2017-07-04"),
    ]

    static let cases = [
        Case(name: "科室每月汇报一次: five reports due in Q2, one late, June's rectification report missing",
             unit: "office-policy", reports: officeQ2, asOf: "2017-07-10",
             ratio: 0.6, explanation: "2017-Q2 应汇报 5 次：按时 3 次，逾期 1 次，未报 1 次"),
        Case(name: "科室季评 is taken after the quarter: on 2017-07-03 June's reports are not yet due",
             unit: "office-policy", reports: officeQ2, asOf: "2017-07-03",
             ratio: 2.0 / 3, explanation: "2017-Q2 应汇报 3 次：按时 2 次，逾期 1 次，未报 0 次；另有 2 次尚未到期"),
        Case(name: "局属各单位每季度汇报一次: a school's two Q2 reports, on time",
             unit: "school-no1-high", reports: [(.rectification, "2017-Q2", "2017-07-02"), (.target, "2017-Q2", "2017-07-03")],
             asOf: "2017-07-10", ratio: 1, explanation: "2017-Q2 应汇报 2 次：按时 2 次，逾期 0 次，未报 0 次"),
        Case(name: "the last day of a quarter rates that quarter",
             unit: "office-policy", reports: [(.rectification, "2017-04", "2017-05-03"), (.rectification, "2017-05", "2017-06-02"),
                                             (.target, "2017-05", "2017-06-02")], asOf: "2017-06-30",
             ratio: 1, explanation: "2017-Q2 应汇报 3 次：按时 3 次，逾期 0 次，未报 0 次；另有 2 次尚未到期"),
        Case(name: "before the campaign's reports start, nothing to rate",
             unit: "office-policy", reports: [], asOf: "2017-05-20",
             ratio: nil, explanation: "2017-Q1 尚无到期的推进情况汇报"),
    ]

    @Test("每月…汇报一次，并纳入科室季评", arguments: cases)
    func quarter(_ c: Case) throws {
        var maker = RecordMaker()
        let records = c.reports.map { subject, period, day in
            maker.make(ProgressReport(subject: subject, period: period, submittedOn: PhaseTestKit.date(day), summary: "本期推进情况"),
                       unit: c.unit)
        }
        let engine = try PhaseTestKit.harness().engine
        let part = try #require(engine.registry.scoreParts.first { $0.id == "progressReports" })
        let measure = part.measure(try PhaseTestKit.scoreContext(engine, unit: c.unit, records: records, asOf: PhaseTestKit.date(c.asOf)))
        #expect(measure.ratio == c.ratio)
        #expect(measure.explanation.zh == c.explanation)
    }

    @Test("并纳入科室季评: the quarterly rating is a report of its own, quoted from 4.2, not part of 5.2")
    func itIsAReportOfItsOwn() throws {
        let campaign = try Fixtures.campaign()
        let registry = try PhaseTestKit.harness().engine.registry
        let report = try #require(registry.assessment("quarterly-rating"))
        #expect(report.kind == .report)
        #expect(report.weights(in: campaign) == ["progressReports": 100])
        #expect(report.weightsSource(in: campaign) == .quote("并纳入科室季评"))
        let evaluation = try #require(registry.assessments.first { $0.kind == .evaluation })
        #expect(evaluation.weights(in: campaign)["progressReports"] == nil)
    }
}
