import DudaoWorkspace
import DudaoKernel
import DudaoStore
import DudaoSync
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
        var sync: SyncTally
    }

    /// What the monthly sync rounds of the demo did.
    struct SyncTally {
        var rounds = 0
        var bundles = 0
        var bytes = 0
        var applied = 0
        var refused = 0
        var transitions = 0
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
        // Keys both ways: the bureau trusts each unit's key, each unit the bureau's.
        for (unit, _, workspace) in units {
            try bureauStore.enrol(unit: unit.id, publicKey: workspace.store.identity.publicKey, actor: "demo")
            try workspace.store.enrol(unit: nil, publicKey: bureauStore.identity.publicKey, actor: "demo")
        }
        let bureau = try Workspace(store: bureauStore)
        var tally = SyncTally()
        var lastSync = campaign.window.start
        // Day by day, each store's records of the day in one transaction; at each month's end a sync round.
        let days = Dictionary(grouping: simulated, by: \.on).sorted { $0.key < $1.key }
        for (day, records) in days {
            while let monthEnd = Optional(calendar.period(.month, containing: lastSync).end), monthEnd < day {
                try syncRound(on: monthEnd, bureau: bureau, units: units, tally: &tally, calendar: calendar)
                lastSync = monthEnd.adding(days: 1)
            }
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
        let end = max(campaign.window.end, days.last?.key ?? campaign.window.end)
        while lastSync <= end {
            let monthEnd = calendar.period(.month, containing: lastSync).end
            try syncRound(on: monthEnd, bureau: bureau, units: units, tally: &tally, calendar: calendar)
            lastSync = monthEnd.adding(days: 1)
        }
        return Result(bureau: bureau, units: units.map { ($0.0, $0.1, $0.2) }, recordCount: simulated.count, sync: tally)
    }

    /// One month-end round: units send bundles, the bureau works the ledger and answers each unit,
    /// units import the answer and report their rectification (feedback).
    private func syncRound(on day: LocalDate, bureau: Workspace, units: [(CampaignUnit, Diligence, Workspace)],
                           tally: inout SyncTally, calendar: CampaignCalendar) throws {
        clock.set(day, calendar: calendar)
        tally.rounds += 1
        let outbox = directory.appendingPathComponent("outbox")
        try FileManager.default.createDirectory(at: outbox, withIntermediateDirectories: true)
        let month = String(day.description.prefix(7))
        let bureauImporter = BundleImporter(store: bureau.store)
        for (unit, _, workspace) in units {
            let path = outbox.appendingPathComponent("\(unit.id)-\(month).dbd").path
            let summary = try BundleExporter(store: workspace.store).export(to: path)
            tally.bundles += 1
            tally.bytes += summary.bytes
            count(bureauImporter.importBundle(try Data(contentsOf: URL(fileURLWithPath: path))), into: &tally)
        }
        try superviseInPerson(on: day, bureau: bureau, units: units, tally: &tally)
        // The campaign office supervises what was registered and closes what was rectified;
        // a lax unit's feedback is sent back once (R1's "no closing while measures are not in place").
        let diligence = Dictionary(uniqueKeysWithValues: units.map { ($0.0.id, $0.1) })
        for item in try bureau.ledger(asOf: day) {
            switch item.state {
            case .registered:
                try bureau.transition(item: item.id, action: .supervise, comment: "请按期整改并反馈", on: day)
                tally.transitions += 1
            case .feedback:
                let rejectedBefore = item.history.contains { $0.action == .reject && $0.applied }
                let action: LedgerAction = diligence[item.unit] == .lax && !rejectedBefore ? .reject : .close
                try bureau.transition(item: item.id, action: action, comment: action == .close ? "整改到位，群众满意，同意销号" : "措施不实，退回重改",
                                      on: day, closeChecks: action == .close ? .allMet : nil)
                tally.transitions += 1
            default:
                break
            }
        }
        for (unit, profile, workspace) in units {
            let path = outbox.appendingPathComponent("bureau-\(unit.id)-\(month).dbd").path
            let summary = try BundleExporter(store: bureau.store).export(to: path, for: unit.id)
            tally.bundles += 1
            tally.bytes += summary.bytes
            count(BundleImporter(store: workspace.store).importBundle(try Data(contentsOf: URL(fileURLWithPath: path))), into: &tally)
            // The unit reports its rectification: promptly when diligent, only after the deadline when late,
            // and a lax unit leaves every other item without feedback.
            for (index, item) in try workspace.ledger(asOf: day).enumerated() where item.state == .supervising {
                let ready: Bool
                switch profile {
                case .diligent: ready = true
                case .late: ready = item.deadline.map { day > $0 } ?? true
                case .lax: ready = index % 2 == 0
                }
                guard ready else { continue }
                try workspace.transition(item: item.id, action: .feedback, comment: "已按措施完成整改", on: day)
                tally.transitions += 1
            }
        }
    }

    /// In the campaign's second and sixth months the supervision teams inspect half the units —
    /// announced and unannounced in turn — scoring the focus points and recording findings (R1);
    /// in the eighth month they look back (回头看) at units whose closed items were closed too easily (R2).
    private func superviseInPerson(on day: LocalDate, bureau: Workspace, units: [(CampaignUnit, Diligence, Workspace)],
                                   tally: inout SyncTally) throws {
        let campaign = bureau.campaign
        let month = campaign.window.start.days(until: day) / 30
        if month == 2 || month == 6 {
            // Every unit is inspected twice, announced (明查) then not (暗访), each time with the other
            // half of every method pair, so the pairs are combined across its inspections (section 二).
            let announced = month == 2
            let methods = campaign.methods.compactMap { pair -> String? in
                pair.pair.first { MethodMix.announcedSide(of: $0.id) == announced }?.id
                    ?? (pair.pair.count == 2 ? pair.pair[announced ? 0 : 1].id : nil)
            }
            for (index, (unit, diligence, _)) in units.enumerated() {
                let team = campaign.leaders(responsibleFor: unit.id).map(\.id)
                let base = diligence == .diligent ? 88 : diligence == .late ? 76 : 62
                let scores = campaign.focusPoints.enumerated().map { Inspection.FocusScore(point: $0.element.id, score: base + ($0.offset * 7) % 11) }
                let findsProblems = diligence != .diligent && index % 2 == (month == 2 ? 0 : 1)
                let findings = !findsProblems ? [] : [
                    Inspection.Finding(problem: diligence == .late ? "阶段性工作未按时完成，台账更新滞后" : "问题查摆不深入，整改措施不具体",
                                       deadline: day.adding(days: 30), responsiblePerson: campaign.heads(of: unit.id).first?.id,
                                       measures: ["制定整改方案", "一周内报送整改进度"]),
                ]
                let inspection = Inspection(announced: announced, plannedOn: day.adding(days: -3), heldOn: day.adding(days: -3),
                                            methods: methods, team: team.isEmpty ? ["office"] : team,
                                            scores: scores, findings: findings)
                try bureau.store.append([try NewRecord(inspection, unit: unit.id, author: team.first)], actor: "demo")
            }
        }
        if month == 8 {
            for (unit, diligence, _) in units where diligence == .lax {
                guard let closed = try bureau.ledger(unit: unit.id, asOf: day).first(where: { $0.state == .closed }) else { continue }
                try bureau.transition(item: closed.id, action: .reopen, comment: "回头看：问题反弹，重新督办", on: day, deadline: day.adding(days: 20))
                try bureau.store.append([try NewRecord(LookBack(on: day, reason: "回头看：销号事项问题反弹", reopenedItems: [closed.id],
                                                            nextVisitBy: day.adding(days: 20)), unit: unit.id)], actor: "demo")
                tally.transitions += 1
            }
        }
    }

    private func count(_ outcome: ImportOutcome, into tally: inout SyncTally) {
        switch outcome {
        case .applied: tally.applied += 1
        case .refused: tally.refused += 1
        case .duplicate, .held: break
        }
    }
}
