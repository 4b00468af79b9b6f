import DudaoKernel
import DudaoStore

/// What a node says about builds in `dudao status --json`: clauses without their plugin, changes
/// kept unevaluated for a missing plugin, peers lacking this node's plugins, other campaign contents.
public struct PublicCompatibility: PublicOutput, Hashable {
    public var clausesWithoutPlugin: [ClauseWithoutPlugin]
    public var opaque: [Opaque]
    public var peersLacking: [PeerLacking]
    public var campaign: [Campaign]
    /// One sentence per finding, in both languages.
    public var messages: [LocalizedText]

    public struct ClauseWithoutPlugin: PublicOutput, Hashable {
        public var clause: String
        public var plugin: String
        /// The version a peer runs, when one does.
        public var version: Int?

        enum CodingKeys: String, CodingKey {
            case clause, plugin, version
        }
    }

    /// The changes of one plugin kept as they came.
    public struct Opaque: PublicOutput, Hashable {
        public var plugin: String
        /// The highest version a sender runs.
        public var version: Int
        /// This build's version; absent when the plugin is missing.
        public var installed: Int?
        public var types: [String]
        public var units: [String]
        /// Kept until the plugin is installed.
        public var waiting: Int
        /// Kept, but refused by the installed plugin.
        public var invalid: [Invalid]

        enum CodingKeys: String, CodingKey {
            case plugin, version, installed, types, units, waiting, invalid
        }
    }

    public struct Invalid: PublicOutput, Hashable {
        public var record: String
        public var type: String
        public var unit: String
        public var origin: String
        public var sequence: Int64
        public var reason: LocalizedText

        enum CodingKeys: String, CodingKey {
            case record, type, unit, origin, sequence, reason
        }
    }

    public struct PeerLacking: PublicOutput, Hashable {
        public var peer: String
        public var plugins: [Plugin]

        enum CodingKeys: String, CodingKey {
            case peer, plugins
        }
    }

    public struct Plugin: PublicOutput, Hashable {
        public var plugin: String
        public var version: Int

        enum CodingKeys: String, CodingKey {
            case plugin, version
        }
    }

    /// A peer running other contents of the campaign: both fingerprints.
    public struct Campaign: PublicOutput, Hashable {
        public var campaign: String
        public var peer: String
        public var here: String
        public var there: String

        enum CodingKeys: String, CodingKey {
            case campaign, peer, here, there
        }
    }

    public init(_ found: Compatibility) {
        clausesWithoutPlugin = found.clausesWithoutPlugin.map { .init(clause: $0.clause, plugin: $0.plugin, version: $0.version) }
        opaque = found.opaque.map { plugin in
            Opaque(plugin: plugin.plugin, version: plugin.version, installed: plugin.installed, types: plugin.types, units: plugin.units,
                   waiting: plugin.waiting, invalid: plugin.invalid.map {
                       Invalid(record: $0.recordID, type: $0.type, unit: $0.unit, origin: $0.origin, sequence: $0.sequence, reason: $0.reason)
                   })
        }
        peersLacking = found.peersLacking.map { .init(peer: $0.peer, plugins: $0.plugins.map { .init(plugin: $0.plugin, version: $0.version) }) }
        campaign = found.campaign.map { .init(campaign: $0.campaign, peer: $0.peer, here: $0.here, there: $0.there) }
        messages = found.messages
    }

    enum CodingKeys: String, CodingKey {
        case clausesWithoutPlugin, opaque, peersLacking, campaign, messages
    }
}
