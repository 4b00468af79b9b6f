import DudaoKernel
import Foundation
import GRDB

/// A write the store refuses because the record belongs to the other side (or another unit):
/// the write policy's `mayOverwrite` refusal, with the record it names.
public struct RecordOwnerRefusal: DudaoFailure, Hashable {
    public var recordID: String
    public var type: String
    public var refusal: WriteRefusal

    public var message: LocalizedText { refusal.message }
}

/// Who wrote the stored version of a record, for the write policy's rule that only a record's
/// creator writes it again (`WritePolicy.mayOverwrite`). The store keeps no writer per record: a
/// version's origin node tells it. This node and its earlier incarnations (`previous_node_ids`)
/// write as this node does; a node that sent this store a bundle writes as that bundle's verified
/// key (`bundle_log.sender_unit`: a unit, or the bureau when empty); any other origin is an
/// earlier node of this side that never sent a bundle here (a unit's old PC, whose records came
/// back in a restore bundle). A unit's version is that of the record's unit.
struct RecordOwners {
    private let db: Database
    private let identity: NodeIdentity
    private let registry: PluginRegistry
    private let own: WritePolicy.Writer
    /// This node and its earlier incarnations; read on first need (most imports never ask).
    private var ownNodesRead: Set<String>?
    /// The types both sides write; for any other type an unchanged type and unit means the
    /// stored version's side is the only one that may write it, and nothing is looked up.
    /// Worked out on first need: a bundle that overwrites nothing never asks.
    private var sharedTypesRead: Set<String>?
    private var bureauNodes: [String: Bool] = [:]

    init(_ db: Database, identity: NodeIdentity, registry: PluginRegistry) throws {
        self.db = db
        self.identity = identity
        self.registry = registry
        own = identity.writer
    }

    private mutating func sharedTypes() -> Set<String> {
        if let sharedTypesRead { return sharedTypesRead }
        let types = WritePolicy.sharedTypes(of: registry.recordTypes)
        sharedTypesRead = types
        return types
    }

    private mutating func ownNodes() throws -> Set<String> {
        if let ownNodesRead { return ownNodesRead }
        let previous = try MetaEntry.fetchOne(db, key: "previous_node_ids")?.value ?? ""
        let nodes = Set([identity.nodeID] + previous.split(separator: ",").map(String.init))
        ownNodesRead = nodes
        return nodes
    }

    /// Why `change`, written by `writer`, may not be stored, or nil: it is a version of a stored
    /// record that another writer created. `stored` is the stored version's origin, type and unit.
    mutating func refusal(of change: RecordEnvelope, stored: (origin: String, type: String, unit: String),
                          by writer: WritePolicy.Writer) throws -> RecordOwnerRefusal? {
        guard stored.origin != change.origin || stored.type != change.type || stored.unit != change.unit else { return nil }
        guard sharedTypes().contains(stored.type) || stored.type != change.type || stored.unit != change.unit else { return nil }
        let creator: WritePolicy.Writer = try isBureau(stored.origin) ? .bureau : .unit(stored.unit)
        return WritePolicy.mayOverwrite(id: change.id, type: stored.type, createdBy: creator, by: writer).map {
            RecordOwnerRefusal(recordID: change.id, type: stored.type, refusal: $0)
        }
    }

    /// Whether `origin` writes for the bureau; one indexed look-up per origin.
    private mutating func isBureau(_ origin: String) throws -> Bool {
        if try ownNodes().contains(origin) { return own.isBureau }
        if let known = bureauNodes[origin] { return known }
        let sender = try db.cachedStatement(sql: "SELECT sender_unit IS NULL FROM bundle_log WHERE sender_node = ? LIMIT 1")
        let found = try Bool.fetchOne(sender, arguments: [origin]) ?? own.isBureau
        bureauNodes[origin] = found
        return found
    }
}
