import DudaoPlugins
import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// The registered plugins, as the executable ships them.
@Suite struct RegistryTests {
    @Test(arguments: PluginList.all.map(\.manifest.id))
    func everyRegisteredPluginConformsIncludingItsCommittedSchemas(_ id: String) throws {
        let plugin = try #require(PluginList.all.first { $0.manifest.id == id })
        #expect(PluginConformance.failures(of: plugin, checkSchemaFiles: true) == [])
    }

    @Test func theKernelsOwnRecordTypesHaveCommittedSchemas() throws {
        let registry = try PluginList.registry()
        let kernelTypes = registry.recordTypes.filter { $0.plugin == "ledger" || $0.plugin == "supervision" }
        #expect(kernelTypes.count == 5)  // ledger item, transition and transfer; inspection, look-back
        for type in kernelTypes {
            let committed = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: PluginConformance.schemaPath(type.id)))
            let derived = type.schema.document
            #expect(committed == derived, "\(type.id)")
        }
    }

    @Test func everyClauseOfThePlanIsServedByARuleAndARecordType() throws {
        let cli = CommandRunner()
        let outcome = try cli.run(["clauses", "--campaign", Fixtures.campaignPath, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
        let campaign = try Fixtures.campaign()
        #expect(entries.compactMap { $0["clause"] as? String } == campaign.clauses.map(\.id))
        for entry in entries {
            let clause = entry["clause"] as? String ?? "?"
            #expect((entry["rules"] as? [String])?.isEmpty == false, "clause \(clause) has no rule")
            #expect((entry["recordTypes"] as? [String])?.isEmpty == false, "clause \(clause) has no record type")
            #expect(entry["plugin"] as? String != nil, "clause \(clause) has no plugin")
        }
    }

    @Test func everyRecordTypeTheCampaignNamesIsRegistered() throws {
        let registry = try PluginList.registry()
        let campaign = try Fixtures.campaign()
        for clause in campaign.clauses {
            for type in clause.recordTypes {
                #expect(registry.recordType(type) != nil, "clause \(clause.id) names \(type)")
            }
        }
        #expect(Set(registry.rules.map(\.clause)) == Set(campaign.clauses.map(\.id)))
    }
}
