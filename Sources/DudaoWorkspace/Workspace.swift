import DudaoKernel
import DudaoStore
import Foundation

/// An opened store with its campaign, plugins and compliance engine: what every command acts on,
/// at a unit's agent or at the bureau.
public struct Workspace: Sendable {
    public let store: Store
    public let engine: ComplianceEngine

    public var campaign: Campaign { store.campaign }
    public var registry: PluginRegistry { store.registry }
    public var identity: NodeIdentity { store.identity }

    /// A workspace over `store`; `cache` keeps decoded bodies across calls (a long-running server passes one).
    /// Its engine judges each period under the campaign revision in force on the period's deadline.
    public init(store: Store, cache: BodyCache? = nil) throws {
        self.store = store
        engine = try ComplianceEngine(history: store.campaignHistory(), registry: store.registry, cache: cache)
    }

    public static func open(at directory: URL, registry: PluginRegistry, environment: StoreEnvironment = .live) throws -> Workspace {
        try Workspace(store: Store.open(at: directory, registry: registry, environment: environment))
    }

    /// Today in the campaign's time zone, by the store's clock.
    public var today: LocalDate {
        engine.calendar.localDate(of: Date(timeIntervalSince1970: Double(store.environment.now()) / 1000))
    }

    /// The unit this agent records for; nil at the bureau.
    public var unit: CampaignUnit? { identity.unit.flatMap(campaign.unit) }

    /// Adds one record of `type` from its JSON body; `location` names the input in errors.
    @discardableResult
    public func addRecord(type: String, body: Data, unit: String? = nil, author: String? = nil,
                          evidence: [String] = [], location: String? = nil) throws -> [RecordEnvelope] {
        guard let unitID = unit ?? identity.unit else {
            throw DudaoError("教育局节点添加记录须用 --unit 指明单位", "at the bureau, name the unit with --unit")
        }
        if let author, campaign.person(author) == nil {
            throw DudaoError("未知人员“\(author)”", "unknown person '\(author)'")
        }
        return try store.append([NewRecord(unit: unitID, type: type, body: body, author: author, evidence: evidence)],
                                actor: author, location: location)
    }

    /// The live records of `type` (all types when nil), this node's own and those it received.
    public func records(type: String? = nil, unit: String? = nil) throws -> [RecordEnvelope] {
        try store.records(unit: unit, type: type)
    }

    /// The ledger of the visible records as of `asOf` (all of time when nil). A unit's ledger holds
    /// the items a merger moved to it and not those it moved away (see `LedgerTransfer`).
    public func ledger(unit: String? = nil, asOf: LocalDate? = nil) throws -> [LedgerItemState] {
        let ledgerTypes: Set<String> = [LedgerItem.recordType, LedgerTransition.recordType, LedgerTransfer.recordType]
        guard let unit else { return engine.ledger(try store.records().filter { ledgerTypes.contains($0.type) }, asOf: asOf) }
        let neighbours = ledgerNeighbours(of: unit)
        var records: [RecordEnvelope] = []
        for member in [unit] + neighbours { records += try store.records(unit: member).filter { ledgerTypes.contains($0.type) } }
        let states = engine.ledger(records, asOf: asOf)
        return neighbours.isEmpty ? states : states.filter { $0.unit == unit }
    }
}
