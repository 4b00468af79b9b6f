import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import Testing

/// bundle.md §2.2: what `ranges` promises and what `knowledge` lists, in bundles the real
/// exporter writes; and the ranges a reader refuses rather than holds or trusts.
@Suite struct RangeTests {
    static let unit = ForgedBundleTests.unit
    static let neighbour = ForgedBundleTests.neighbour

    /// A record written three times: the bundle carries only the current version, its range still
    /// covers every sequence, and the receiver knows the origin through `through` afterwards.
    @Test func aRangeCarriesTheCurrentVersionsAndLeavesSupersededOnesOut() throws {
        let lab = try SyncLab(units: [Self.unit])
        let store = lab.unit(Self.unit)
        let item = try store.add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: Self.unit)
        try store.add(LedgerItem.recordType, Bodies.ledgerItem(2), unit: Self.unit, id: item.id)
        let session = try store.add(StudySessionBody.type, Bodies.studySession(3), unit: Self.unit)
        try store.add(LedgerItem.recordType, Bodies.ledgerItem(4), unit: Self.unit, id: item.id)
        try store.delete(id: session.id)
        let bundle = try lab.bundle(from: Self.unit)
        let file = try BundleFile.parse(bundle)
        let node = store.identity.nodeID
        #expect(file.header.ranges == [node: BundleForge.range(after: 0, through: 5)])
        let carried = try file.contents().changes
        #expect(carried.map(\.sequence) == [4, 5])  // the item's third version and the session's tombstone
        #expect(carried.map(\.deleted) == [false, true])
        #expect(BundleImporter(store: lab.bureau).importBundle(bundle).appliedChanges == 2)
        #expect(try lab.bureau.knowledge()[node] == 5)
        #expect(try lab.bureau.digest(unit: Self.unit) == store.digest(unit: Self.unit))
        // The next bundle starts where the bureau's acknowledgement says, not at a carried sequence.
        try lab.sendToUnit(Self.unit)
        try store.add(LedgerItem.recordType, Bodies.ledgerItem(6), unit: Self.unit)
        #expect(try BundleFile.parse(lab.bundle(from: Self.unit)).header.ranges[node] == BundleForge.range(after: 5, through: 6))
    }

    /// At the bureau, a unit's bundle lists the bureau's node and that unit's node in `knowledge`,
    /// never another unit's; its range covers the bureau's sequences about other units too, which it
    /// leaves out, and an unannounced inspection not yet held.
    @Test func aBureauBundleKnowsOnlyTheRecipientsOriginsAndLeavesOthersRecordsOut() throws {
        let lab = try SyncLab(units: [Self.unit, Self.neighbour])
        for unit in [Self.unit, Self.neighbour] {
            try lab.unit(unit).add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: unit)
            try lab.sendToBureau(from: unit)
        }
        let forUnit = try lab.bureau.add(LedgerItem.recordType, Bodies.ledgerItem(2, title: "教育局交办"), unit: Self.unit)
        try lab.bureau.add(LedgerItem.recordType, Bodies.ledgerItem(3, title: "教育局交办"), unit: Self.neighbour)
        try lab.bureau.add(Inspection.recordType, Bodies.inspection(held: false, announced: false), unit: Self.unit)
        let file = try BundleFile.parse(try lab.bundle(for: Self.unit))
        let bureauNode = lab.bureau.identity.nodeID
        #expect(Set(file.header.knowledge.keys) == [bureauNode, lab.unit(Self.unit).identity.nodeID])
        #expect(file.header.knowledge[lab.unit(Self.neighbour).identity.nodeID] == nil)
        #expect(file.header.ranges == [bureauNode: BundleForge.range(after: 0, through: 3)])
        #expect(try file.contents().changes.map(\.id) == [forUnit.id])
        // A unit's bundle lists every origin the unit holds.
        try lab.sendToUnit(Self.unit)
        let fromUnit = try BundleFile.parse(try lab.bundle(from: Self.unit))
        #expect(Set(fromUnit.header.knowledge.keys) == [bureauNode, lab.unit(Self.unit).identity.nodeID])
    }

    /// `after` > `through` could never be applied: refused at once, not held for ever.
    @Test func afterBeyondThroughIsRefusedNotHeld() throws {
        let (lab, sender) = try ForgedBundleTests.setUp()
        let node = sender.identity.nodeID
        let forge = try ForgedBundleTests.forge(sender, [])
        let data = try forge.data(tweak: { $0.ranges = [node: BundleForge.range(after: 9, through: 2)] })
        try expectRefused(data, by: lab.bureau, [.badHeader])
        #expect(BundleImporter(store: lab.bureau).importBundle(data).refusal?.message.en.contains("after (9) greater than through (2)") == true)
        #expect(try lab.bureau.heldBundles().isEmpty)
        // The same gap the right way round is held, as §4 step 6 says.
        guard case .held = BundleImporter(store: lab.bureau).importBundle(try forge.data(tweak: { $0.ranges = [node: BundleForge.range(after: 2, through: 9)] })) else {
            Issue.record("a bundle after a gap was not held")
            return
        }
    }

    /// A range of another origin would raise the receiver's knowledge of that origin without its
    /// changes — the bureau would then tell that unit its changes had arrived. Refused.
    @Test func aRangeOfAnotherOriginIsRefused() throws {
        let (lab, sender) = try ForgedBundleTests.setUp()
        let other = lab.unit(Self.neighbour).identity.nodeID
        let node = sender.identity.nodeID
        let forge = try ForgedBundleTests.forge(sender, ForgedBundleTests.next(1, of: Self.unit, by: sender))
        try expectRefused(try forge.data(tweak: { $0.ranges[other] = BundleForge.range(after: 0, through: 1000) }), by: lab.bureau, [.badHeader],
                          "the sender's range and another")
        try expectRefused(try forge.data(tweak: { $0.ranges = [other: BundleForge.range(after: 0, through: 1000)] }), by: lab.bureau, [.badHeader],
                          "another origin's range only")
        try expectRefused(try forge.data(tweak: { $0.ranges = [:] }), by: lab.bureau, [.badHeader], "no range")
        #expect(try lab.bureau.knowledge()[other] == nil)
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).appliedChanges == 1)
        #expect(try lab.bureau.knowledge()[node] == 2)
    }
}
