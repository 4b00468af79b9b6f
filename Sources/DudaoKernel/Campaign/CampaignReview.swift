import Foundation

/// A campaign file read against this build's plugins: the campaign, and what the build cannot do
/// with it. The one path by which `dudao campaign validate` and `dudao init` read a campaign, so
/// both accept and refuse the same files and say the same things about them.
///
/// A bad file (wrong shape, dangling reference, a quote not in its clause) is refused by
/// `CampaignLoader`. What depends on the build — a phase whose plugin is not built in, a record type
/// no plugin registers, a clause no rule serves — is a note, not a refusal: a node built without a
/// plugin still keeps and forwards that plugin's records, and says which plugin it lacks.
public struct CampaignReview: Sendable {
    public let campaign: Campaign
    /// What this build cannot check or compute, each with the JSON path it concerns.
    public let notes: [DecodingProblem]

    /// Reads `data` (named `file` in messages), refusing it as `CampaignLoader` does, and notes
    /// what `registry` lacks.
    public static func read(_ data: Data, file: String, registry: PluginRegistry) throws -> CampaignReview {
        let campaign = try CampaignLoader.decode(data, file: file)
        return CampaignReview(campaign: campaign, notes: notes(campaign, registry: registry))
    }

    /// Reads the file at `path`; see `read(_:file:registry:)`.
    public static func load(contentsOf path: String, registry: PluginRegistry) throws -> CampaignReview {
        try read(try CampaignLoader.data(contentsOf: path), file: path, registry: registry)
    }

    /// What `registry` lacks for `campaign`: plugins, record types, rules.
    public static func notes(_ campaign: Campaign, registry: PluginRegistry) -> [DecodingProblem] {
        var notes: [DecodingProblem] = []
        let plugins = Set(registry.plugins.map(\.id))
        for (index, phase) in campaign.phases.enumerated() where !plugins.contains(phase.plugin) {
            notes.append(DecodingProblem(path: "$.phases[\(index)].plugin", reason: LocalizedText(
                zh: "本程序未内置插件“\(phase.plugin)”（阶段 \(phase.id)）：其记录照常保存与转发，但不校验、不计算",
                en: "this build has no plugin '\(phase.plugin)' (phase \(phase.id)): its records are kept and forwarded, not checked or computed")))
        }
        for (index, clause) in campaign.clauses.enumerated() {
            for (position, type) in clause.recordTypes.enumerated() where registry.recordType(type) == nil {
                notes.append(DecodingProblem(path: "$.clauses[\(index)].recordTypes[\(position)]", reason: LocalizedText(
                    zh: "条款 \(clause.id) 的记录类型 \(type) 没有插件注册", en: "clause \(clause.id)'s record type \(type) is registered by no plugin")))
            }
            if registry.rules(for: clause.id).isEmpty {
                notes.append(DecodingProblem(path: "$.clauses[\(index)]", reason: LocalizedText(
                    zh: "条款 \(clause.id) 没有插件规则，不计算完成情况", en: "no plugin rule serves clause \(clause.id); no compliance is computed")))
            }
        }
        return notes
    }
}
