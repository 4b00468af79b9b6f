import DudaoPlugins
import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// The registered plugins, as the executable ships them, each checked against a campaign file
/// that has its clauses — whichever file of `campaigns/` that is.
@Suite struct RegistryTests {
    /// Every campaign file of the package, loaded.
    static func campaigns() throws -> [(path: String, campaign: Campaign)] {
        let folder = Fixtures.packageRoot.appendingPathComponent("campaigns")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted().map { name in
            let path = folder.appendingPathComponent(name).path
            return (path, try CampaignLoader.load(contentsOf: path))
        }
    }

    @Test(arguments: PluginList.all.map(\.manifest.id))
    func everyRegisteredPluginConformsAgainstACampaignThatHasItsClauses(_ id: String) throws {
        let plugin = try #require(PluginList.all.first { $0.manifest.id == id })
        let file = try #require(try Self.campaigns().first { entry in plugin.manifest.clauses.allSatisfy { entry.campaign.clause($0) != nil } },
                                "no campaign file in campaigns/ has all of \(id)'s clauses \(plugin.manifest.clauses)")
        #expect(PluginConformance.failures(of: plugin, campaignFile: file.path, checkSchemaFiles: true) == [])
    }

    @Test func theKernelsOwnRecordTypesHaveCommittedSchemas() throws {
        let registry = try PluginList.registry()
        let kernelTypes = registry.recordTypes.filter { $0.plugin == "ledger" || $0.plugin == "supervision" }
        #expect(Set(kernelTypes.map(\.id)) == ["ledger/item", "ledger/transition", "ledger/transfer", "supervision/inspection", "supervision/look-back"])
        for type in kernelTypes {
            let committed = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: PluginConformance.schemaPath(type.id)))
            let derived = type.schema.document
            #expect(committed == derived, "\(type.id)")
        }
    }

    /// For every campaign file: `dudao clauses` lists its clauses in order, each with a plugin,
    /// rules and record types of this build.
    @Test func everyClauseOfEveryCampaignIsServedByARuleAndARecordType() throws {
        let cli = CommandRunner()
        for (path, campaign) in try Self.campaigns() {
            let outcome = try cli.run(["clauses", "--campaign", path, "--json"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]])
            #expect(entries.compactMap { $0["clause"] as? String } == campaign.clauses.map(\.id), "\(path)")
            for entry in entries {
                let clause = entry["clause"] as? String ?? "?"
                #expect((entry["rules"] as? [String])?.isEmpty == false, "\(path): clause \(clause) has no rule")
                #expect((entry["recordTypes"] as? [String])?.isEmpty == false, "\(path): clause \(clause) has no record type")
                #expect(entry["plugin"] as? String != nil, "\(path): clause \(clause) has no plugin")
            }
        }
    }

    /// Every record type a campaign file names is registered, every clause has a rule, and every
    /// registered rule's clause is in some campaign file.
    @Test func theCampaignFilesAndTheRegistryAgree() throws {
        let registry = try PluginList.registry()
        var clausesSeen = Set<String>()
        for (path, campaign) in try Self.campaigns() {
            for clause in campaign.clauses {
                for type in clause.recordTypes {
                    #expect(registry.recordType(type) != nil, "\(path): clause \(clause.id) names \(type)")
                }
                #expect(!registry.rules(for: clause.id).isEmpty, "\(path): clause \(clause.id) has no rule")
                clausesSeen.insert(clause.id)
            }
            #expect(CampaignReview.notes(campaign, registry: registry).isEmpty, "\(path)")
        }
        #expect(Set(registry.rules.map(\.clause)).isSubset(of: clausesSeen))
    }

    /// Sources/DudaoPlugins/PluginList.swift is what `dudao plugin list --write` derives from
    /// Package.swift's `phasePlugins`, and registers the plugins in that order.
    @Test func thePluginListIsDerivedFromPackageSwift() throws {
        let cli = CommandRunner()
        let outcome = try cli.run(["plugin", "list", "--package", Fixtures.packageRoot.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let names = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(names.count == PluginList.all.count)
        #expect(PluginList.all.map { String(describing: type(of: $0)) } == names.map { $0 + "Plugin" })
        let copy = cli.directory.appendingPathComponent("package")
        try FileManager.default.createDirectory(at: copy.appendingPathComponent("Sources/DudaoPlugins"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Package.swift"), to: copy.appendingPathComponent("Package.swift"))
        let write = try cli.run(["plugin", "list", "--write", "--package", copy.path])
        #expect(write.status == 0, "\(write.stderr)")
        let written = try Data(contentsOf: copy.appendingPathComponent("Sources/DudaoPlugins/PluginList.swift"))
        let committed = try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent("Sources/DudaoPlugins/PluginList.swift"))
        #expect(written == committed, "PluginList.swift differs from Package.swift's phasePlugins: run `swift run dudao plugin list --write`")
    }
}
