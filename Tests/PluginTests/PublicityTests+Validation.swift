import DudaoKernel
import DudaoTestSupport
import Foundation
import Publicity
import Testing

extension PublicityTests {
    /// Every Publicity record type refuses a bad body and names the field.
    @Suite("Publicity records")
    struct Validation {
        static let cases: [BodyCase] = [
            // 1.1 mobilisation meeting
            BodyCase("mobilisation-meeting", .remove("heldOn"), path: "heldOn"),
            BodyCase("mobilisation-meeting", .set("attendance", .string("很多")), path: "attendance"),
            BodyCase("mobilisation-meeting", .set("attendance", .number(0)), path: "attendance"),
            BodyCase("mobilisation-meeting", .set("heldOn", .string("2018-01-05")), path: "heldOn"),
            BodyCase("mobilisation-meeting", .set("heldOn", .string("2017-4-1")), path: "heldOn"),
            BodyCase("mobilisation-meeting", .set("chair", .string("nobody")), path: "chair"),
            BodyCase("mobilisation-meeting", .set("bureauLeaderPresent", .string("head-no1-high")), path: "bureauLeaderPresent"),
            BodyCase("mobilisation-meeting", .set("guidedByLeader", .string("leader-9")), path: "guidedByLeader"),
            BodyCase("mobilisation-meeting", .set("summary", .string("  ")), path: "summary"),
            // 1.2 study session
            BodyCase("study-session", .remove("materials"), path: "materials"),
            BodyCase("study-session", .set("materials", .array([.string("party-constitution"), .string("bible")])), path: "materials[1]"),
            BodyCase("study-session", .set("materials", .array([])), path: "materials"),
            BodyCase("study-session", .set("participants", .string("60")), path: "participants"),
            BodyCase("study-session", .set("hours", .number(0)), path: "hours"),
            BodyCase("study-session", .set("heldOn", .string("2017-03-31")), path: "heldOn"),
            // 1.3 website column, submission, adoption
            BodyCase("website-column", .remove("url"), path: "url"),
            BodyCase("website-column", .set("url", .string("www.school.cn")), path: "url"),
            BodyCase("website-column", .set("openedOn", .string("2016-12-01")), path: "openedOn"),
            BodyCase("website-column", .set("openedOn", .number(20_170_315)), path: "openedOn"),
            BodyCase("article-submission", .remove("submittedOn"), path: "submittedOn"),
            BodyCase("article-submission", .set("title", .string(" ")), path: "title"),
            BodyCase("article-submission", .set("submittedOn", .string("2018-01-02")), path: "submittedOn"),
            BodyCase("article-submission", .set("url", .number(3)), path: "url"),
            BodyCase("article-adoption", .remove("outlet"), path: "outlet"),
            BodyCase("article-adoption", .set("article", .string("")), path: "article"),
            BodyCase("article-adoption", .set("article", .number(1)), path: "article"),
            BodyCase("article-adoption", .set("adoptedOn", .string("2017-02-28")), unit: nil, path: "adoptedOn"),
            // 1.4 discussion activity, reflection
            BodyCase("discussion-activity", .remove("form"), path: "form"),
            BodyCase("discussion-activity", .set("form", .string("karaoke")), path: "form"),
            BodyCase("discussion-activity", .set("participants", .bool(true)), path: "participants"),
            BodyCase("discussion-activity", .set("heldOn", .string("2017-03-31")), path: "heldOn"),
            BodyCase("reflection", .remove("author"), path: "author"),
            BodyCase("reflection", .set("author", .string("ghost")), path: "author"),
            BodyCase("reflection", .set("author", .string("op-no1-high")), path: "author"),
            BodyCase("reflection", .set("author", .string("head-no2-high")), unit: "school-no1-high", path: "author"),
            BodyCase("reflection", .set("writtenOn", .string("2017-02-20")), path: "writtenOn"),
            BodyCase("reflection", .set("submittedOn", .string("2017-04-20")), path: "submittedOn"),
            BodyCase("reflection", .set("title", .array([])), path: "title"),
            BodyCase("reflection", .remove("text"), path: "text"),
            BodyCase("reflection", .set("fileHash", .string("abc")), path: "fileHash"),
        ]

        @Test("a bad body names its field", arguments: cases)
        func badBody(_ bodyCase: BodyCase) throws {
            #expect(try PublicityTests.issuePaths(bodyCase) == [bodyCase.path])
        }

        @Test("examples and realistic bodies validate", arguments: [
            BodyCase("mobilisation-meeting", .set("guidedByLeader", .string("leader-2")), path: ""),
            BodyCase("reflection", .set("author", .string("head-no1-high")), unit: "school-no1-high", path: ""),
            BodyCase("reflection", .set("fileHash", .string(String(repeating: "ab", count: 32))), path: ""),
            BodyCase("article-adoption", .set("outlet", .string("新乡教育网")), unit: nil, path: ""),
        ])
        func goodBody(_ bodyCase: BodyCase) throws {
            #expect(try PublicityTests.issuePaths(bodyCase) == [])
        }

        @Test("a reflection by file alone is accepted; writers follow the plan")
        func reflectionByFile() throws {
            let registry = try PluginRegistry(plugins: [PublicityPlugin()])
            let campaign = try Fixtures.campaign()
            let body = Reflection(author: "head-party", writtenOn: Fixtures.date("2017-04-27"), title: "心得",
                                  fileHash: String(repeating: "0f", count: 32))
            let type = try #require(registry.recordType(Reflection.recordType))
            let result = type.validate(try RecordCoding.encode(body), campaign: campaign, unit: campaign.unit("office-party"))
            #expect((try? result.get()) != nil)
            #expect(type.writers == .both)
            #expect(registry.recordType(ArticleAdoption.recordType)?.writers == .bureau)
            #expect(registry.recordType(ArticleSubmission.recordType)?.writers == .unit)
        }

        @Test("the plugin conforms (schema files are exported later by `dudao schema export`)")
        func conformance() {
            #expect(PluginConformance.failures(of: PublicityPlugin(), campaignFile: Fixtures.campaignPath, checkSchemaFiles: false) == [])
        }
    }
}
