import DudaoKernel
import DudaoTestSupport
import Foundation
import SelfInspection
import Testing

private func appeal(_ received: String, replied: String? = nil) -> Appeal {
    Appeal(receivedOn: Fixtures.date(received), channel: "suggestion-box", from: .student, content: "希望延长图书馆开放时间",
           reply: replied == nil ? nil : "已延长至晚九点", repliedOn: replied.map(Fixtures.date))
}

extension SelfInspectionTests {
    /// The `appeals` score part and the unit's report sections.
    @Suite("SelfInspection score and report")
    struct ScoreAndReport {
        /// In time (9 days), late (24 days), unanswered past the limit, and one still within it on 06-30.
        static let appeals = SelfInspectionTests.records("school-no1-high", [
            appeal("2017-05-01", replied: "2017-05-10"), appeal("2017-05-01", replied: "2017-05-25"),
            appeal("2017-05-01"), appeal("2017-06-25"),
        ])

        static func measure(_ campaign: Campaign? = nil, unit: String, records: [RecordEnvelope], asOf: String) throws -> ScoreMeasure {
            let campaign = try campaign ?? Fixtures.campaign()
            let part = try #require(try PluginRegistry(plugins: [SelfInspectionPlugin()]).scoreParts.first { $0.id == "appeals" })
            let context = ScoreContext(campaign: campaign, calendar: try campaign.calendar(), unit: try #require(campaign.unit(unit)),
                                       asOf: Fixtures.date(asOf), records: records, ledger: [], cells: [])
            return part.measure(context)
        }

        @Test("appeals: answered within the limit over those judged")
        func appealRatio() throws {
            let measure = try Self.measure(unit: "school-no1-high", records: Self.appeals, asOf: "2017-06-30")
            #expect(measure.ratio == 1.0 / 3)
            #expect(measure.explanation.zh == "收到诉求 4 件：15 天内答复 1 件，逾期或超期未复 2 件，办理中 1 件（不计）")
            #expect(measure.explanation.en == "4 appeals: 1 answered within 15 days, 2 late or unanswered, 1 in hand (not counted)")
        }

        @Test("appeals: the limit comes from the campaign file")
        func appealLimit() throws {
            let campaign = try Fixtures.campaign { Fixtures.setParameter(&$0, clause: "2.3", key: "replyLimitDays", value: 30) }
            #expect(try Self.measure(campaign, unit: "school-no1-high", records: Self.appeals, asOf: "2017-06-30").ratio == 2.0 / 3)
        }

        @Test("appeals: nothing to judge without appeals, for an office, or while all are in hand")
        func appealNil() throws {
            #expect(try Self.measure(unit: "school-no1-high", records: [], asOf: "2017-12-31").ratio == nil)
            #expect(try Self.measure(unit: "office-personnel", records: [], asOf: "2017-12-31").ratio == nil)
            #expect(try Self.measure(unit: "school-no1-high", records: Self.appeals, asOf: "2017-05-05").ratio == nil)
        }

        @Test("the reports list the unit's records by clause and its appeals, in the asked language", arguments: Language.allCases)
        func reports(language: Language) throws {
            let campaign = try Fixtures.campaign()
            let reports = try PluginRegistry(plugins: [SelfInspectionPlugin()]).reports
            let records = Self.appeals + SelfInspectionTests.records("school-no1-high", [
                SelfInspectionReport(heldOn: Fixtures.date("2017-04-14"), scope: .unit, problems: [], noneFound: true),
                AppealChannel(channel: "hotline", address: "0373-3051234", publishedOn: Fixtures.date("2017-04-10")),
            ]).map { record in
                var record = record
                record.id = "extra-" + record.id
                return record
            }
            let context = ReportContext(campaign: campaign, unit: try #require(campaign.unit("school-no1-high")),
                                        asOf: Fixtures.date("2017-06-30"), language: language, records: records, ledger: [])
            let table = try #require(reports.first { $0.id == "self-inspection/records" }).build(context)
            #expect(table.columns == (language == .zh ? ["条款", "记录类型", "日期", "内容"] : ["Clause", "Record type", "Date", "Details"]))
            #expect(table.rows.map { $0[0] } == ["2.1", "2.3", "2.3", "2.3", "2.3", "2.3"])
            #expect(table.rows.first?[3] == (language == .zh ? "单位自查；未发现问题" : "unit self-inspection; none found"))

            let appeals = try #require(reports.first { $0.id == "self-inspection/appeals" }).build(context)
            #expect(appeals.columns.count == 6)
            #expect(appeals.rows.map { $0[5] } == (language == .zh
                ? ["按时答复", "逾期答复", "超期未复", "办理中（剩 10 天）"]
                : ["answered in time", "answered late", "unanswered past the limit", "in hand (10 days left)"]))
            #expect(appeals.rows.first?[1] == (language == .zh ? "意见箱" : "suggestion box"))
        }
    }
}
