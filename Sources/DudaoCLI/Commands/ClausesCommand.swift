import DudaoPlugins
import ArgumentParser
import DudaoKernel
import DudaoStore
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

    /// One clause in `--json`: `parameters` lists the window, the unit kinds (`appliesTo`, tags as
    /// `tag:NAME`) and the rule parameters, each `{name, value, source}` with `source` either
    /// `{"quote": "…"}` (words of the clause) or `{"assumption": {"zh", "en"}}` (the office's own setting).
    struct Entry: Codable {
        var clause: String
        var title: LocalizedText
        var text: String
        var schedule: String?
        var responsibleText: String?
        var plugin: String?
        var rules: [String]
        var recordTypes: [String]
        var parameters: [SourcedParameter]
    }

    func run() throws {
        let registry = try PluginList.registry()
        let definition: Campaign
        if let campaign {
            definition = try CampaignLoader.load(contentsOf: campaign)
        } else {
            definition = try Store.open(at: global.storeURL, registry: registry, environment: global.environment).campaign
        }
        let entries = definition.clauses.map { clause in
            Entry(clause: clause.id, title: clause.title, text: clause.text, schedule: clause.schedule,
                  responsibleText: clause.responsibleText, plugin: registry.plugin(serving: clause.id)?.id,
                  rules: registry.rules(for: clause.id).map(\.id),
                  recordTypes: registry.recordTypes.filter { $0.clauses.contains(clause.id) || clause.recordTypes.contains($0.id) }.map(\.id),
                  parameters: clause.sourcedParameters)
        }
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
