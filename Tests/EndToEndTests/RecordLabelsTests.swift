import DudaoTestSupport
import Foundation
import Testing

/// `dudao record add` names a refused body's fields as the forms do: by label, in the chosen
/// language, with the path after it for scripts.
@Suite struct RecordLabelsTests {
    let cli = CommandRunner()

    @Test func aRefusedBodyNamesEachFieldByItsLabelInBothLanguages() throws {
        let initialised = try cli.run(["init", "--store", "s", "--campaign", Fixtures.campaignPath, "--unit", "school-no1-high"])
        #expect(initialised.status == 0, "\(initialised.stderr)")
        let file = try cli.file("inspection.json", """
            {"heldOn": "2017-03-20", "scope": "unit", "noneFound": false,
             "problems": [{"title": " ", "measures": ["", "建立台账"]}]}
            """)
        let zh = try cli.run(["record", "add", "self-inspection/self-inspection", "--store", "s", "--json", file])
        #expect(zh.status == 1)
        #expect(zh.stderr.contains("inspection.json"))
        #expect(zh.stderr.contains("自查日期 · heldOn：日期 2017-03-20 不在条款 2.1 的时间安排"), "\(zh.stderr)")
        #expect(zh.stderr.contains("查摆出的问题 第 1 项 · 问题 · problems[0].title：不能为空"), "\(zh.stderr)")
        #expect(zh.stderr.contains("查摆出的问题 第 1 项 · 整改措施 第 1 项 · problems[0].measures[0]：不能为空"), "\(zh.stderr)")
        let en = try cli.run(["record", "add", "self-inspection/self-inspection", "--store", "s", "--json", file, "--lang", "en"])
        #expect(en.stderr.contains("Held on · heldOn: date 2017-03-20 is outside clause 2.1's window"), "\(en.stderr)")
        #expect(en.stderr.contains("Problems found, item 1 · Problem · problems[0].title: must not be empty"), "\(en.stderr)")
        let missing = try cli.file("missing.json", #"{"scope": "unit", "noneFound": true, "problems": []}"#)
        let absent = try cli.run(["record", "add", "self-inspection/self-inspection", "--store", "s", "--json", missing, "--lang", "en"])
        #expect(absent.stderr.contains("Held on · heldOn: required field is missing"), "\(absent.stderr)")
        let listed = try cli.run(["record", "list", "--store", "s", "--json"])
        #expect(listed.status == 0 && !listed.stdout.contains("self-inspection"))
    }
}
