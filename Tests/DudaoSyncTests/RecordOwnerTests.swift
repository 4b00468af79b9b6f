import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// Only the side that created a record writes it again (`WritePolicy.mayOverwrite`): a unit's
/// well-signed bundle that rewrites or tombstones a record the bureau wrote about that unit is
/// refused whole, and the same write made locally at the unit is refused with the same words.
@Suite struct RecordOwnerTests {
    static let unit = "school-no1-high"

    /// A lab whose bureau registered a ledger item for `unit`, supervised it, and sent both there.
    static func setUp() throws -> (lab: SyncLab, item: RecordEnvelope, transition: RecordEnvelope) {
        let lab = try SyncLab(units: [unit])
        try lab.sendToBureau(from: unit)  // the bureau hears of the unit's node
        let item = try lab.bureau.add(LedgerItem.recordType, Bodies.ledgerItem(1, title: "检查发现"), unit: unit)
        let transition = try lab.bureau.add(LedgerTransition.recordType,
                                            Bodies.transition(item: item.id, action: .supervise, role: .office), unit: unit)
        #expect(try lab.sendToUnit(unit).isApplied)
        return (lab, item, transition)
    }

    /// How a forged change treats the bureau's record.
    enum Forgery: String, CaseIterable, Sendable {
        /// Tombstones the bureau's supervise transition.
        case tombstoneTransition
        /// Rewrites the bureau's ledger item under its id.
        case rewriteItem
        /// Writes a ledger item under the id of the bureau's transition: a new type is no way around the rule.
        case retypeTransition
    }

    /// The forged change, a later version (greater HLC) of one of the bureau's records, as the unit's node.
    static func change(_ forgery: Forgery, _ setUp: (lab: SyncLab, item: RecordEnvelope, transition: RecordEnvelope),
                       sequence: Int64) throws -> RecordEnvelope {
        let unit = setUp.lab.unit(Self.unit)
        var change: RecordEnvelope
        switch forgery {
        case .tombstoneTransition:
            change = setUp.transition
            change.deleted = true
        case .rewriteItem:
            change = setUp.item
            change.body = try Bodies.ledgerItem(2, title: "单位改写的发现")
        case .retypeTransition:
            change = setUp.transition
            change.type = LedgerItem.recordType
            change.body = try Bodies.ledgerItem(3)
        }
        change.hlc = HLC(wall: change.hlc.wall + 60_000, counter: 0)
        change.origin = unit.identity.nodeID
        change.sequence = sequence
        return change
    }

    @Test(arguments: Forgery.allCases)
    func aUnitBundleRewritingOrDeletingABureauRecordIsRefusedWhole(_ forgery: Forgery) throws {
        let setUp = try Self.setUp()
        let (lab, item, transition) = setUp
        let unit = lab.unit(Self.unit)
        // An honest change rides along: the refusal takes the whole bundle.
        let honest = try unit.add(LedgerItem.recordType, Bodies.ledgerItem(4, title: "自查问题"), unit: Self.unit)
        let acknowledged = try lab.bureau.knowledge()[unit.identity.nodeID] ?? 0
        let change = try Self.change(forgery, setUp, sequence: honest.sequence + 1)
        var forge = try BundleForge(from: unit, to: "bureau", changes: [honest, change])
        forge.header.ranges = [unit.identity.nodeID: BundleForge.range(after: acknowledged, through: change.sequence)]

        let bureauBefore = try lab.bureau.everything()
        try expectRefused(try forge.data(), by: lab.bureau, [.unauthorised], "\(forgery)")
        let refusal = try #require(BundleImporter(store: SyncLab.replica(of: lab.bureau)).importBundle(try forge.data()).refusal)
        let owned = forgery == .rewriteItem ? item : transition
        #expect(refusal.message.en == "record \(owned.id) (\(owned.type)) was created by the bureau; unit \(Self.unit) may not rewrite or delete it")
        #expect(refusal.message.zh.contains(owned.id) && refusal.message.zh.contains(owned.type))
        // The bureau's records are as they were, and the honest change did not slip in.
        #expect(try lab.bureau.everything() == bureauBefore)
        #expect(try lab.bureau.record(id: honest.id) == nil)
    }

    @Test func anHonestUnitBundleStillApplies() throws {
        let (lab, item, transition) = try Self.setUp()
        let unit = lab.unit(Self.unit)
        // The unit's own item, written, edited and deleted; its feedback on the bureau's item.
        let own = try unit.add(LedgerItem.recordType, Bodies.ledgerItem(5), unit: Self.unit)
        #expect(try lab.sendToBureau(from: Self.unit).isApplied)
        try unit.add(LedgerItem.recordType, Bodies.ledgerItem(6), unit: Self.unit, id: own.id)
        let feedback = try unit.add(LedgerTransition.recordType, Bodies.transition(item: item.id, action: .feedback, role: .unit), unit: Self.unit)
        #expect(try lab.sendToBureau(from: Self.unit).isApplied)
        try unit.delete(id: own.id)
        #expect(try lab.sendToBureau(from: Self.unit).isApplied)

        let atBureau = try lab.bureau.everything()
        #expect(atBureau[own.id]?.deleted == true)
        #expect(atBureau[feedback.id] != nil)
        #expect(atBureau[item.id] == item)
        #expect(atBureau[transition.id] == transition)
        #expect(try lab.bureau.digest(unit: Self.unit) == unit.digest(unit: Self.unit))
    }

    @Test func theSameWriteAtTheUnitIsRefusedWithTheSameWords() throws {
        let setUp = try Self.setUp()
        let (lab, item, transition) = setUp
        let unit = lab.unit(Self.unit)
        let before = try StoreState(unit)

        let byDelete = try #require(throws: WriteRefusal.self) { try unit.delete(id: transition.id) }
        let byUpdate = try #require(throws: WriteRefusal.self) {
            try unit.add(LedgerItem.recordType, Bodies.ledgerItem(2, title: "单位改写的发现"), unit: Self.unit, id: item.id)
        }
        #expect(try StoreState(unit) == before)
        #expect(try unit.record(id: item.id) == item)
        #expect(try unit.record(id: transition.id) == transition)

        // What the bureau says of the same writes arriving in a bundle.
        let acknowledged = try lab.bureau.knowledge()[unit.identity.nodeID] ?? 0
        let next = acknowledged + 1
        #expect(byUpdate.message.en == "record \(item.id) (\(LedgerItem.recordType)) was created by the bureau; unit \(Self.unit) may not rewrite or delete it")
        for (forgery, local) in [(Forgery.tombstoneTransition, byDelete), (.rewriteItem, byUpdate)] {
            let change = try Self.change(forgery, setUp, sequence: next)
            var forge = try BundleForge(from: unit, to: "bureau", changes: [change])
            forge.header.ranges = [unit.identity.nodeID: BundleForge.range(after: acknowledged, through: next)]
            let refusal = try #require(BundleImporter(store: SyncLab.replica(of: lab.bureau)).importBundle(try forge.data()).refusal)
            #expect(refusal.fault == .unauthorised)
            #expect(refusal.refusal == local, "\(forgery)")
        }
    }

    /// The rule holds both ways: the bureau answers a unit's record with its own records, never by rewriting it.
    @Test func theBureauDoesNotRewriteAUnitsRecord() throws {
        let lab = try SyncLab(units: [Self.unit])
        let unit = lab.unit(Self.unit)
        let own = try unit.add(LedgerItem.recordType, Bodies.ledgerItem(7, title: "自查问题"), unit: Self.unit)
        #expect(try lab.sendToBureau(from: Self.unit).isApplied)
        #expect(try lab.sendToUnit(Self.unit).isApplied)  // the unit hears of the bureau's node

        // Locally at the bureau.
        let local = try #require(throws: WriteRefusal.self) { try lab.bureau.delete(id: own.id) }
        #expect(local.message.en == "record \(own.id) (\(LedgerItem.recordType)) was created by unit \(Self.unit); the bureau may not rewrite or delete it")
        #expect(try lab.bureau.record(id: own.id) == own)

        // In a bundle signed by the bureau.
        var change = own
        change.body = try Bodies.ledgerItem(8, title: "教育局改写")
        change.hlc = HLC(wall: own.hlc.wall + 60_000, counter: 0)
        change.origin = lab.bureau.identity.nodeID
        let held = try #require(lab.bureau.knowledge()[lab.bureau.identity.nodeID])
        change.sequence = held + 1
        var forge = try BundleForge(from: lab.bureau, to: Self.unit, changes: [change])
        forge.header.ranges = [lab.bureau.identity.nodeID: BundleForge.range(after: held, through: held + 1)]
        let refusal = try #require(try expectRefused(try forge.data(), by: unit, [.unauthorised]))
        #expect(refusal == .unauthorised)
        #expect(try unit.record(id: own.id) == own)
    }
}
