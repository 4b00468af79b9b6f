import DudaoAgent
import DudaoKernel
import DudaoStore
import Foundation
import Synchronization

/// A clock the demo moves through the simulated year, so every record carries its day's time.
final class SimulatedClock: Sendable {
    private let milliseconds = Mutex<Int64>(0)

    var now: Int64 { milliseconds.withLock { $0 } }

    func set(_ date: LocalDate, calendar: CampaignCalendar) {
        let noon = calendar.startOfDay(date).timeIntervalSince1970 * 1000 + 12 * 3_600_000
        milliseconds.withLock { $0 = Int64(noon) }
    }

    func environment(seed: String) -> StoreEnvironment {
        let counter = Mutex<Int>(0)
        return StoreEnvironment(now: { [self] in now }, newID: {
            let n = counter.withLock { value in
                value += 1
                return value
            }
            return "\(seed)-\(n)"
        })
    }
}

/// Builds the demo folder: the bureau's store, one store per sample unit, and a simulated year
/// of work written day by day by each plugin's simulation.
struct CampaignSimulator {
    let directory: URL
    let campaignData: Data
    let registry: PluginRegistry
    let clock = SimulatedClock()

    static let marker = ".dudao-demo"

    /// The diligence of the unit at `index` of the roster: a fixed, mixed pattern.
    static func diligence(at index: Int) -> Diligence {
        [Diligence.diligent, .diligent, .late, .lax, .diligent, .late][index % 6]
    }

    struct Result {
        var bureau: Workspace
        var units: [(unit: CampaignUnit, diligence: Diligence, workspace: Workspace)]
        var recordCount: Int
    }

    func build() throws -> Result {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory.path) {
            guard manager.fileExists(atPath: directory.appendingPathComponent(Self.marker).path) else {
                throw DudaoError("\(directory.path) 已存在且不是演示目录，未做改动；请换一个 --dir",
                                 "\(directory.path) exists and is not a demo folder; nothing changed. Choose another --dir")
            }
            try manager.removeItem(at: directory)
        }
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("dudao demo\n".utf8).write(to: directory.appendingPathComponent(Self.marker))
        let campaign = try CampaignLoader.decode(campaignData, file: "campaign")
        let calendar = try campaign.calendar()
        clock.set(campaign.window.start, calendar: calendar)

        let bureauStore = try Store.initialise(at: directory.appendingPathComponent("bureau"), campaignData: campaignData,
                                               unit: nil, registry: registry, environment: clock.environment(seed: "bureau"))
        var units: [(CampaignUnit, Diligence, Workspace)] = []
        var simulated: [SimulatedRecord] = []
        for (index, unit) in campaign.units.enumerated() {
            let store = try Store.initialise(at: directory.appendingPathComponent("units/\(unit.id)"), campaignData: campaignData,
                                             unit: unit.id, registry: registry, environment: clock.environment(seed: unit.id))
            let diligence = Self.diligence(at: index)
            units.append((unit, diligence, try Workspace(store: store)))
            for simulation in registry.simulations {
                var context = SimulationContext(campaign: campaign, calendar: calendar, unit: unit, diligence: diligence,
                                                seed: UInt64(index + 1) &* 7919 &+ UInt64(simulation.plugin.utf8.count))
                simulation.run(&context)
                simulated += context.records
            }
        }
        let stores = Dictionary(uniqueKeysWithValues: units.map { ($0.0.id, $0.2.store) })
        // Day by day, each store's records of the day in one transaction.
        let days = Dictionary(grouping: simulated, by: \.on).sorted { $0.key < $1.key }
        for (day, records) in days {
            clock.set(day, calendar: calendar)
            let byStore = Dictionary(grouping: records) { $0.byBureau ? "" : $0.unit }
            for key in byStore.keys.sorted() {
                let store = key.isEmpty ? bureauStore : stores[key]!
                let batch = byStore[key]!.map {
                    NewRecord(id: $0.id, unit: $0.unit, type: $0.type, body: Data($0.body), author: $0.author)
                }
                try store.append(batch, actor: "demo")
            }
        }
        return Result(bureau: try Workspace(store: bureauStore), units: units.map { ($0.0, $0.1, $0.2) },
                      recordCount: simulated.count)
    }
}
