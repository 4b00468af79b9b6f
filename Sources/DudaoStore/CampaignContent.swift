import Crypto
import DudaoKernel
import Foundation
import GRDB

/// The campaign's content fingerprint, which bundles carry beside the campaign id, and the one
/// comparison of two nodes' fingerprints.
public enum CampaignContent {
    /// SHA-256 (lower-case hex) of the campaign's canonical JSON: the definition file parsed and
    /// written again with keys sorted, no whitespace and `/` unescaped, integers without a
    /// fraction. Two files that differ only in layout or key order have the same fingerprint.
    public static func fingerprint(of campaignJSON: Data) throws -> String {
        let value = try JSONDecoder().decode(JSONValue.self, from: campaignJSON)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Store.sha256(try encoder.encode(value))
    }

    /// Whether `peer`, which named campaign content `there` in its bundle, runs other contents than
    /// this node's `here`. A bundle that names no fingerprint (an older build) is not a mismatch.
    ///
    /// Kept to this one function so that campaign revisions can replace the test: then two nodes
    /// agree when they run the same revision, and this compares revisions.
    public static func mismatch(campaign: String, here: String, there: String?, peer: String) -> CampaignMismatch? {
        guard let there, there != here else { return nil }
        return CampaignMismatch(campaign: campaign, peer: peer, here: here, there: there)
    }
}

/// Two nodes run the same campaign id with different contents (an edited definition file).
public struct CampaignMismatch: Sendable, Hashable, Codable {
    public var campaign: String
    /// The other node: a unit's id, or `bureau`.
    public var peer: String
    /// This node's fingerprint.
    public var here: String
    /// The other node's fingerprint, as its latest bundle named it.
    public var there: String

    public init(campaign: String, peer: String, here: String, there: String) {
        self.campaign = campaign
        self.peer = peer
        self.here = here
        self.there = there
    }

    enum CodingKeys: String, CodingKey {
        case campaign, peer, here, there
    }

    /// What to tell a person, naming both fingerprints (their first 12 hex digits).
    public var message: LocalizedText {
        let peerZh = peer == "bureau" ? "教育局" : "单位 \(peer)"
        let peerEn = peer == "bureau" ? "the bureau" : "unit \(peer)"
        return LocalizedText(
            zh: "\(peerZh)与本节点使用的活动 \(campaign) 内容不同（对方指纹 \(there.prefix(12))，本节点 \(here.prefix(12))）："
                + "能合并的变更照常合并，但两边的日期、名单或参数可能不一致，请核对活动定义文件",
            en: "\(peerEn) runs other contents of campaign \(campaign) than this node (its fingerprint \(there.prefix(12)), "
                + "this node's \(here.prefix(12))): changes still merge, but dates, roster or parameters may differ; compare the campaign files")
    }
}

extension Store {
    /// The fingerprint of the campaign text `campaignJSON`, kept in `meta` beside the SHA-256 of the
    /// text it was computed from: canonicalising the campaign costs far more than opening a store
    /// otherwise does, and the text rarely changes.
    static func campaignFingerprint(_ campaignJSON: String, meta: [String: String], pool: DatabasePool) throws -> String {
        let textHash = sha256(Data(campaignJSON.utf8))
        let kept = meta["campaign_fingerprint"]?.split(separator: ":").map(String.init)
        if let kept, kept.count == 2, kept[0] == textHash { return kept[1] }
        let fingerprint = try CampaignContent.fingerprint(of: Data(campaignJSON.utf8))
        try pool.write { db in try MetaEntry(key: "campaign_fingerprint", value: "\(textHash):\(fingerprint)").save(db) }
        return fingerprint
    }
}
