import DudaoTestSupport
import Foundation
import Testing

/// Every `--json` output of the real binary, validated against its committed schema under
/// `schemas/output/` by Python's `jsonschema`; no `_0` of Swift's derived encoding anywhere.
@Suite(.serialized) struct PublicJSONTests {
    /// A unit and the bureau with a record, a ledger item under supervision and a bundle between them.
    static let world: (cli: CommandRunner, item: String, bundle: String) = {
        let cli = CommandRunner()
        func run(_ arguments: [String], stdin: String? = nil) -> String {
            let outcome = try! cli.run(arguments, stdin: stdin)
            precondition(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        run(["init", "--store", "b", "--campaign", Fixtures.campaignPath, "--bureau"])
        run(["init", "--store", "s", "--campaign", Fixtures.campaignPath, "--unit", "school-no1-high"])
        run(["key", "export", "--store", "s", "--to", "s.pub"])
        run(["key", "export", "--store", "b", "--to", "b.pub"])
        run(["bureau", "enrol", "--store", "b", "--unit", "school-no1-high", "--key", "s.pub"])
        run(["bureau", "enrol", "--store", "s", "--key", "b.pub"])
        run(["record", "add", "publicity/article-submission", "--store", "s", "--json", "-"],
            stdin: #"{"title":"第15周稿件","submittedOn":"2017-04-12"}"#)
        let item = run(["ledger", "add", "--store", "s", "--title", "作业量偏大", "--measure", "减量", "--deadline", "2017-05-31", "--on", "2017-04-20"])
        run(["bundle", "export", "--store", "s", "--to", "s.dbd"])
        run(["bundle", "import", "--store", "b", "s.dbd"])
        run(["ledger", "supervise", item, "--store", "b", "--comment", "限期整改", "--on", "2017-04-25", "--deadline", "2017-06-30"])
        return (cli, item, "s.dbd")
    }()

    func output(_ arguments: [String]) throws -> Data {
        let outcome = try Self.world.cli.run(arguments)
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
        return Data(outcome.stdout.utf8)
    }

    /// Each command with `--json`, and the schema its output must satisfy.
    var commands: [(arguments: [String], schema: String)] {
        let (_, item, bundle) = Self.world
        return [
            (["status", "--store", "s", "--at", "2017-05-15"], "output/status.schema.json"),
            (["status", "--store", "b", "--at", "2017-05-15", "--unit", "school-no1-high"], "output/status.schema.json"),
            (["status", "--store", "b", "--at", "2017-05-15"], "output/statuses.schema.json"),
            (["clauses", "--store", "s"], "output/clauses.schema.json"),
            (["clauses", "--campaign", Fixtures.campaignPath], "output/clauses.schema.json"),
            (["report", "unit", "school-no1-high", "--store", "b", "--at", "2017-12-31"], "output/unit-report.schema.json"),
            (["report", "evaluation", "--store", "b", "--at", "2017-12-31"], "output/scores.schema.json"),
            (["ledger", "list", "--store", "b", "--at", "2017-07-01"], "output/ledger-items.schema.json"),
            (["ledger", "list", "--store", "s"], "output/ledger-items.schema.json"),
            (["ledger", "show", item, "--store", "b"], "output/ledger-item.schema.json"),
            (["record", "list", "--store", "b"], "output/records.schema.json"),
            (["bundle", "inspect", bundle], "output/bundle-inspection.schema.json"),
            (["bundle", "import", "--store", "b", bundle, "missing.dbd"], "output/import-outcomes.schema.json"),
            (["campaign", "show", Fixtures.campaignPath], "campaign.schema.json"),
        ]
    }

    @Test func everyJSONOutputValidatesAgainstItsSchemaAndHasNoUnderscoreZero() throws {
        var checks: [SchemaValidator.Check] = []
        for command in commands {
            let outcome = try Self.world.cli.run(command.arguments + ["--json"])
            // `bundle import` of a missing file reports it refused (exit 1) in the JSON too.
            #expect(outcome.status == 0 || command.arguments[1] == "import", "\(command.arguments): \(outcome.stderr)")
            let json = Data(outcome.stdout.utf8)
            let name = "dudao " + command.arguments.prefix(2).joined(separator: " ")
            #expect(try SchemaValidator.paths(ofKey: "_0", in: json) == [], "\(name)")
            checks.append(.init(name, schema: command.schema, json: json))
        }
        let errors = try SchemaValidator.errors(checks)
        #expect(errors == [])
    }

    @Test func theStatusPrintsASubjectAsItsUnitNotAsSwiftsEnumCase() throws {
        let status = try #require(try JSONSerialization.jsonObject(with: output(["status", "--store", "s", "--at", "2017-05-15", "--json"])) as? [String: Any])
        let cells = try #require(status["cells"] as? [[String: Any]])
        #expect(!cells.isEmpty)
        #expect(cells.allSatisfy { $0["unit"] as? String == "school-no1-high" && $0["subject"] == nil })
    }

    @Test func everyRecordBodyValidatesAgainstItsRecordTypeSchema() throws {
        let records = try #require(try JSONSerialization.jsonObject(with: output(["record", "list", "--store", "b", "--json"])) as? [[String: Any]])
        #expect(records.count >= 2)
        let checks = try records.map { record in
            let type = try #require(record["type"] as? String)
            let body = try JSONSerialization.data(withJSONObject: try #require(record["body"]))
            return SchemaValidator.Check("\(type) \(record["id"] ?? "")", schema: "records/\(type.replacingOccurrences(of: "/", with: ".")).schema.json", json: body)
        }
        let errors = try SchemaValidator.errors(checks)
        #expect(errors == [])
    }

    /// The validator is not a rubber stamp: a wrong shape is reported with its path.
    @Test func theValidatorRefusesAWrongShape() throws {
        let status = try output(["status", "--store", "s", "--at", "2017-05-15", "--json"])
        var object = try #require(try JSONSerialization.jsonObject(with: status) as? [String: Any])
        var cells = try #require(object["cells"] as? [[String: Any]])
        cells[0]["subject"] = ["unit": ["_0": "school-no1-high"]]
        object["cells"] = cells
        let errors = try SchemaValidator.errors([.init("tampered status", schema: "output/status.schema.json",
                                                       json: try JSONSerialization.data(withJSONObject: object))])
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.hasPrefix("tampered status: $.cells[0]") }, "\(errors)")
        #expect(try SchemaValidator.paths(ofKey: "_0", in: JSONSerialization.data(withJSONObject: object)) == ["$.cells[0].subject.unit._0"])
    }
}
