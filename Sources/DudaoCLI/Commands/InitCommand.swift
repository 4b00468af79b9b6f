import DudaoPlugins
import ArgumentParser
import DudaoKernel
import DudaoStore
import Foundation

/// `dudao init`: makes this machine's store, node id and Ed25519 key pair.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "创建单位端（--unit）或教育局（--bureau）的数据库 · Create a store for a unit (--unit) or the bureau (--bureau).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The campaign definition file (campaigns/*.json).")
    var campaign: String

    @Option(help: "The unit this agent records for (an id of the campaign's roster).")
    var unit: String?

    @Flag(help: "Make the bureau's central store instead of a unit's.")
    var bureau = false

    func validate() throws {
        if (unit == nil) == !bureau {
            throw ValidationError("give exactly one of --unit UNIT or --bureau")
        }
    }

    func run() throws {
        let output = global.output
        let data = try readInput(campaign)
        let registry = try PluginList.registry()
        // The same reading as `dudao campaign validate`: the same refusals, the same notes.
        let review = try CampaignReview.read(data, file: campaign, registry: registry)
        let store = try Store.initialise(at: global.storeURL, campaignData: data, unit: unit,
                                         registry: registry, environment: global.environment)
        let who = store.identity.unit.flatMap { store.campaign.unit($0) }
        output.line(output("已创建督导数据库：", "Created the store: ") + global.storeURL.path)
        output.line(output("  活动：", "  campaign: ") + output.text(store.campaign.title))
        output.line(output("  节点：", "  node: ") + store.identity.nodeID)
        output.line(output("  身份：", "  for: ") + (who.map { output.text($0.name) + "（\($0.id)）" } ?? output("教育局（中心端）", "the bureau (central)")))
        output.line(output("  公钥指纹：", "  key id: ") + store.identity.keyID)
        output.campaignNotes(review.notes)
        output.line(output("  私钥保存在 \(NodeKeys.privateKeyFile)（仅本机可读，切勿外传）",
                           "  private key kept in \(NodeKeys.privateKeyFile) (mode 0600; never leaves this machine)"))
    }
}
