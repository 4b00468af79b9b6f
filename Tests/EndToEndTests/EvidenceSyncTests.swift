import DudaoTestSupport
import Foundation
import Testing

/// Evidence travels once per file, within the campaign's size limit per bundle; a record whose
/// evidence has not arrived says so, and the next bundle brings the rest.
@Suite struct EvidenceSyncTests {
    @Test func evidenceOverTheLimitWaitsForTheNextBundle() throws {
        let cli = CommandRunner()
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))) as! [String: Any]
        Fixtures.setCampaignParameter(&object, key: "evidenceBytesPerBundle", value: 100)
        let campaign = cli.directory.appendingPathComponent("small-evidence.json")
        try JSONSerialization.data(withJSONObject: object).write(to: campaign)
        for arguments in [["init", "--store", "b", "--campaign", campaign.path, "--bureau"],
                          ["init", "--store", "u", "--campaign", campaign.path, "--unit", "school-no1-high"],
                          ["key", "export", "--store", "u", "--to", "u.pub"], ["key", "export", "--store", "b", "--to", "b.pub"],
                          ["bureau", "enrol", "--store", "b", "--unit", "school-no1-high", "--key", "u.pub"],
                          ["bureau", "enrol", "--store", "u", "--key", "b.pub"]] {
            let outcome = try cli.run(arguments)
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        }
        // Two 80-byte photos; the first cited by two records (sent once), the second by one.
        var hashes: [String] = []
        for name in ["one", "two"] {
            let file = try cli.file("\(name).jpg", String(repeating: String(name.prefix(1)), count: 80))
            hashes.append(try cli.run(["evidence", "add", file, "--store", "u"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let item = #"{"title":"x","source":"unit-list","measures":["m"],"deadline":"2017-06-30","responsiblePerson":"p","registeredOn":"2017-04-20"}"#
        for evidence in [[hashes[0]], [hashes[0], hashes[1]]] {
            let added = try cli.run(["record", "add", "ledger/item", "--store", "u", "--json", "-"] + evidence.flatMap { ["--evidence", $0] }, stdin: item)
            #expect(added.status == 0, "\(added.stderr)")
        }
        func missing() throws -> [String] {
            let listed = try cli.run(["record", "list", "--store", "b", "--json"])
            let records = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
            return Array(Set(records.flatMap { $0["missingEvidence"] as? [String] ?? [] })).sorted()
        }
        #expect(try cli.run(["bundle", "export", "--store", "u", "--to", "1.dbd"]).stdout.contains("2 条变更，1 个证据文件"))
        #expect(try cli.run(["bundle", "import", "--store", "b", "1.dbd"]).status == 0)
        #expect(try missing() == [hashes[1]])
        // The bureau's answer acknowledges the records; the next bundle carries only what is still owed.
        #expect(try cli.run(["bundle", "export", "--store", "b", "--for", "school-no1-high", "--to", "ack.dbd"]).status == 0)
        #expect(try cli.run(["bundle", "import", "--store", "u", "ack.dbd"]).status == 0)
        #expect(try cli.run(["bundle", "export", "--store", "u", "--to", "2.dbd"]).stdout.contains("0 条变更，1 个证据文件"))
        #expect(try cli.run(["bundle", "import", "--store", "b", "2.dbd"]).status == 0)
        #expect(try missing() == [])
        // A bundle lost on the way: its evidence is not acknowledged, so the next bundle carries it again.
        let third = try cli.file("three.jpg", "small")
        let hash = try cli.run(["evidence", "add", third, "--store", "u"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try cli.run(["record", "add", "ledger/item", "--store", "u", "--json", "-", "--evidence", hash], stdin: item).status == 0)
        #expect(try cli.run(["bundle", "export", "--store", "u", "--to", "lost.dbd"]).stdout.contains("1 条变更，1 个证据文件"))
        #expect(try cli.run(["bundle", "export", "--store", "u", "--to", "3.dbd"]).stdout.contains("1 条变更，1 个证据文件"))
        #expect(try cli.run(["bundle", "import", "--store", "b", "3.dbd"]).status == 0)
        #expect(try missing() == [])
    }
}
