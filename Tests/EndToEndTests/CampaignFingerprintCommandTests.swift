import DudaoTestSupport
import Foundation
import Testing

/// The real binary: a school on an edited campaign file and a bureau on the shipped one still
/// sync, and `bundle import` and `status` say, in text and JSON, that the contents differ.
@Suite struct CampaignFingerprintCommandTests {
    @Test func importAndStatusNameBothFingerprintsWhenTheCampaignContentsDiffer() throws {
        let cli = CommandRunner()
        @discardableResult func run(_ arguments: [String], stdin: String? = nil) throws -> CommandRunner.Outcome {
            let outcome = try cli.run(arguments, stdin: stdin)
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            return outcome
        }
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))) as? [String: Any])
        Fixtures.setCampaignParameter(&object, key: "dueSoonDays", value: 3)
        let edited = try cli.file("edited.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        try run(["init", "--store", "b", "--campaign", Fixtures.campaignPath, "--bureau"])
        try run(["init", "--store", "s", "--campaign", edited, "--unit", "school-no1-high"])
        try run(["key", "export", "--store", "s", "--to", "s.pub"])
        try run(["key", "export", "--store", "b", "--to", "b.pub"])
        try run(["bureau", "enrol", "--store", "b", "--unit", "school-no1-high", "--key", "s.pub"])
        try run(["bureau", "enrol", "--store", "s", "--key", "b.pub"])
        try run(["record", "add", "ledger/item", "--store", "s", "--json", "-"], stdin: CommandTests.item)
        try run(["bundle", "export", "--store", "s", "--to", "s.dbd"])
        let header = try #require(try JSONSerialization.jsonObject(with: Data(run(["bundle", "inspect", "s.dbd", "--json"]).stdout.utf8)) as? [String: Any])
        let unitFingerprint = try #require((header["header"] as? [String: Any])?["campaignFingerprint"] as? String)
        #expect(unitFingerprint.count == 64)

        // Text, in English: applied, and both fingerprints named.
        let text = try run(["bundle", "import", "--store", "b", "s.dbd", "--lang", "en"]).stdout
        #expect(text.contains("applied"))
        #expect(text.contains("runs other contents of campaign") && text.contains(String(unitFingerprint.prefix(12))))
        // JSON, against its schema: the mismatch with both fingerprints.
        let json = Data(try cli.run(["bundle", "import", "--store", "b", "s.dbd", "--json"]).stdout.utf8)
        let outcomes = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        let campaign = try #require((outcomes.first?["builds"] as? [String: Any])?["campaign"] as? [String: Any])
        #expect(outcomes.first?["status"] as? String == "duplicate")
        #expect(campaign["there"] as? String == unitFingerprint)
        let bureauFingerprint = try #require(campaign["here"] as? String)
        #expect(bureauFingerprint != unitFingerprint && bureauFingerprint.count == 64)

        // Status at the bureau, text and JSON, says the same until the unit runs the same contents.
        let status = try run(["status", "--store", "b", "--unit", "school-no1-high", "--at", "2017-05-15", "--lang", "en"]).stdout
        #expect(status.contains("Different builds:") && status.contains(String(bureauFingerprint.prefix(12))))
        let statusJSON = Data(try run(["status", "--store", "b", "--unit", "school-no1-high", "--at", "2017-05-15", "--json"]).stdout.utf8)
        let compatibility = try #require((try JSONSerialization.jsonObject(with: statusJSON) as? [String: Any])?["compatibility"] as? [String: Any])
        #expect((compatibility["campaign"] as? [[String: Any]])?.first?["there"] as? String == unitFingerprint)
        // And at the unit, once the bureau's bundle arrives.
        try run(["bundle", "export", "--store", "b", "--for", "school-no1-high", "--to", "b.dbd"])
        let back = try run(["bundle", "import", "--store", "s", "b.dbd"]).stdout
        #expect(back.contains(String(bureauFingerprint.prefix(12))))
        let unitStatus = try run(["status", "--store", "s", "--at", "2017-05-15"]).stdout
        #expect(unitStatus.contains("版本差异") && unitStatus.contains(String(bureauFingerprint.prefix(12))))
        let unitJSON = Data(try run(["status", "--store", "s", "--at", "2017-05-15", "--json"]).stdout.utf8)
        let errors = try SchemaValidator.errors([
            .init("bundle import", schema: "output/import-outcomes.schema.json", json: json),
            .init("status at the bureau", schema: "output/status.schema.json", json: statusJSON),
            .init("status at the unit", schema: "output/status.schema.json", json: unitJSON),
        ])
        #expect(errors == [])
    }
}
