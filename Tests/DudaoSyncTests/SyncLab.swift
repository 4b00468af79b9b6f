import DudaoPlugins
import Crypto
import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation

/// A bureau and unit stores in one temporary directory, each with its own Ed25519 key pair,
/// enrolled both ways: the bureau trusts every unit's key, every unit trusts the bureau's.
struct SyncLab {
    /// The real registry: the kernel's record types and the five plugins'.
    static let registry: PluginRegistry = {
        do { return try PluginList.registry() } catch { fatalError("the plugin registry does not build: \(error)") }
    }()

    static var campaignData: Data {
        get throws { try Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath)) }
    }

    /// Three schools and two offices of the shipped campaign.
    static let someUnits = ["school-no1-high", "school-no2-high", "school-no3-high", "office-party", "office-finance"]

    let root: URL
    let bureau: Store
    let units: [String: Store]

    /// Makes the stores and enrols the keys. `clocks` fixes a node's clock by unit id (`bureau` for the bureau).
    init(units ids: [String], clocks: [String: StoreEnvironment] = [:]) throws {
        root = Fixtures.temporaryDirectory("sync-lab")
        let campaign = try Self.campaignData
        bureau = try Store.initialise(at: root.appendingPathComponent("bureau"), campaignData: campaign, unit: nil,
                                      registry: Self.registry, environment: clocks["bureau"] ?? .live)
        var units: [String: Store] = [:]
        for id in ids {
            let store = try Store.initialise(at: root.appendingPathComponent(id), campaignData: campaign, unit: id,
                                             registry: Self.registry, environment: clocks[id] ?? .live)
            try bureau.enrol(unit: id, publicKey: store.identity.publicKey)
            try store.enrol(unit: nil, publicKey: bureau.identity.publicKey)
            units[id] = store
        }
        self.units = units
    }

    func unit(_ id: String) -> Store { units[id]! }

    /// The bundle a unit's agent writes for the bureau.
    func bundle(from unit: String) throws -> Data { try BundleExporter(store: self.unit(unit)).bundle().data }

    /// The bundle the bureau writes for one unit.
    func bundle(for unit: String) throws -> Data { try BundleExporter(store: bureau).bundle(for: unit).data }

    /// Exports from a unit and imports at the bureau.
    @discardableResult
    func sendToBureau(from unit: String) throws -> ImportOutcome {
        BundleImporter(store: bureau).importBundle(try bundle(from: unit))
    }

    /// Exports from the bureau and imports at the unit.
    @discardableResult
    func sendToUnit(_ unit: String) throws -> ImportOutcome {
        BundleImporter(store: self.unit(unit)).importBundle(try bundle(for: unit))
    }

    /// The private key of a store, as its owner signs with it.
    static func key(of store: Store) throws -> Curve25519.Signing.PrivateKey { try NodeKeys.privateKey(in: store.directory) }

    /// A copy of `store`'s directory opened as a second store with the same identity, key and enrolments:
    /// how a test replays bundles into several identical receivers.
    static func replica(of store: Store) throws -> Store {
        let target = Fixtures.temporaryDirectory("replica")
        try? FileManager.default.removeItem(at: target)
        try copyDirectory(store.directory, to: target)
        return try Store.open(at: target, registry: registry, environment: store.environment)
    }

    /// Copies the files of a store directory (database, WAL, keys).
    static func copyDirectory(_ source: URL, to target: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: target, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: source.path) {
            try manager.copyItem(at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
        }
    }
}

/// Valid record bodies of the kernel's and the plugins' types, varied by a number.
enum Bodies {
    static func day(_ offset: Int) -> LocalDate { LocalDate("2017-04-01")!.adding(days: offset % 60) }

    /// A ledger item (either side may write one).
    static func ledgerItem(_ n: Int, title: String = "台账事项") throws -> Data {
        try RecordCoding.encode(LedgerItem(title: "\(title) \(n)", source: .selfInspection, measures: ["整改措施 \(n)"],
                                           deadline: LocalDate("2017-07-31"), responsiblePerson: "张主任", registeredOn: day(n)))
    }

    /// A study session (publicity, written by units only).
    static func studySession(_ n: Int) throws -> Data {
        try RecordCoding.encode(StudySessionBody(heldOn: day(n), materials: ["party-constitution"], participants: 10 + n % 50, hours: 2))
    }

    /// An inspection (written by the bureau only); `held: false` keeps an unannounced one back from the unit.
    static func inspection(held: Bool = true, announced: Bool = false) throws -> Data {
        var body = Inspection.example
        body.announced = announced
        if !held {
            body.heldOn = nil
            body.scores = []
            body.findings = []
        }
        return try RecordCoding.encode(body)
    }

    /// A transition of a ledger item by `role`.
    static func transition(item: String, action: LedgerAction, role: LedgerRole) throws -> Data {
        try RecordCoding.encode(LedgerTransition(item: item, action: action, role: role, on: LocalDate("2017-05-02")!, comment: "办理",
                                                 closeChecks: action == .close ? .allMet : nil))
    }
}

/// The JSON shape of `publicity/study-session`, written here so the test target needs no plugin import.
struct StudySessionBody: Codable {
    var heldOn: LocalDate
    var materials: [String]
    var participants: Int
    var hours: Double
}

extension Store {
    /// Appends one record, typed by its id.
    @discardableResult
    func add(_ type: String, _ body: Data, unit: String, id: String? = nil, evidence: [String] = []) throws -> RecordEnvelope {
        try append([NewRecord(id: id, unit: unit, type: type, body: body, evidence: evidence)])[0]
    }

    /// Every record, tombstones included, by id.
    func everything() throws -> [String: RecordEnvelope] {
        Dictionary(uniqueKeysWithValues: try records(includeDeleted: true).map { ($0.id, $0) })
    }
}

extension ImportOutcome {
    var refusal: BundleError? { if case .refused(let error) = self { error } else { nil } }
    var released: [String] { if case .applied(_, _, _, _, let released) = self { released } else { [] } }
    var appliedChanges: Int? { if case .applied(let changes, _, _, _, _) = self { changes } else { nil } }
}
