import DudaoKernel
import Foundation
import GRDB

/// A received change of a record type this node's build lacks: the plugin is missing here, or
/// older than the sender's. The store keeps it as it came, out of the records that are evaluated.
public struct OpaqueChange: Sendable {
    public var envelope: RecordEnvelope
    /// The plugin that owns the type (the type's prefix).
    public var plugin: String
    /// The plugin's version in the sender's build.
    public var pluginVersion: Int
    /// The change exactly as it stood in the signed bundle body (`changes-v1`).
    public var bytes: Data

    public init(envelope: RecordEnvelope, plugin: String, pluginVersion: Int, bytes: Data) {
        self.envelope = envelope
        self.plugin = plugin
        self.pluginVersion = pluginVersion
        self.bytes = bytes
    }
}

/// A stored change that the plugin, once installed, found invalid: it stays stored and reported.
public struct OpaqueFailure: Sendable, Hashable, Codable {
    public var recordID: String
    public var type: String
    public var unit: String
    public var origin: String
    public var sequence: Int64
    public var reason: LocalizedText
}

/// The stored changes of one plugin this node lacks (or runs older than a sender).
public struct OpaquePlugin: Sendable, Hashable, Codable {
    public var plugin: String
    /// The highest version of it a sender runs.
    public var version: Int
    /// Its version in this build; nil when it is missing.
    public var installed: Int?
    public var types: [String]
    public var units: [String]
    /// Changes kept until this build has the plugin.
    public var waiting: Int
    /// Changes the installed plugin found invalid.
    public var invalid: [OpaqueFailure]
}

/// What opening a store with a registry that now has the plugins did to the stored changes.
public struct OpaquePromotion: Sendable, Hashable {
    /// Changes validated and merged into the records.
    public var applied: Int
    /// Changes that failed validation (kept, with their reasons).
    public var invalid: Int
}

extension Store {
    /// Keeps the opaque changes of a bundle being applied, each once: a change log entry (so the
    /// sequence counts as received) and the change as it came. Returns how many were new.
    static func storeOpaque(_ changes: [OpaqueChange], of bundle: IncomingBundle, at now: Int64, db: Database) throws -> Int {
        guard !changes.isEmpty else { return 0 }
        var held = try sequencesHeld(of: changes.map(\.envelope), db: db)
        var stored = 0
        for change in changes {
            let envelope = change.envelope
            guard held[envelope.origin, default: []].insert(envelope.sequence).inserted else { continue }
            try logChange(envelope, db: db)
            try OpaqueChangeRow(
                origin: envelope.origin, seq: envelope.sequence, recordID: envelope.id, unit: envelope.unit, type: envelope.type,
                plugin: change.plugin, pluginVersion: change.pluginVersion, author: envelope.author, hlcWall: envelope.hlc.wall,
                hlcCounter: Int64(envelope.hlc.counter), deleted: envelope.deleted,
                evidence: String(decoding: try JSONEncoder().encode(envelope.evidence), as: UTF8.self), body: envelope.body,
                change: change.bytes, writerUnit: bundle.senderUnit, bundleID: bundle.bundleID, receivedMs: now,
                status: OpaqueChangeRow.waiting, judgedVersion: nil, reasonZh: nil, reasonEn: nil).insert(db)
            stored += 1
        }
        return stored
    }

    /// The stored changes of record types this build lacks, by plugin; only `unit`'s when given.
    public func opaqueChanges(unit: String? = nil) throws -> [OpaquePlugin] {
        let rows = try read { db in
            var request = OpaqueChangeRow.order(OpaqueChangeRow.Columns.origin, OpaqueChangeRow.Columns.seq)
            if let unit { request = request.filter(OpaqueChangeRow.Columns.unit == unit) }
            return try request.fetchAll(db)
        }
        let versions = registry.schemaVersions
        return Dictionary(grouping: rows, by: \.plugin).map { plugin, rows in
            OpaquePlugin(
                plugin: plugin, version: rows.map(\.pluginVersion).max() ?? 0, installed: versions[plugin],
                types: Set(rows.map(\.type)).sorted(), units: Set(rows.map(\.unit)).sorted(),
                waiting: rows.filter { $0.status == OpaqueChangeRow.waiting }.count,
                invalid: rows.filter { $0.status == OpaqueChangeRow.invalid }.map {
                    OpaqueFailure(recordID: $0.recordID, type: $0.type, unit: $0.unit, origin: $0.origin, sequence: $0.seq,
                                  reason: LocalizedText(zh: $0.reasonZh ?? "", en: $0.reasonEn ?? ""))
                })
        }.sorted { $0.plugin < $1.plugin }
    }

    /// Validates and merges the stored changes whose record types this build now has (the plugin
    /// installed since): asked by `open`. A change the write policy or the plugin refuses stays
    /// stored, marked invalid with the reason, and is judged again by another version of the plugin.
    @discardableResult
    func applyKnownOpaqueChanges() throws -> OpaquePromotion {
        let versions = registry.schemaVersions
        // Mostly there is nothing stored, or nothing this build can judge: one small read says so.
        let kinds = try read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT type, plugin, status, judged_version FROM opaque_change").map { row in
                (type: row["type"] as String, plugin: row["plugin"] as String, status: row["status"] as String, judged: row["judged_version"] as Int?)
            }
        }
        let judged = kinds.filter { kind in
            registry.recordType(kind.type) != nil && (kind.status == OpaqueChangeRow.waiting || kind.judged != versions[kind.plugin])
        }
        guard !judged.isEmpty else { return OpaquePromotion(applied: 0, invalid: 0) }
        let types = Array(Set(judged.map(\.type)))
        let now = environment.now()
        return try write { db in
            let rows = try OpaqueChangeRow.filter(types.contains(OpaqueChangeRow.Columns.type))
                .order(OpaqueChangeRow.Columns.origin, OpaqueChangeRow.Columns.seq).fetchAll(db)
            let statements = try MergeStatements(db)
            var applied = 0, invalid = 0
            for var row in rows {
                guard let type = self.registry.recordType(row.type) else { continue }
                let envelope = row.envelope
                if let refusal = self.judge(envelope, type: type, writerUnit: row.writerUnit) {
                    if row.status == OpaqueChangeRow.invalid, row.judgedVersion == versions[row.plugin] { continue }
                    row.status = OpaqueChangeRow.invalid
                    row.judgedVersion = versions[row.plugin]
                    row.reasonZh = refusal.zh
                    row.reasonEn = refusal.en
                    try row.update(db)
                    invalid += 1
                    continue
                }
                try Self.mergeLogged(envelope, statements: statements, db: db)
                try row.delete(db)
                applied += 1
            }
            if applied + invalid > 0 {
                try Self.audit(db, node: self.identity.nodeID, at: now, actor: nil, action: "apply-opaque", subject: types.sorted().joined(separator: ","),
                               detail: "\(applied) applied, \(invalid) invalid")
            }
            return OpaquePromotion(applied: applied, invalid: invalid)
        }
    }

    /// Why a stored change may not take effect, or nil: the write policy for the key that sent it,
    /// then the plugin's validation, exactly as an import asks them.
    private func judge(_ envelope: RecordEnvelope, type: RecordType, writerUnit: String?) -> LocalizedText? {
        let writer: WritePolicy.Writer = writerUnit.map(WritePolicy.Writer.unit) ?? .bureau
        if let refusal = WritePolicy.check(envelope, type: type, by: writer, in: campaign) { return refusal.message }
        guard let error = type.check(envelope.body, campaign: campaign, unit: campaign.unit(envelope.unit)) else { return nil }
        return LocalizedText(zh: error.issues.map { "\($0.path)：\($0.reason.zh)" }.joined(separator: "；"),
                             en: error.issues.map { "\($0.path): \($0.reason.en)" }.joined(separator: "; "))
    }

    /// Merges a change whose change-log entry is already written: the later (HLC, origin) wins,
    /// the other version goes to the conflict log, as `merge` does.
    static func mergeLogged(_ change: RecordEnvelope, statements: MergeStatements, db: Database) throws {
        if try statements.insertIfNew(change) { return }
        guard let current = try statements.currentVersion(of: change.id) else { return try statements.upsert(change) }
        let wins = (change.hlc, change.origin) > (current.hlc, current.origin)
        if current.origin != change.origin, let stored = try fetchRecord(db, id: change.id) {
            try logConflict(loser: wins ? stored : change, winner: wins ? change : stored, db: db)
        }
        if wins { try statements.upsert(change) }
    }

    /// The current version of every record kept opaque (of `unit` when given), in the order of the
    /// record table's ids (SQLite's binary order, UTF-8 bytes): what the digest counts beside `record`.
    static func opaqueVersions(_ db: Database, unit: String?) throws -> [RecordEnvelope] {
        var request = OpaqueChangeRow.all()
        if let unit { request = request.filter(OpaqueChangeRow.Columns.unit == unit) }
        var latest: [String: RecordEnvelope] = [:]
        for row in try request.fetchAll(db) {
            let envelope = row.envelope
            if let other = latest[envelope.id], (other.hlc, other.origin) > (envelope.hlc, envelope.origin) { continue }
            latest[envelope.id] = envelope
        }
        return latest.values.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
    }

    /// The origins of the changes kept opaque about `unit`.
    static func opaqueOrigins(_ db: Database, unit: String) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT DISTINCT origin FROM opaque_change WHERE unit = ?", arguments: [unit]))
    }
}

extension OpaqueChangeRow {
    /// The change as a record version.
    var envelope: RecordEnvelope {
        RecordEnvelope(id: recordID, unit: unit, type: type, body: body, author: author,
                       hlc: HLC(wall: hlcWall, counter: Int32(truncatingIfNeeded: hlcCounter)), origin: origin, sequence: seq,
                       deleted: deleted, evidence: (try? JSONDecoder().decode([String].self, from: Data(evidence.utf8))) ?? [])
    }
}
