import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// `dudao campaign validate` and `dudao init --campaign` read a campaign file the same way: they
/// refuse the same files with the same message, and accept the same files with the same notes
/// about what this build lacks.
@Suite struct CampaignReadingTests {
    /// The shipped campaign, edited, written into the runner's directory.
    static func write(_ cli: CommandRunner, _ name: String, editing change: (inout [String: Any]) -> Void) throws -> String {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))) as! [String: Any]
        change(&object)
        let file = cli.directory.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        return file.path
    }

    static func editClause(_ object: inout [String: Any], _ index: Int, _ key: String, _ value: Any) {
        var clauses = object["clauses"] as! [[String: Any]]
        clauses[index][key] = value
        object["clauses"] = clauses
    }

    @Test func aFileBothRefuseIsRefusedWithTheSameMessage() throws {
        let cli = CommandRunner()
        let file = try Self.write(cli, "bad.json") { Self.editClause(&$0, 2, "window", ["start": "2017-05-01", "end": "2017-04-01"]) }
        let validate = try cli.run(["campaign", "validate", file, "--lang", "en"])
        let initialise = try cli.run(["init", "--store", "b", "--campaign", file, "--bureau", "--lang", "en"])
        #expect(validate.status == 1 && initialise.status == 1)
        #expect(validate.stderr.contains("$.clauses[2].window"))
        #expect(validate.stderr == initialise.stderr)
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("b").path))
    }

    /// A record type no plugin of this build registers is not a reason to refuse (a node built
    /// without a plugin keeps and forwards its records); both commands accept and say so.
    @Test func aFileNamingAnUnregisteredTypeIsAcceptedByBothWithTheSameNote() throws {
        let cli = CommandRunner()
        let file = try Self.write(cli, "unknown-type.json") { Self.editClause(&$0, 0, "recordTypes", ["publicity/mobilisation-meeting", "publicity/no-such-type"]) }
        let validate = try cli.run(["campaign", "validate", file, "--lang", "en"])
        let initialise = try cli.run(["init", "--store", "b", "--campaign", file, "--bureau", "--lang", "en"])
        #expect(validate.status == 0, "\(validate.stderr)")
        #expect(initialise.status == 0, "\(initialise.stderr)")
        let note = "$.clauses[0].recordTypes[1]: clause 1.1's record type publicity/no-such-type is registered by no plugin"
        #expect(validate.stdout.contains(note))
        #expect(initialise.stdout.contains(note))
    }

    @Test func theShippedCampaignHasNoNote() throws {
        let cli = CommandRunner()
        let validate = try cli.run(["campaign", "validate", Fixtures.campaignPath, "--lang", "en"])
        #expect(validate.status == 0)
        #expect(!validate.stdout.contains("note"))
    }
}
