import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import Testing

/// A bundle whose predecessor has not arrived is held, changes nothing, and is applied as
/// soon as the gap closes: bundles may come in any order, never papered over.
@Suite struct HoldTests {
    static let unit = "school-no1-high"

    /// Three rounds of unit work, each acknowledged by the bureau before the next, so that
    /// bundle n+1 starts where bundle n ended. Returns the bureau as it was before any import.
    static func threeRounds(_ lab: SyncLab) throws -> (pristine: Store, bundles: [Data]) {
        let pristine = try SyncLab.replica(of: lab.bureau)
        var bundles: [Data] = []
        for round in 0..<3 {
            try lab.unit(unit).add(LedgerItem.recordType, Bodies.ledgerItem(round), unit: unit)
            try lab.unit(unit).add(StudySessionBody.type, Bodies.studySession(round), unit: unit)
            let bundle = try lab.bundle(from: unit)
            #expect(BundleImporter(store: lab.bureau).importBundle(bundle).appliedChanges == 2)
            #expect(try lab.sendToUnit(unit).isApplied)
            bundles.append(bundle)
        }
        return (pristine, bundles)
    }

    /// Many bundles at once (as `dudao bundle import` gives them), the next checked while the one
    /// before merges: the same outcomes, in order, as one by one; an unreadable one is named.
    @Test func importingManyAtOnceGivesTheOutcomesOfOneByOne() async throws {
        let lab = try SyncLab(units: [Self.unit])
        let (replica, bundles) = try Self.threeRounds(lab)
        var damaged = bundles[0]
        damaged[damaged.count - 3] ^= 0x40
        let sequence: [Data?] = [bundles[2], damaged, nil, bundles[0], bundles[1], bundles[0]]
        let oneByOne = try SyncLab.replica(of: replica)
        let expected = sequence.map { data in data.map { BundleImporter(store: oneByOne).importBundle($0) } }
        var outcomes: [(Int, ImportOutcome?)] = []
        await BundleImporter(store: replica).importBundles(count: sequence.count, load: { sequence[$0] }) { outcomes.append(($0, $1)) }
        #expect(outcomes.map(\.0) == Array(sequence.indices))
        #expect(outcomes.map { Self.summary($0.1) } == expected.map(Self.summary))
        #expect(outcomes.map { Self.summary($0.1) } == ["held", "refused", "unreadable", "applied 2, released 0", "applied 2, released 1", "duplicate"])
        #expect(try replica.digest() == lab.bureau.digest())
        #expect(try replica.digest() == oneByOne.digest())
    }

    static func summary(_ outcome: ImportOutcome?) -> String {
        switch outcome {
        case nil: "unreadable"
        case .applied(let changes, _, _, _, let released): "applied \(changes), released \(released.count)"
        case .duplicate: "duplicate"
        case .held: "held"
        case .refused: "refused"
        }
    }

    @Test func bundleNPlusOneBeforeBundleNIsHeldThenApplied() throws {
        let lab = try SyncLab(units: [Self.unit])
        let (replica, bundles) = try Self.threeRounds(lab)
        let ids = try bundles.map { try BundleFile.parse($0).header.bundleID }
        let node = lab.unit(Self.unit).identity.nodeID
        #expect(try BundleFile.parse(bundles[2]).header.ranges[node]?.after == 4)

        let importer = BundleImporter(store: replica)
        let before = try StoreState(replica)
        guard case .held(let waiting) = importer.importBundle(bundles[2]) else {
            Issue.record("bundle 3 before bundle 1 was not held")
            return
        }
        #expect(waiting == "\(node):4")
        guard case .held = importer.importBundle(bundles[1]), case .held = importer.importBundle(bundles[2]) else {
            Issue.record("bundle 2, or bundle 3 again, was not held")
            return
        }
        #expect(try StoreState(replica) == before)  // held, not applied: the records are not there

        let outcome = importer.importBundle(bundles[0])
        #expect(outcome.appliedChanges == 2)
        #expect(outcome.released == [ids[1], ids[2]])
        #expect(try replica.digest() == lab.bureau.digest())
        for bundle in bundles {
            guard case .duplicate = importer.importBundle(bundle) else {
                Issue.record("a released bundle imported again is not a duplicate")
                continue
            }
        }
        #expect(try replica.digest() == lab.bureau.digest())
    }

    @Test func aGapThatNeverClosesStaysHeld() throws {
        let lab = try SyncLab(units: [Self.unit])
        let (replica, bundles) = try Self.threeRounds(lab)
        let before = try StoreState(replica)
        for _ in 0..<2 {
            guard case .held = BundleImporter(store: replica).importBundle(bundles[2]) else {
                Issue.record("a bundle after a gap was not held")
                return
            }
        }
        #expect(try StoreState(replica) == before)
        let latest = try lab.unit(Self.unit).records().map(\.id)
        #expect(try latest.allSatisfy { try replica.record(id: $0) == nil })
    }

    /// A bundle the unit wrote before it heard back is cumulative: applying it closes no gap but misses nothing.
    @Test func aCumulativeBundleClosesTheGapOfAHeldOne() throws {
        let lab = try SyncLab(units: [Self.unit])
        let unit = lab.unit(Self.unit)
        let replica = try SyncLab.replica(of: lab.bureau)
        try unit.add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: Self.unit)
        try lab.sendToBureau(from: Self.unit)
        try lab.sendToUnit(Self.unit)
        try unit.add(LedgerItem.recordType, Bodies.ledgerItem(2), unit: Self.unit)
        let later = try lab.bundle(from: Self.unit)
        #expect(BundleImporter(store: lab.bureau).importBundle(later).isApplied)

        guard case .held = BundleImporter(store: replica).importBundle(later) else {
            Issue.record("not held")
            return
        }
        // Everything the unit holds, from sequence zero: the held bundle's gap closes with it.
        let everything = try BundleForge(from: unit, to: "bureau", changes: try unit.records(includeDeleted: true)).data()
        let outcome = BundleImporter(store: replica).importBundle(everything)
        #expect(outcome.appliedChanges == 2)
        #expect(outcome.released.count == 1)
        #expect(try replica.digest() == lab.bureau.digest())
    }
}
