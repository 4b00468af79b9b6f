import DudaoPlugins
import ArgumentParser
import DudaoKernel
import DudaoStore
import DudaoSync
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

    @Option(help: "A unit's PC replaced: rebuild the store from the bureau's restore bundle (`dudao bundle export --for UNIT --restore`).")
    var restore: String?

    @Option(help: "With --restore: the bureau's public key file, which must have signed the restore bundle.")
    var bureauKey: String?

    func validate() throws {
        if kit != nil {
            if campaign != nil || unit != nil || bureau || restore != nil || bureauKey != nil {
                throw ValidationError("--kit brings the campaign and the unit: give it alone, without --campaign, --unit, --bureau or --restore")
            }
            return
        }
        if campaign == nil { throw ValidationError("give --campaign FILE with --unit UNIT or --bureau, or --kit FILE") }
        if (unit == nil) == !bureau {
            throw ValidationError("give exactly one of --unit UNIT or --bureau")
        }
        if restore != nil && (unit == nil || bureauKey == nil) {
            throw ValidationError("--restore needs --unit UNIT and --bureau-key FILE (the bureau's public key)")
        }
    }

    func run() throws {
        let output = global.output
        let store: Store
        var notes: [DecodingProblem] = []
        if let kit {
            store = try Workspace.initFromKit(try readInput(kit), file: kit, at: global.storeURL,
                                              registry: try PluginList.registry(), environment: global.environment).store
        } else {
            let campaign = campaign ?? ""
            let data = try readInput(campaign)
            let registry = try PluginList.registry()
            // The same reading as `dudao campaign validate`: the same refusals, the same notes.
            let review = try CampaignReview.read(data, file: campaign, registry: registry)
            if let restore, let unit, let bureauKey {
                return try restoreUnit(from: restore, unit: unit, bureauKey: bureauKey, campaignData: data)
            }
            notes = review.notes
            store = try Store.initialise(at: global.storeURL, campaignData: data, unit: unit,
                                         registry: registry, environment: global.environment)
        }
        let who = store.identity.unit.flatMap { store.campaign.unit($0) }
        output.line(output("已创建督导数据库：", "Created the store: ") + global.storeURL.path)
        output.line(output("  活动：", "  campaign: ") + output.text(store.campaign.title))
        output.line(output("  节点：", "  node: ") + store.identity.nodeID)
        output.line(output("  身份：", "  for: ") + (who.map { output.text($0.name) + "（\($0.id)）" } ?? output("教育局（中心端）", "the bureau (central)")))
        output.line(output("  公钥指纹：", "  key id: ") + Fingerprint.grouped(store.identity.keyID))
        output.campaignNotes(notes)
        output.line(output("  私钥保存在 \(NodeKeys.privateKeyFile)（仅本机可读，切勿外传）",
                           "  private key kept in \(NodeKeys.privateKeyFile) (mode 0600; never leaves this machine)"))
        if kit != nil, let bureauKey = try store.enrolments().first(where: { $0.unit == nil }) {
            output.line(output("  已信任教育局公钥，指纹 \(Fingerprint.grouped(bureauKey.keyID))",
                               "  trusts the bureau's key, fingerprint \(Fingerprint.grouped(bureauKey.keyID))"))
            output.line(output("  下一步：dudao bundle export --to 文件，把数据包交给教育局；首个数据包即完成登记。请电话向教育局核对上面两个指纹。",
                               "  next: dudao bundle export --to FILE and take the bundle to the bureau; its first bundle enrols this unit. Check both fingerprints with the bureau by phone."))
        }
    }

    /// `--restore`: the unit's store rebuilt from the bureau's copy, under a new node id and key.
    private func restoreUnit(from path: String, unit: String, bureauKey: String, campaignData: Data) throws {
        let output = global.output
        let report = try RestoreBundle.restore(try readInput(path), into: global.storeURL, campaignData: campaignData, unit: unit,
                                               bureauKey: try Enrolment.readKey(bureauKey), registry: try PluginList.registry(),
                                               environment: global.environment)
        let identity = report.store.identity
        output.line(output("已从教育局的恢复数据包重建 \(unit) 的数据库：", "Rebuilt the store of \(unit) from the bureau's restore bundle: ") + global.storeURL.path)
        output.line(output("  恢复记录 \(report.records) 条，证据文件 \(report.evidence) 个", "  \(report.records) records and \(report.evidence) evidence files restored"))
        for old in report.oldNodes {
            output.line(output("  教育局保存了旧电脑（节点 \(old.node)）的变更至序号 \(old.through)，其中 \(old.records) 条为记录的现行版本；",
                               "  the bureau had the old PC's changes (node \(old.node)) through sequence \(old.through), \(old.records) of them current versions;"))
            output.line(output("    旧电脑在此之后的变更若从未导出，已无法找回",
                               "    changes the old PC made after that are lost unless they were exported"))
        }
        if report.oldNodes.isEmpty {
            output.line(output("  教育局没有这个单位旧电脑的变更", "  the bureau had no changes from this unit's old PC"))
        }
        output.line(output("  新节点：", "  new node: ") + identity.nodeID + output("（序号从 1 开始，不与旧节点重复）", " (its sequence starts at 1; the old node's are never reused)"))
        output.line(output("  新公钥指纹：", "  new key id: ") + identity.keyID)
        output.line(output("  下一步：dudao key export --to 新公钥.pub，交教育局运行 dudao bureau enrol --unit \(unit) --key 新公钥.pub --replaces 旧指纹",
                           "  next: dudao key export --to new.pub, and at the bureau: dudao bureau enrol --unit \(unit) --key new.pub --replaces OLD-KEY-ID"))
    }
}
