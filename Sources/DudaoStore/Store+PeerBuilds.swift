import DudaoKernel
import Foundation
import GRDB

/// What a bundle's signed header says of its sender's build.
public struct SenderBuild: Sendable, Hashable {
    public var campaign: String
    /// The fingerprint of the sender's campaign contents; nil from a build that does not name it.
    public var campaignFingerprint: String?
    /// The sender's plugins and their versions.
    public var pluginVersions: [String: Int]

    public init(campaign: String, campaignFingerprint: String?, pluginVersions: [String: Int]) {
        self.campaign = campaign
        self.campaignFingerprint = campaignFingerprint
        self.pluginVersions = pluginVersions
    }
}

/// A peer's build as its latest applied bundle described it.
public struct PeerBuild: Sendable, Hashable {
    /// A unit's id, or `bureau`.
    public var peer: String
    public var build: SenderBuild
    public var seenMs: Int64
}

/// A plugin and its version.
public struct PluginVersion: Sendable, Hashable, Codable {
    public var plugin: String
    public var version: Int

    public init(plugin: String, version: Int) {
        self.plugin = plugin
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case plugin, version
    }
}

extension Store {
    /// Remembers what `bundle`'s sender said of its build, in the import's transaction; the JSON
    /// of its plugin versions is encoded once for a run of bundles that name the same.
    static func notePeerBuild(of bundle: IncomingBundle, at now: Int64, db: Database) throws {
        guard let build = bundle.senderBuild else { return }
        try BundleBookkeeping(db: db).notePeerBuild(peer: bundle.senderUnit ?? "bureau", node: bundle.senderNode, build: build,
                                                    versions: try build.encodedPluginVersions(), bundleID: bundle.bundleID, at: now)
    }

    /// Every peer's build as last seen, by peer.
    public func peerBuilds() throws -> [PeerBuild] {
        try read { db in
            try PeerBuildRow.order(PeerBuildRow.Columns.peer).fetchAll(db).map { row in
                let versions = (try? JSONDecoder().decode([String: Int].self, from: Data(row.pluginVersions.utf8))) ?? [:]
                return PeerBuild(peer: row.peer, build: SenderBuild(campaign: row.campaign, campaignFingerprint: row.campaignFingerprint,
                                                                    pluginVersions: versions), seenMs: row.seenMs)
            }
        }
    }

    /// The plugins of this build that `build` lacks or runs at a lower version: the sender keeps
    /// this node's changes of their types without evaluating them.
    public func pluginsLacking(in build: SenderBuild) -> [PluginVersion] {
        registry.plugins.filter { manifest in
            guard let theirs = build.pluginVersions[manifest.id] else { return true }
            return theirs < manifest.version
        }.map { PluginVersion(plugin: $0.id, version: $0.version) }
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys: stored JSON reads the same whatever the dictionary order.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
