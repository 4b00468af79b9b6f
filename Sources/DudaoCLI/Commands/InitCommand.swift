import DudaoPlugins
import ArgumentParser
import DudaoKernel
import DudaoStore
import DudaoWorkspace
import Foundation

/// `dudao init`: makes this machine's store, node id and Ed25519 key pair — from a campaign file,
/// or at a unit from the bureau's enrolment kit.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "创建单位端（--unit 或 --kit）或教育局（--bureau）的数据库 · Create a store for a unit (--unit, or --kit) or the bureau (--bureau).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The campaign definition file (campaigns/*.json).")
    var campaign: String?

    @Option(help: "The unit this agent records for (an id of the campaign's roster).")
    var unit: String?

    @Flag(help: "Make the bureau's central store instead of a unit's.")
    var bureau = false

    @Option(help: "The enrolment kit from the bureau (dudao bureau kit): sets up this unit's store, trusts the bureau's key, and enrols this unit with its first bundle.")
    var kit: String?

    func validate() throws {
        if kit != nil {
            if campaign != nil || unit != nil || bureau {
                throw ValidationError("--kit brings the campaign and the unit: give it alone, without --campaign, --unit or --bureau")
            }
            return
        }
        if campaign == nil { throw ValidationError("give --campaign FILE with --unit UNIT or --bureau, or --kit FILE") }
        if (unit == nil) == !bureau {
            throw ValidationError("give exactly one of --unit UNIT or --bureau")
        }
    }

    func run() throws {
        let output = global.output
        let store: Store
        if let kit {
            store = try Workspace.initFromKit(try readInput(kit), file: kit, at: global.storeURL,
                                              registry: try PluginList.registry(), environment: global.environment).store
        } else {
            store = try Store.initialise(at: global.storeURL, campaignData: try readInput(campaign ?? ""), unit: unit,
                                         registry: try PluginList.registry(), environment: global.environment)
        }
        let who = store.identity.unit.flatMap { store.campaign.unit($0) }
        output.line(output("已创建督导数据库：", "Created the store: ") + global.storeURL.path)
        output.line(output("  活动：", "  campaign: ") + output.text(store.campaign.title))
        output.line(output("  节点：", "  node: ") + store.identity.nodeID)
        output.line(output("  身份：", "  for: ") + (who.map { output.text($0.name) + "（\($0.id)）" } ?? output("教育局（中心端）", "the bureau (central)")))
        output.line(output("  公钥指纹：", "  key id: ") + Fingerprint.grouped(store.identity.keyID))
        output.line(output("  私钥保存在 \(NodeKeys.privateKeyFile)（仅本机可读，切勿外传）",
                           "  private key kept in \(NodeKeys.privateKeyFile) (mode 0600; never leaves this machine)"))
        if kit != nil, let bureauKey = try store.enrolments().first(where: { $0.unit == nil }) {
            output.line(output("  已信任教育局公钥，指纹 \(Fingerprint.grouped(bureauKey.keyID))",
                               "  trusts the bureau's key, fingerprint \(Fingerprint.grouped(bureauKey.keyID))"))
            output.line(output("  下一步：dudao bundle export --to 文件，把数据包交给教育局；首个数据包即完成登记。请电话向教育局核对上面两个指纹。",
                               "  next: dudao bundle export --to FILE and take the bundle to the bureau; its first bundle enrols this unit. Check both fingerprints with the bureau by phone."))
        }
    }
}
