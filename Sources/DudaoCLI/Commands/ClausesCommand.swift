import DudaoPlugins
import ArgumentParser
import DudaoKernel
import DudaoStore
import DudaoWorkspace
import Foundation

/// `dudao clauses`: which plugin, rules and record types serve each clause.
struct ClausesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clauses", abstract: "条款对应的插件、规则与记录类型 · Map each clause to its plugin, rules and record types.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Read clauses from this campaign file instead of the store's.") var campaign: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let registry = try PluginList.registry()
        let definition: Campaign
        if let campaign {
            definition = try CampaignLoader.load(contentsOf: campaign)
        } else {
            definition = try Store.open(at: global.storeURL, registry: registry, environment: global.environment).campaign
        }
        let entries = definition.clauses.map { PublicClause($0, registry: registry) }
        let output = global.output
        if json { return try output.json(entries) }
        output.table([output("条款", "clause"), output("标题", "title"), output("插件", "plugin"), output("规则", "rules"), output("记录类型", "record types")],
                     entries.map { [$0.clause, output.text($0.title), $0.plugin ?? "—", $0.rules.joined(separator: " "), $0.recordTypes.joined(separator: " ")] })
    }
}
