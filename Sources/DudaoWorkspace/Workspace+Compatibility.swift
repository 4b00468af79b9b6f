import DudaoKernel
import DudaoStore
import Foundation

/// What this node can say about nodes running different builds: clauses it cannot evaluate for
/// want of a plugin, changes it keeps unevaluated, peers that lack its plugins, peers that run
/// other campaign contents. `dudao status`, the sync page and the workstation show it.
public struct Compatibility: Sendable, Hashable, Codable {
    /// A clause of the campaign that no plugin of this build serves: it has no cells here.
    public struct ClauseWithoutPlugin: Sendable, Hashable, Codable {
        public var clause: String
        /// The plugin of the clause's phase.
        public var plugin: String
        /// Its version where a peer runs it, as the peer's latest bundle said.
        public var version: Int?
    }

    /// A peer whose build lacks plugins this node runs (or runs them older).
    public struct PeerLacking: Sendable, Hashable, Codable {
        public var peer: String
        public var plugins: [PluginVersion]
    }

    public var clausesWithoutPlugin: [ClauseWithoutPlugin] = []
    /// Changes of record types this build lacks, kept as they came, by plugin.
    public var opaque: [OpaquePlugin] = []
    public var peersLacking: [PeerLacking] = []
    public var campaign: [CampaignMismatch] = []

    public var isEmpty: Bool { clausesWithoutPlugin.isEmpty && opaque.isEmpty && peersLacking.isEmpty && campaign.isEmpty }

    /// One sentence per finding, for a person.
    public var messages: [LocalizedText] {
        var out: [LocalizedText] = clausesWithoutPlugin.map { item in
            let version = item.version.map { " v\($0)" } ?? ""
            return LocalizedText(zh: "条款 \(item.clause) 的插件 \(item.plugin)\(version) 未安装：本节点不计算该条款",
                                 en: "clause \(item.clause): its plugin \(item.plugin)\(version) is not installed; this node does not evaluate it")
        }
        for plugin in opaque {
            let have = plugin.installed.map { LocalizedText(zh: "本节点只有 v\($0)", en: "this node has v\($0) only") }
                ?? LocalizedText(zh: "未安装", en: "not installed")
            if plugin.waiting > 0 {
                out.append(LocalizedText(
                    zh: "缺少插件 \(plugin.plugin) v\(plugin.version)（\(have.zh)）：已原样保存 \(plugin.waiting) 条变更（\(plugin.types.joined(separator: "、"))），不计入考核；安装该插件后自动校验并生效",
                    en: "plugin \(plugin.plugin) v\(plugin.version) is missing (\(have.en)): \(plugin.waiting) changes (\(plugin.types.joined(separator: ", "))) are kept as they came, not evaluated; they are validated and take effect once it is installed"))
            }
            for failure in plugin.invalid {
                out.append(LocalizedText(
                    zh: "插件 \(plugin.plugin) 已安装，但保存的变更 \(failure.recordID)（\(failure.type)，来自 \(failure.origin) 序号 \(failure.sequence)）校验未通过，未生效：\(failure.reason.zh)",
                    en: "plugin \(plugin.plugin) is installed, but the kept change \(failure.recordID) (\(failure.type), from \(failure.origin) sequence \(failure.sequence)) fails validation and does not take effect: \(failure.reason.en)"))
            }
        }
        for peer in peersLacking {
            let list = peer.plugins.map { "\($0.plugin) v\($0.version)" }.joined(separator: ", ")
            let zh = peer.peer == "bureau" ? "教育局" : "单位 \(peer.peer)"
            let en = peer.peer == "bureau" ? "the bureau" : "unit \(peer.peer)"
            out.append(LocalizedText(zh: "\(zh)的程序缺少插件 \(list)：本节点这些类型的记录在对方只保存、不计入考核，直到对方升级",
                                     en: "\(en)'s build lacks plugin \(list): it keeps this node's records of those types without evaluating them until it upgrades"))
        }
        return out + campaign.map(\.message)
    }
}

extension Workspace {
    /// What this node can say about builds, for `unit` (every unit at the bureau when nil; this
    /// agent's unit at a unit): clauses that apply to it with no plugin here, its changes kept
    /// opaque, and the builds of the peers it syncs with.
    public func compatibility(unit unitID: String? = nil) throws -> Compatibility {
        let unitID = unitID ?? identity.unit
        let unit = unitID.flatMap(campaign.unit)
        let peers = try store.peerBuilds().filter { identity.isBureau ? (unitID == nil || $0.peer == unitID) : $0.peer == "bureau" }
        var result = Compatibility()
        let installed = Set(registry.plugins.map(\.id))
        for clause in campaign.clauses where registry.plugin(serving: clause.id) == nil && registry.rules(for: clause.id).isEmpty {
            guard unit.map({ clause.applies(to: $0) }) ?? true, let plugin = campaign.phases.first(where: { $0.id == clause.phase })?.plugin,
                  !installed.contains(plugin) else { continue }
            result.clausesWithoutPlugin.append(.init(clause: clause.id, plugin: plugin,
                                                     version: peers.compactMap { $0.build.pluginVersions[plugin] }.max()))
        }
        result.opaque = try store.opaqueChanges(unit: unitID)
        for peer in peers {
            let lacking = store.pluginsLacking(in: peer.build)
            if !lacking.isEmpty { result.peersLacking.append(.init(peer: peer.peer, plugins: lacking)) }
            if let mismatch = CampaignContent.mismatch(campaign: campaign.id, here: store.campaignFingerprint,
                                                       there: peer.build.campaignFingerprint, peer: peer.peer) {
                result.campaign.append(mismatch)
            }
        }
        return result
    }
}
