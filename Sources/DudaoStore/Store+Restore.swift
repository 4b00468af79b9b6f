import DudaoKernel
import Foundation
import GRDB

/// What a restore bundle for one unit carries: everything of that unit the bureau holds.
public struct RestorePlan: Sendable {
    public var unit: String
    /// Every record of the unit, tombstones included, in the version the bureau holds, by origin and sequence.
    public var changes: [RecordEnvelope]
    /// Per origin, the last sequence the bureau holds: the bundle carries (0, through].
    public var through: [String: Int64]
    /// The evidence files the records cite that the bureau holds, each once.
    public var evidence: [(hash: String, data: Data)]
    public var hlc: HLC
}

extension Store {
    /// At the bureau: what a new PC of `unit` needs to carry on from where the bureau's copy ends.
    /// `visible` keeps back what the unit may not see yet (the bureau's own records only).
    public func restorePlan(for unit: String, visible: @escaping @Sendable (RecordEnvelope) -> Bool) throws -> RestorePlan {
        guard identity.isBureau else {
            throw DudaoError("只有教育局能导出恢复数据包", "only the bureau exports restore bundles")
        }
        guard campaign.unit(unit) != nil else { throw DudaoError("未知单位“\(unit)”", "unknown unit '\(unit)'") }
        let own = identity.nodeID
        return try read { db in
            let changes = try Self.fetchEnvelopes(db, sql: "SELECT \(Self.recordColumns) FROM record WHERE unit = ? ORDER BY origin, seq",
                                                  arguments: [unit])
                .filter { $0.origin != own || visible($0) }
            let senders = try String.fetchAll(db, sql: "SELECT DISTINCT sender_node FROM bundle_log WHERE sender_unit = ?", arguments: [unit])
            var through: [String: Int64] = [:]
            for origin in Set(changes.map(\.origin)).union(senders).union([own]) {
                through[origin] = try Self.knowledge(db, of: origin, own: own)
            }
            var seen = Set<String>()
            var evidence: [(hash: String, data: Data)] = []
            for hash in changes.flatMap(\.evidence) where seen.insert(hash).inserted {
                if let data = try Data.fetchOne(db, EvidenceFile.select(EvidenceFile.Columns.data).filter(key: hash)) {
                    evidence.append((hash, data))
                }
            }
            return RestorePlan(unit: unit, changes: changes, through: through, evidence: evidence, hlc: try Self.lastHLC(db))
        }
    }

    /// Logs at the bureau that a restore bundle left for `unit`.
    public func recordRestoreExport(unit: String, bundleID: String, actor: String? = nil) throws {
        let now = environment.now()
        try write { db in
            try Self.audit(db, node: self.identity.nodeID, at: now, actor: actor, action: "export-restore", subject: unit, detail: bundleID)
        }
    }
}
