import DudaoKernel
import DudaoTestSupport
import Foundation
import SelfInspection
import Testing

private func problemJSON(_ fields: [String: JSONValue]) -> JSONValue {
    .array([.object(["title": .string("服务意识不强")].merging(fields) { $1 })])
}

extension SelfInspectionTests {
    /// Every SelfInspection record type refuses a bad body and names the field.
    @Suite("SelfInspection records")
    struct Validation {
        static let cases: [BodyCase] = [
            // 2.1 self-inspection
            BodyCase("self-inspection", .remove("heldOn"), path: "heldOn"),
            BodyCase("self-inspection", .remove("noneFound"), path: "noneFound"),
            BodyCase("self-inspection", .set("scope", .string("team")), path: "scope"),
            BodyCase("self-inspection", .set("heldOn", .string("2017-03-20")), path: "heldOn"),
            BodyCase("self-inspection", .set("problems", .array([])), path: "problems"),
            BodyCase("self-inspection", .set("noneFound", .bool(true)), path: "noneFound"),
            BodyCase("self-inspection", .set("problems", problemJSON(["title": .string(" ")])), path: "problems[0].title"),
            BodyCase("self-inspection", .set("problems", problemJSON(["deadline": .string("2017-04-01")])), path: "problems[0].deadline"),
            BodyCase("self-inspection", .set("problems", problemJSON(["measures": .array([.string("")])])),
                     path: "problems[0].measures[0]"),
            BodyCase("self-inspection", .set("problems", problemJSON(["deadline": .number(30)])), path: "problems[0].deadline"),
            // 2.2 symposium
            BodyCase("symposium", .remove("kind"), path: "kind"),
            BodyCase("symposium", .set("kind", .string("banquet")), path: "kind"),
            BodyCase("symposium", .set("attendance", .string("many")), path: "attendance"),
            BodyCase("symposium", .set("attendance", .number(0)), path: "attendance"),
            BodyCase("symposium", .set("opinions", .array([.string("好"), .string(" ")])), path: "opinions[1]"),
            BodyCase("symposium", .set("heldOn", .string("2017-03-31")), path: "heldOn"),
            // 2.3 channel and appeal
            BodyCase("appeal-channel", .remove("address"), path: "address"),
            BodyCase("appeal-channel", .set("channel", .string("wechat")), path: "channel"),
            BodyCase("appeal-channel", .set("address", .string("")), path: "address"),
            BodyCase("appeal-channel", .set("publishedOn", .string("2017-03-15")), path: "publishedOn"),
            BodyCase("appeal-channel", .set("publishedOn", .bool(true)), path: "publishedOn"),
            BodyCase("appeal", .remove("content"), path: "content"),
            BodyCase("appeal", .set("from", .string("alien")), path: "from"),
            BodyCase("appeal", .set("channel", .string("wechat")), path: "channel"),
            BodyCase("appeal", .set("receivedOn", .string("2017-03-20")), path: "receivedOn"),
            BodyCase("appeal", .set("repliedOn", .string("2017-05-01")), path: "repliedOn"),
            BodyCase("appeal", .remove("reply"), path: "reply"),
            BodyCase("appeal", .remove("repliedOn"), path: "repliedOn"),
            BodyCase("appeal", .set("problem", .string("yes")), path: "problem"),
            // 2.5 life meeting
            BodyCase("life-meeting", .remove("measures"), path: "measures"),
            BodyCase("life-meeting", .set("kind", .string("party")), path: "kind"),
            BodyCase("life-meeting", .set("heldOn", .string("2018-02-01")), path: "heldOn"),
            BodyCase("life-meeting", .set("attendingLeaders", .array([.string("ghost")])), path: "attendingLeaders[0]"),
            BodyCase("life-meeting", .set("attendingLeaders", .array([.string("leader-1"), .string("head-no1-high")])),
                     path: "attendingLeaders[1]"),
            BodyCase("life-meeting", .set("measures", .array([])), path: "measures"),
            BodyCase("life-meeting", .set("attendingLeaders", .string("leader-1")), path: "attendingLeaders"),
        ]

        @Test("a bad body names its field", arguments: cases)
        func badBody(_ bodyCase: BodyCase) throws {
            #expect(try SelfInspectionTests.issuePaths(bodyCase) == [bodyCase.path])
        }

        @Test("realistic bodies validate", arguments: [
            BodyCase("appeal", .set("problem", .bool(false)), unit: nil, path: ""),
            BodyCase("appeal", .set("handler", .string("op-no1-high")), path: ""),
            BodyCase("life-meeting", .set("attendingLeaders", .array([])), path: ""),
            BodyCase("symposium", .set("problems", .array([])), unit: "office-campaign", path: ""),
        ])
        func goodBody(_ bodyCase: BodyCase) throws {
            #expect(try SelfInspectionTests.issuePaths(bodyCase) == [])
        }

        @Test("an explicit \"none found\" validates without problems")
        func noneFound() throws {
            let campaign = try Fixtures.campaign()
            let type = try #require(try PluginRegistry(plugins: [SelfInspectionPlugin()]).recordType(SelfInspectionReport.recordType))
            let body = SelfInspectionReport(heldOn: Fixtures.date("2017-04-28"), scope: .individual, problems: [], noneFound: true)
            let result = type.validate(try RecordCoding.encode(body), campaign: campaign, unit: campaign.unit("office-party"))
            #expect((try? result.get()) != nil)
            #expect(type.ledgerProblems(try RecordCoding.encode(body), recordID: "r", unit: "office-party").isEmpty)
        }

        @Test("problems become ledger items with their source and record")
        func ledgerProblems() throws {
            let registry = try PluginRegistry(plugins: [SelfInspectionPlugin()])
            let body = SelfInspectionReport(heldOn: Fixtures.date("2017-04-14"), scope: .individual, problems: [
                FoundProblem(title: "服务基层不主动", measures: ["每月下基层两次"], deadline: Fixtures.date("2017-06-30"),
                             responsiblePerson: "head-no1-high", department: "校长办公室"),
                FoundProblem(title: "会议多、文件多", detail: "一季度会议 40 余次"),
            ])
            let type = try #require(registry.recordType(SelfInspectionReport.recordType))
            let items = type.ledgerProblems(try RecordCoding.encode(body), recordID: "rec-1", unit: "school-no1-high")
            #expect(items.count == 2)
            #expect(items.allSatisfy { $0.source == .selfInspection && $0.sourceRecord == "rec-1" })
            #expect(items.map(\.registeredOn) == [Fixtures.date("2017-04-14"), Fixtures.date("2017-04-14")])
            #expect(items.map(\.isComplete) == [true, false])
            #expect(items[1].detail == "一季度会议 40 余次")

            let symposium = Symposium(kind: "staff-representatives", heldOn: Fixtures.date("2017-04-21"), attendance: 30,
                                      opinions: ["职称评审不透明"], problems: [FoundProblem(title: "职称评审公开不够")])
            #expect(symposium.ledgerProblems(recordID: "rec-2", unit: "x").map(\.source) == [.symposium])

            let raised = Appeal(receivedOn: Fixtures.date("2017-05-02"), channel: "hotline", from: .staff,
                                content: "绩效工资分配方案未经教代会讨论", handler: "工会", problem: true)
            let item = try #require(raised.ledgerProblems(recordID: "rec-3", unit: "x").first)
            #expect((item.source, item.sourceRecord, item.responsiblePerson) == (.appeal, "rec-3", "工会"))
            #expect(item.title == "绩效工资分配方案未经教代会讨论")
            var answered = raised
            answered.problem = false
            #expect(answered.ledgerProblems(recordID: "rec-4", unit: "x").isEmpty)
        }

        @Test("the plugin conforms (schema files are exported later by `dudao schema export`)")
        func conformance() {
            #expect(PluginConformance.failures(of: SelfInspectionPlugin(), campaignFile: Fixtures.campaignPath, checkSchemaFiles: false) == [])
        }
    }
}
