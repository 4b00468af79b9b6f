import Crypto
import DudaoTestSupport
import Foundation
import Testing

/// The real binary on real bundle files: `bundle inspect --json` shows every change field and the
/// carried evidence as the schemas promise, `bundle import --json` exits 1 on a refusal, and a
/// key file read as bundle.md §6 says verifies a bundle as §1 and §4 say.
@Suite(.serialized) struct BundleCommandTests {
    static let unit = "school-no1-high"
    static let notice = "第15周学习通知（扫描件）"

    /// A unit and the bureau enrolled both ways; the unit wrote a record citing an evidence file,
    /// deleted another, and exported a bundle.
    static let world: (cli: CommandRunner, bundle: String, evidence: String) = {
        let cli = CommandRunner()
        @discardableResult
        func run(_ arguments: [String], stdin: String? = nil) -> String {
            let outcome = try! cli.run(arguments, stdin: stdin)
            precondition(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        run(["init", "--store", "b", "--campaign", Fixtures.campaignPath, "--bureau"])
        run(["init", "--store", "s", "--campaign", Fixtures.campaignPath, "--unit", unit])
        run(["key", "export", "--store", "s", "--to", "s.pub"])
        run(["key", "export", "--store", "b", "--to", "b.pub"])
        run(["bureau", "enrol", "--store", "b", "--unit", unit, "--key", "s.pub"])
        run(["bureau", "enrol", "--store", "s", "--key", "b.pub"])
        let scan = try! cli.file("notice.txt", notice)
        let evidence = run(["evidence", "add", "--store", "s", scan])
        run(["record", "add", "publicity/article-submission", "--store", "s", "--json", "-", "--evidence", evidence],
            stdin: #"{"title":"第15周稿件","submittedOn":"2017-04-12"}"#)
        let doomed = run(["record", "add", "publicity/article-submission", "--store", "s", "--json", "-"],
                         stdin: #"{"title":"草稿","submittedOn":"2017-04-13"}"#)
        run(["record", "delete", doomed, "--store", "s"])
        run(["bundle", "export", "--store", "s", "--to", "s.dbd"])
        return (cli, "s.dbd", evidence)
    }()

    @Test func inspectPrintsEveryChangeFieldAndTheCarriedEvidenceAsTheSchemasSay() throws {
        let (cli, bundle, evidence) = Self.world
        let outcome = try cli.run(["bundle", "inspect", bundle, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = Data(outcome.stdout.utf8)
        #expect(try SchemaValidator.errors([.init("bundle inspect", schema: "output/bundle-inspection.schema.json", json: json)]) == [])
        let report = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let changes = try #require(report["changes"] as? [[String: Any]])
        let fields: Set = ["id", "unit", "type", "wall", "counter", "origin", "sequence", "deleted", "evidence", "body"]
        #expect(changes.count == 2)
        #expect(changes.allSatisfy { fields.isSubset(of: Set($0.keys)) })
        let citing = try #require(changes.first { ($0["evidence"] as? [String]) == [evidence] })
        #expect((citing["body"] as? [String: Any])?["title"] as? String == "第15周稿件")
        #expect(changes.contains { $0["deleted"] as? Bool == true && ($0["evidence"] as? [String]) == [] })
        let carried = try #require(report["evidence"] as? [[String: Any]])
        #expect(carried.count == 1)
        #expect(carried.first?["hash"] as? String == evidence)
        #expect(carried.first?["bytes"] as? Int == Data(Self.notice.utf8).count)
        // Each change alone satisfies bundle-change.schema.json, the header bundle-header.schema.json.
        var checks = try changes.map { SchemaValidator.Check("change", schema: "bundle-change.schema.json", json: try JSONSerialization.data(withJSONObject: $0)) }
        checks.append(.init("header", schema: "bundle-header.schema.json", json: try JSONSerialization.data(withJSONObject: try #require(report["header"]))))
        #expect(try SchemaValidator.errors(checks) == [])
    }

    /// A refusal exits 1 with `--json` as without; the JSON still names the fault.
    @Test func importExitsNonZeroOnARefusalWithOrWithoutJSON() throws {
        let (cli, bundle, _) = Self.world
        var damaged = try Data(contentsOf: cli.directory.appendingPathComponent(bundle))
        damaged.append(0)
        try damaged.write(to: cli.directory.appendingPathComponent("damaged.dbd"))
        for json in [true, false] {
            let outcome = try cli.run(["bundle", "import", "--store", "b", "damaged.dbd"] + (json ? ["--json"] : []))
            #expect(outcome.status == 1, "--json \(json): \(outcome.stdout) \(outcome.stderr)")
            if json {
                let lines = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
                #expect(lines.first?["status"] as? String == "refused" && lines.first?["fault"] as? String == "trailing-data")
            }
        }
        // The unit's own bundle is for the bureau: refused by the unit, applied by the bureau, both with --json.
        #expect(try cli.run(["bundle", "import", "--store", "s", bundle, "--json"]).status == 1)
        let applied = try cli.run(["bundle", "import", "--store", "b", bundle, "--json"])
        #expect(applied.status == 0, "\(applied.stdout) \(applied.stderr)")
        #expect(applied.stdout.contains("\"applied\""))
    }

    /// The public key file as §6 describes it, read without Dudao's code: its key id is the
    /// bundle's `sender.keyID`, and it verifies the bundle's signature over bytes [0, 14+H).
    @Test func aKeyFileReadAsDocumentedVerifiesTheBundle() throws {
        let (cli, bundle, _) = Self.world
        let text = try String(contentsOf: cli.directory.appendingPathComponent("s.pub"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty, "two lines, each ended by LF")
        let comment = String(lines[0])
        #expect(comment.hasPrefix("# dudao public key · node ") && comment.contains(" · \(Self.unit) · key id "))
        let raw = try #require(Data(base64Encoded: String(lines[1])))
        #expect(raw.count == 32)
        let keyID = SHA256.hash(data: raw).prefix(8).map { String(format: "%02x", $0) }.joined()
        #expect(comment.hasSuffix("key id \(keyID)"))

        let data = try Data(contentsOf: cli.directory.appendingPathComponent(bundle))
        let length = data[10..<14].reduce(0) { $0 << 8 | Int($1) }
        let header = try #require(try JSONSerialization.jsonObject(with: data[14..<(14 + length)]) as? [String: Any])
        #expect((header["sender"] as? [String: Any])?["keyID"] as? String == keyID)
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: raw)
        #expect(key.isValidSignature(data[(14 + length)..<(78 + length)], for: data[0..<(14 + length)]))

        // The same file with CRLF line ends enrols as well (§6).
        try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: cli.directory.appendingPathComponent("s-crlf.pub"))
        let enrol = try cli.run(["bureau", "enrol", "--store", "b", "--unit", Self.unit, "--key", "s-crlf.pub"])
        #expect(enrol.status == 0, "\(enrol.stderr)")
        #expect(enrol.stdout.contains(keyID))
    }
}
