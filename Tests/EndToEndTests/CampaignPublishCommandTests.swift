import DudaoTestSupport
import Foundation
import Testing

/// `dudao campaign publish` and a revision's trip to a unit, run through the real binary.
@Suite struct CampaignPublishCommandTests {
    let cli = CommandRunner()

    func run(_ arguments: [String], status expected: Int32 = 0) throws -> CommandRunner.Outcome {
        let outcome = try cli.run(arguments)
        #expect(outcome.status == expected, "\(arguments): \(outcome.stderr)")
        return outcome
    }

    /// The shipped campaign with 3.1's deadline set to `day`, as a file in the runner's folder.
    func revised(_ name: String, dueBy day: String, removing unit: String? = nil) throws -> String {
        let document = try CampaignEdit.revised { object in
            CampaignEdit.setParameter(&object, clause: "3.1", "dueBy", to: day)
            if let unit { CampaignEdit.removeUnit(&object, unit) }
        }
        return try cli.file(name, String(decoding: document, as: UTF8.self))
    }

    @Test func publishCarriesTheRevisionToTheUnitAndStatusSaysWhatChanged() throws {
        _ = try run(["init", "--store", "b", "--campaign", Fixtures.campaignPath, "--bureau"])
        _ = try run(["init", "--store", "s", "--campaign", Fixtures.campaignPath, "--unit", "school-no1-high"])
        _ = try run(["key", "export", "--store", "s", "--to", "s.pub"])
        _ = try run(["key", "export", "--store", "b", "--to", "b.pub"])
        _ = try run(["bureau", "enrol", "--store", "b", "--unit", "school-no1-high", "--key", "s.pub"])
        _ = try run(["bureau", "enrol", "--store", "s", "--key", "b.pub"])
        _ = try run(["bundle", "export", "--store", "s", "--to", "s1.dbd"])
        _ = try run(["bundle", "import", "--store", "b", "s1.dbd"])

        // Incompatible: the school has an enrolled key, so it cannot disappear. Exit 1, the path and the reason.
        let refused = try run(["campaign", "publish", try revised("bad.json", dueBy: "2017-05-10", removing: "school-no1-high"),
                               "--store", "b", "--effective", "2017-04-15", "--lang", "en"], status: 1)
        #expect(refused.stderr.contains("$.roster.units") && refused.stderr.contains("school-no1-high"))
        let chinese = try run(["campaign", "publish", try revised("bad.json", dueBy: "2017-05-10", removing: "school-no1-high"),
                               "--store", "b", "--effective", "2017-04-15"], status: 1)
        #expect(chinese.stderr.contains("不能删除"))

        let published = try run(["campaign", "publish", try revised("r1.json", dueBy: "2017-05-10"), "--store", "b",
                                 "--effective", "2017-04-15", "--lang", "en"])
        #expect(published.stdout.contains("Published campaign revision 1"))
        #expect(published.stdout.contains("clause 3.1's dueBy changes from 2017-04-20 to 2017-05-10"))

        let before = try run(["status", "--store", "s", "--at", "2017-04-25"])
        #expect(!before.stdout.contains("活动修订"))
        _ = try run(["bundle", "export", "--store", "b", "--for", "school-no1-high", "--to", "b1.dbd"])
        let imported = try run(["bundle", "import", "--store", "s", "b1.dbd"])
        #expect(imported.stdout.contains("活动修订 1"))
        let status = try run(["status", "--store", "s", "--at", "2017-04-25"])
        #expect(status.stdout.contains("活动修订 1（自 2017-04-15 起生效，接替修订 0）"))
        #expect(status.stdout.contains("条款 3.1 的 dueBy 由 2017-04-20 改为 2017-05-10"))
        let english = try run(["status", "--store", "s", "--at", "2017-04-25", "--lang", "en"])
        #expect(english.stdout.contains("Campaign revision 1 (in force from 2017-04-15, after revision 0)"))
    }
}
