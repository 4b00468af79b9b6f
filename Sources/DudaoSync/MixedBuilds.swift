import DudaoKernel
import DudaoStore
import Foundation

/// What a bundle told its receiver about the two nodes' builds, beside what became of it: plugins
/// this node lacks (their changes kept opaque), plugins the sender lacks, a different campaign.
public struct BundleNotes: Sendable, Hashable {
    /// The plugins the bundle's changes need that this build lacks or runs older.
    public var missingPlugins: [MissingPlugin] = []
    /// The plugins of this build that the sender lacks or runs older: it keeps this node's changes
    /// of their types without evaluating them.
    public var senderLacks: [PluginVersion] = []
    /// Set when the sender runs other contents of the campaign.
    public var campaign: CampaignMismatch?

    public init(missingPlugins: [MissingPlugin] = [], senderLacks: [PluginVersion] = [], campaign: CampaignMismatch? = nil) {
        self.missingPlugins = missingPlugins
        self.senderLacks = senderLacks
        self.campaign = campaign
    }

    public var isEmpty: Bool { missingPlugins.isEmpty && senderLacks.isEmpty && campaign == nil }

    /// One sentence per note, for a person.
    public var messages: [LocalizedText] {
        missingPlugins.map(\.message) + (senderLacks.isEmpty ? [] : [Self.lacking(senderLacks)]) + (campaign.map { [$0.message] } ?? [])
    }

    static func lacking(_ plugins: [PluginVersion]) -> LocalizedText {
        let list = plugins.map { "\($0.plugin) v\($0.version)" }.joined(separator: ", ")
        return LocalizedText(zh: "发送方的程序缺少插件 \(list)（本节点已安装）：本节点这些类型的记录在对方只保存、不计入考核，直到对方升级",
                             en: "the sender's build lacks plugin \(list) (installed here): it keeps this node's records of those types without evaluating them until it upgrades")
    }
}

/// A plugin a bundle's changes need that this build lacks, or runs at an older version than the sender.
public struct MissingPlugin: Sendable, Hashable, Codable {
    public var plugin: String
    /// The sender's version of it, from the bundle header's `pluginVersions`.
    public var version: Int
    /// This build's version; nil when the plugin is not installed.
    public var installed: Int?
    /// The record types of its changes in the bundle.
    public var types: [String]
    /// How many of the bundle's changes are kept opaque for it.
    public var changes: Int

    public init(plugin: String, version: Int, installed: Int?, types: [String], changes: Int) {
        self.plugin = plugin
        self.version = version
        self.installed = installed
        self.types = types
        self.changes = changes
    }

    enum CodingKeys: String, CodingKey {
        case plugin, version, installed, types, changes
    }

    public var message: LocalizedText {
        let have = installed.map { LocalizedText(zh: "本节点只有 v\($0)", en: "this node has v\($0) only") }
            ?? LocalizedText(zh: "本节点未安装", en: "not installed here")
        return LocalizedText(
            zh: "缺少插件 \(plugin) v\(version)（\(have.zh)）：其 \(changes) 条变更（\(types.joined(separator: "、"))）已原样保存，不计入考核；安装该插件后自动校验并生效",
            en: "plugin \(plugin) v\(version) is missing (\(have.en)): its \(changes) changes (\(types.joined(separator: ", "))) are kept as they came and not evaluated; they are validated and take effect once the plugin is installed")
    }
}

/// Decides, change by change, whether a record type this build lacks belongs to a plugin the
/// sender declares at a version this node does not run: then the change is kept opaque.
/// Any other unknown type is refused, naming the plugin.
struct MissingPluginCheck {
    let registry: PluginRegistry
    let senderVersions: [String: Int]
    private(set) var found: [String: MissingPlugin] = [:]

    init(registry: PluginRegistry, senderVersions: [String: Int]) {
        self.registry = registry
        self.senderVersions = senderVersions
    }

    /// Admits `change` of an unknown type as opaque, or throws why it is refused.
    mutating func admit(_ change: RecordEnvelope) throws(BundleError) {
        let place = "record \(change.id)"
        guard let slash = change.type.firstIndex(of: "/"), slash != change.type.startIndex else {
            throw BundleError(.invalidRecord, "记录 \(change.id) 的类型 \(change.type) 不是“插件/类型”的形式",
                              "\(place) has type \(change.type), not of the form plugin/type")
        }
        let plugin = String(change.type[..<slash])
        let installed = registry.plugins.first { $0.id == plugin }?.version
        guard let version = senderVersions[plugin] else {
            throw BundleError(.invalidRecord, "记录 \(change.id) 的类型 \(change.type) 未知，发送方也未声明插件 \(plugin)",
                              "\(place) has unknown type \(change.type), and the sender declares no plugin \(plugin)")
        }
        if let installed, installed >= version {
            throw BundleError(.invalidRecord, "记录 \(change.id) 的类型 \(change.type) 未知：本节点的插件 \(plugin) v\(installed) 没有此类型",
                              "\(place) has unknown type \(change.type): plugin \(plugin) v\(installed) here has no such type")
        }
        var entry = found[plugin] ?? MissingPlugin(plugin: plugin, version: version, installed: installed, types: [], changes: 0)
        if !entry.types.contains(change.type) { entry.types.append(change.type) }
        entry.changes += 1
        found[plugin] = entry
    }

    var missing: [MissingPlugin] { found.values.sorted { $0.plugin < $1.plugin } }
}

extension ChangeCodec {
    /// One change in the `changes-v1` encoding, exactly the bytes it takes in a bundle body (the
    /// encoding is canonical: one sequence of bytes per change).
    public static func encode(change: RecordEnvelope) -> Data {
        var full = [UInt8](encode([change], evidence: []))
        // `CHG1`, count (4) … `EVD1`, count (4): the change is what lies between.
        full.removeFirst(BundleFormat.bodyMagic.count + 4)
        full.removeLast(BundleFormat.evidenceMagic.count + 4)
        return Data(full)
    }
}

/// What importing one bundle did, with what it told of the two nodes' builds.
public struct ImportReport: Sendable {
    public var outcome: ImportOutcome
    /// Empty for a bundle refused before its changes were read.
    public var notes: BundleNotes
}

/// The notes of an import as they travel in an upload's answer and `dudao bundle import --json`,
/// seen from the node that imported: `missingPlugins` are missing there.
public struct BuildNotes: Codable, Sendable, Hashable {
    public var missingPlugins: [MissingPlugin]
    public var senderLacks: [PluginVersion]
    public var campaign: CampaignMismatch?
    /// One sentence per note: English on the wire, the language asked for on the command line.
    public var messages: [String]
    /// The sentences in Chinese, on the wire.
    public var messagesZh: [String]?

    /// The notes in `language` (`en` or `zh`); `both` keeps the Chinese beside the English, as on the wire.
    public init?(_ notes: BundleNotes, chinese: Bool = false, both: Bool = true) {
        guard !notes.isEmpty else { return nil }
        missingPlugins = notes.missingPlugins
        senderLacks = notes.senderLacks
        campaign = notes.campaign
        messages = notes.messages.map { chinese ? $0.zh : $0.en }
        messagesZh = both && !chinese ? notes.messages.map(\.zh) : nil
    }

    enum CodingKeys: String, CodingKey {
        case missingPlugins, senderLacks, campaign, messages, messagesZh
    }
}

extension UploadAnswer {
    /// The answer to an import, with its notes (English, and Chinese beside).
    public init(_ report: ImportReport) {
        self.init(report.outcome)
        builds = BuildNotes(report.notes)
    }
}
