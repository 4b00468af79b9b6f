import DudaoKernel
import DudaoTestSupport
import Foundation
import Publicity
import Testing

extension PublicityTests {
    /// The `articles` score part and the unit's report section.
    @Suite("Publicity score and report")
    struct ScoreAndReport {
        static func articles(_ campaign: Campaign? = nil, unit: String, records: [RecordEnvelope], asOf: String) throws -> ScoreMeasure {
            let campaign = try campaign ?? Fixtures.campaign()
            let part = try #require(try PluginRegistry(plugins: [PublicityPlugin()]).scoreParts.first { $0.id == "articles" })
            let context = ScoreContext(campaign: campaign, calendar: try campaign.calendar(), unit: try #require(campaign.unit(unit)),
                                       asOf: Fixtures.date(asOf), records: records, ledger: [], cells: [])
            return part.measure(context)
        }

        /// Two submissions (03-02, 03-15) and, optionally, the first one adopted.
        static func work(adopted: Bool) -> [RecordEnvelope] {
            var maker = RecordMaker()
            var records = [
                maker.make(ArticleSubmission(title: "动员会简讯", submittedOn: Fixtures.date("2017-03-02")), unit: "school-no1-high"),
                maker.make(ArticleSubmission(title: "学习会简讯", submittedOn: Fixtures.date("2017-03-15")), unit: "school-no1-high"),
            ]
            if adopted {
                records.append(maker.make(ArticleAdoption(article: records[0].id, adoptedOn: Fixtures.date("2017-03-06"),
                                                          outlet: "活动简报第1期"), unit: "school-no1-high"))
                records.append(maker.make(ArticleAdoption(article: "not-an-article", adoptedOn: Fixtures.date("2017-03-06"),
                                                          outlet: "活动简报第1期"), unit: "school-no1-high"))
            }
            return records
        }

        @Test("articles: submitted plus the adoption bonus against the periods ended", arguments: [
            (false, "2017-03-20", 2.0 / 3),
            (true, "2017-03-20", 1.0),
            (true, "2017-04-03", 4.0 / 5),
            (false, "2017-04-03", 2.0 / 5),
        ])
        func articleRatio(adopted: Bool, asOf: String, ratio: Double) throws {
            let measure = try Self.articles(unit: "school-no1-high", records: Self.work(adopted: adopted), asOf: asOf)
            #expect(abs((measure.ratio ?? -1) - ratio) < 1e-9)
        }

        @Test("articles: the explanation gives every number")
        func articleExplanation() throws {
            let measure = try Self.articles(unit: "school-no1-high", records: Self.work(adopted: true), asOf: "2017-04-03")
            #expect(measure.explanation.zh == "报送 2 篇，被采用 1 篇（每篇折合 2 篇），应报 5 篇（5 个周期，每期 1 篇）")
            #expect(measure.explanation.en == "2 submitted, 1 adopted (each worth 2), 5 expected (5 periods × 1)")
        }

        @Test("articles: nothing to judge for an office or before a period ends")
        func articleNil() throws {
            #expect(try Self.articles(unit: "office-policy", records: [], asOf: "2017-06-01").ratio == nil)
            #expect(try Self.articles(unit: "school-no1-high", records: Self.work(adopted: false), asOf: "2017-03-05").ratio == nil)
        }

        @Test("articles: the period and the bonus come from the campaign file")
        func articleParameters() throws {
            let edited = try Fixtures.campaign {
                Fixtures.setParameter(&$0, clause: "1.3", key: "submissionPeriod", value: "fortnight")
                Fixtures.setParameter(&$0, clause: "1.3", key: "articleAdoptionBonus", value: 0.5)
            }
            let measure = try Self.articles(edited, unit: "school-no1-high", records: Self.work(adopted: true), asOf: "2017-03-27")
            #expect(measure.ratio == 1.0)
            #expect(measure.explanation.en == "2 submitted, 1 adopted (each worth 0.5), 2 expected (2 periods × 1)")
        }

        @Test("the report lists the unit's records by clause, headed in the asked language", arguments: Language.allCases)
        func report(language: Language) throws {
            let campaign = try Fixtures.campaign()
            let section = try #require(try PluginRegistry(plugins: [PublicityPlugin()]).reports.first { $0.id == "publicity/records" })
            var maker = RecordMaker()
            let records = [
                maker.make(Reflection(author: "head-no1-high", writtenOn: Fixtures.date("2017-04-20"), title: "担当作为", text: "……"),
                           unit: "school-no1-high"),
                maker.make(MobilisationMeeting(heldOn: Fixtures.date("2017-03-20"), chair: "head-no1-high", attendance: 80,
                                               bureauLeaderPresent: "leader-1", summary: "动员"), unit: "school-no1-high"),
                maker.make(StudySession(heldOn: Fixtures.date("2017-06-01"), materials: ["xi-speeches"], participants: 9, hours: 1),
                           unit: "school-no1-high"),
            ]
            let context = ReportContext(campaign: campaign, unit: try #require(campaign.unit("school-no1-high")),
                                        asOf: Fixtures.date("2017-05-01"), language: language, records: records, ledger: [])
            let table = section.build(context)
            #expect(table.columns == (language == .zh ? ["条款", "记录类型", "日期", "内容"] : ["Clause", "Record type", "Date", "Details"]))
            #expect(table.rows.map { $0[0] } == ["1.1", "1.4"])
            #expect(table.rows.first?[1] == MobilisationMeeting.title(language))
            #expect(table.rows.first?[3].contains("王建国") == true)
        }
    }
}
