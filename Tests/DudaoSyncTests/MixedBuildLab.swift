import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation

/// A bureau and one unit built from different plugin lists — an old build without a plugin and a
/// new one with it — syncing through real bundle files; either side can be "upgraded" by opening
/// its store again with the full registry.
struct MixedBuildLab {
    /// The registry of `PluginList.all` without the plugin `missing` (the full one when nil).
    static func registry(without missing: String?) throws -> PluginRegistry {
        try PluginRegistry(plugins: PluginList.all.filter { $0.manifest.id != missing })
    }

    let root: URL
    let unitID: String
    private(set) var bureau: Store
    private(set) var unit: Store
    private var files = 0

    /// The bureau built without `bureauLacks`, the unit without `unitLacks`; the unit's store may
    /// run other campaign contents (`unitCampaign`).
    init(unit unitID: String = "school-no1-high", bureauLacks: String? = nil, unitLacks: String? = nil,
         unitCampaign: Data? = nil) throws {
        root = Fixtures.temporaryDirectory("mixed-builds")
        self.unitID = unitID
        let campaign = try SyncLab.campaignData
        bureau = try Store.initialise(at: root.appendingPathComponent("bureau"), campaignData: campaign, unit: nil,
                                      registry: try Self.registry(without: bureauLacks))
        unit = try Store.initialise(at: root.appendingPathComponent(unitID), campaignData: unitCampaign ?? campaign, unit: unitID,
                                    registry: try Self.registry(without: unitLacks))
        try bureau.enrol(unit: unitID, publicKey: unit.identity.publicKey)
        try unit.enrol(unit: nil, publicKey: bureau.identity.publicKey)
    }

    /// Writes the unit's bundle to a file, reads the file and imports it at the bureau.
    mutating func sendToBureau() throws -> ImportReport {
        let path = nextFile("to-bureau")
        try BundleExporter(store: unit).export(to: path)
        return BundleImporter(store: bureau).importReporting(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes the bureau's bundle for the unit to a file, reads it and imports it at the unit.
    mutating func sendToUnit() throws -> ImportReport {
        let path = nextFile("to-unit")
        try BundleExporter(store: bureau).export(to: path, for: unitID)
        return BundleImporter(store: unit).importReporting(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Installs the missing plugin at the bureau: its store opened again with the full registry.
    mutating func upgradeBureau() throws {
        bureau = try Store.open(at: bureau.directory, registry: try Self.registry(without: nil))
    }

    /// Installs the missing plugin at the unit.
    mutating func upgradeUnit() throws {
        unit = try Store.open(at: unit.directory, registry: try Self.registry(without: nil))
    }

    /// Every record version the unit's digest covers, from the bureau's side and the unit's, by id:
    /// (type, HLC, origin, sequence, deleted, body).
    func recordsAboutTheUnit(in store: Store) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try store.records(unit: unitID, includeDeleted: true).map {
            ($0.id, "\($0.type) \($0.hlc) \($0.origin) \($0.sequence) \($0.deleted) \(String(decoding: $0.body, as: UTF8.self))")
        })
    }

    private mutating func nextFile(_ name: String) -> String {
        files += 1
        return root.appendingPathComponent("\(files)-\(name).dbd").path
    }
}

extension ImportReport {
    var isApplied: Bool { outcome.isApplied }
}
