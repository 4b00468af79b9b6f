import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import Testing

/// The same set of bundles gives the same state whatever the order: five nodes, over fifty
/// bundles, shuffled with duplicates into fresh receivers, one digest.
@Suite struct ConvergenceTests {
    static let units = ["school-no1-high", "school-no2-high", "school-experimental-primary", "office-party"]

    /// The bundles of a campaign's worth of rounds, and the stores as they were before any of it.
    struct History {
        var lab: SyncLab
        var pristineBureau: Store
        var pristineUnits: [String: Store]
        var toBureau: [Data] = []
        var toUnits: [String: [Data]] = [:]
    }

    /// Rounds of work at every node: new records, edits, tombstones, inspections, transitions, and
    /// the bureau editing its own ledger items and supervising the units'. Units sometimes
    /// miss the bureau's bundle, so acknowledgements lag and bundles overlap.
    static func history(rounds: Int, random: inout SplitMix64) throws -> History {
        let lab = try SyncLab(units: units)
        var history = History(lab: lab, pristineBureau: try SyncLab.replica(of: lab.bureau),
                              pristineUnits: try units.reduce(into: [:]) { $0[$1] = try SyncLab.replica(of: lab.unit($1)) })
        let bureau = lab.bureau
        for round in 0..<rounds {
            for (index, unit) in units.enumerated() {
                let store = lab.unit(unit)
                let n = round * 10 + index
                try store.add(LedgerItem.recordType, Bodies.ledgerItem(n), unit: unit)
                let session = try store.add(StudySessionBody.type, Bodies.studySession(n), unit: unit)
                if round % 3 == 1, let first = try store.records(unit: unit, type: LedgerItem.recordType)
                    .first(where: { $0.origin == store.identity.nodeID }) {
                    try store.add(LedgerItem.recordType, Bodies.ledgerItem(n, title: "单位修改"), unit: unit, id: first.id)
                }
                if round % 3 == 2 { try store.delete(id: session.id) }
                let bundle = try lab.bundle(from: unit)
                #expect(BundleImporter(store: bureau).importBundle(bundle).isApplied)
                history.toBureau.append(bundle)
            }
            let inspected = units[round % units.count], edited = units[(round + 1) % units.count]
            try bureau.add(Inspection.recordType, Bodies.inspection(announced: round % 2 == 0), unit: inspected)
            try bureau.add(LedgerItem.recordType, Bodies.ledgerItem(round, title: "教育局交办"), unit: inspected)
            // The bureau edits only its own items (bundle.md §5: a record is written again by its creator's side);
            // on a unit's item it records a transition.
            let items = try bureau.records(unit: edited, type: LedgerItem.recordType)
            if let own = items.first(where: { $0.origin == bureau.identity.nodeID }) {
                try bureau.add(LedgerItem.recordType, Bodies.ledgerItem(round, title: "教育局修改"), unit: edited, id: own.id)
            }
            if let item = items.first(where: { $0.origin != bureau.identity.nodeID }) {
                try bureau.add(LedgerTransition.recordType, Bodies.transition(item: item.id, action: .supervise, role: .office), unit: edited)
            }
            for unit in units {
                let bundle = try lab.bundle(for: unit)
                history.toUnits[unit, default: []].append(bundle)
                if random.next() % 3 != 0 {
                    #expect(BundleImporter(store: lab.unit(unit)).importBundle(bundle).isApplied)
                }
            }
        }
        // A last exchange both ways, so each unit and the bureau hold the same changes of that unit.
        for unit in units {
            let up = try lab.bundle(from: unit)
            #expect(BundleImporter(store: bureau).importBundle(up).isApplied)
            history.toBureau.append(up)
            let down = try lab.bundle(for: unit)
            #expect(BundleImporter(store: lab.unit(unit)).importBundle(down).isApplied)
            history.toUnits[unit, default: []].append(down)
        }
        return history
    }

    /// Imports `bundles` into a fresh copy of `pristine`: in order, or shuffled with a third of them twice.
    static func replay(_ bundles: [Data], into pristine: Store, shuffled: Bool,
                       random: inout SplitMix64) throws -> (Store, [String: Int]) {
        let store = try SyncLab.replica(of: pristine)
        var order = bundles
        if shuffled {
            order += (0..<max(1, bundles.count / 3)).map { _ in bundles[Int(random.next() % UInt64(bundles.count))] }
            order.shuffle(using: &random)
        }
        var tally: [String: Int] = [:]
        let importer = BundleImporter(store: store)
        for bundle in order {
            switch importer.importBundle(bundle) {
            case .applied: tally["applied", default: 0] += 1
            case .duplicate: tally["duplicate", default: 0] += 1
            case .held: tally["held", default: 0] += 1
            case .refused(let error): Issue.record("refused: \(error)")
            }
        }
        return (store, tally)
    }

    @Test(arguments: [0x5EED_0001, 0x5EED_0002] as [UInt64])
    func anyOrderWithDuplicatesGivesOneDigest(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let history = try Self.history(rounds: 6, random: &random)
        let lab = history.lab
        #expect(history.toBureau.count + history.toUnits.values.map(\.count).reduce(0, +) >= 50)
        for unit in Self.units {
            #expect(try lab.unit(unit).digest(unit: unit) == lab.bureau.digest(unit: unit), "\(unit) and the bureau differ")
        }

        // Each receiver replays its bundles in the order they were made, then three times shuffled with duplicates.
        var held = 0, duplicates = 0
        let receivers = [("bureau", history.toBureau, history.pristineBureau)]
            + Self.units.map { ($0, history.toUnits[$0]!, history.pristineUnits[$0]!) }
        for (name, bundles, pristine) in receivers {
            let (inOrder, _) = try Self.replay(bundles, into: pristine, shuffled: false, random: &random)
            let reference = try inOrder.digest()
            try? FileManager.default.removeItem(at: inOrder.directory)
            for _ in 0..<3 {
                let (replica, tally) = try Self.replay(bundles, into: pristine, shuffled: true, random: &random)
                #expect(try replica.digest() == reference, "seed \(seed): \(name)'s state depends on the order of bundles")
                duplicates += tally["duplicate", default: 0]
                held += tally["held", default: 0]
                if name != "bureau" { #expect(try replica.records(includeDeleted: true).allSatisfy { $0.unit == name }) }
                try? FileManager.default.removeItem(at: replica.directory)
            }
        }
        #expect(duplicates > 0, "no bundle was imported twice after it was applied")
        #expect(held > 0, "no permutation put a bundle before its predecessor")
    }
}
