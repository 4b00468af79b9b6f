import DudaoPlugins
import ArgumentParser
import DudaoKernel
import DudaoStore
import DudaoWorkspace
import Foundation

/// `dudao clauses`: each clause's words, its plugin, rules and record types, and every parameter
/// with its source — a quote of the plan or the campaign office's assumption.
struct ClausesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clauses",
        abstract: "条款原文、插件、规则、记录类型及参数来源 · Each clause's words, plugin, rules, record types and parameter sources.")

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
        for entry in entries {
            output.line("\(entry.clause)  \(output.text(entry.title))  — \(entry.plugin ?? "—")")
            output.line(output("  原文：", "  plan: ") + entry.text)
            output.line(output("  时间安排：", "  schedule: ") + (entry.schedule ?? "—") + output("　责任单位：", "  responsible: ") + (entry.responsibleText ?? "—"))
            output.line(output("  规则：", "  rules: ") + entry.rules.joined(separator: " ") + output("　记录类型：", "  record types: ") + entry.recordTypes.joined(separator: " "))
            for parameter in entry.parameters {
                let mark = parameter.source.isAssumption ? output("【设定】", "[assumption] ") : ""
                output.line("    \(mark)\(parameter.name) = \(parameter.value.compactText)　\(parameter.source.label(output.language))")
            }
            output.line()
        }
        let assumed = entries.reduce(0) { $0 + $1.parameters.filter(\.source.isAssumption).count }
        output.line(output("共 \(assumed) 项为督导办设定（原文未规定），可在活动文件中修改。",
                           "\(assumed) settings are the campaign office's own (not in the plan); change them in the campaign file."))
    }
}
