import DudaoTestSupport
import Foundation
import Testing

/// The committed schemas are what the code exports: `dudao schema export` into a fresh folder
/// writes exactly the files of `schemas/records/`, byte for byte, and no more.
@Suite struct SchemaFileTests {
    @Test func theCommittedRecordSchemasAreTheCodesExport() throws {
        let cli = CommandRunner()
        let outcome = try cli.run(["schema", "export", "--to", "exported", "--lang", "en"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let exported = cli.directory.appendingPathComponent("exported")
        let committed = Fixtures.packageRoot.appendingPathComponent("schemas/records")
        let names = try FileManager.default.contentsOfDirectory(atPath: exported.path).sorted()
        #expect(names.count > 10)
        #expect(names == (try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted()),
                "schemas/records holds files the code does not export, or lacks some: run `swift run dudao schema export`")
        for name in names {
            let fresh = try Data(contentsOf: exported.appendingPathComponent(name))
            let kept = try? Data(contentsOf: committed.appendingPathComponent(name))
            #expect(fresh == kept, "schemas/records/\(name) differs from the code's export: run `swift run dudao schema export`")
        }
    }

    /// The campaign schema's clause ids and plugin names are what the registered plugins give:
    /// the export rewrites them in a copy, and the copy is byte for byte the committed file.
    @Test func theCampaignSchemaFollowsTheRegisteredPlugins() throws {
        let cli = CommandRunner()
        let committed = Fixtures.packageRoot.appendingPathComponent("schemas/campaign.schema.json")
        let copy = cli.directory.appendingPathComponent("campaign.schema.json")
        let original = try String(contentsOf: committed, encoding: .utf8)
        // An out-of-date copy: the plugin names and the clause pattern of another build.
        let stale = original.replacingOccurrences(of: "\"evaluation\"", with: "\"evaluation\",\n            \"retired\"")
        #expect(stale != original)
        try stale.write(to: copy, atomically: true, encoding: .utf8)
        let outcome = try cli.run(["schema", "export", "--to", "exported", "--campaign-schema", copy.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Data(contentsOf: copy) == Data(contentsOf: committed),
                "schemas/campaign.schema.json differs from the export: run `swift run dudao schema export`")
    }

    /// Every public output schema is itself a valid draft 2020-12 schema with an `$id` under
    /// `https://dudao.example/schemas/output/` that matches its file name.
    @Test func everyOutputSchemaNamesItselfByItsFile() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("schemas/output")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".schema.json") }
        #expect(files.count >= 14)
        for file in files {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file))) as? [String: Any])
            #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema", "\(file)")
            #expect(object["$id"] as? String == "https://dudao.example/schemas/output/\(file)", "\(file)")
            #expect((object["description"] as? String)?.isEmpty == false, "\(file)")
        }
    }
}
