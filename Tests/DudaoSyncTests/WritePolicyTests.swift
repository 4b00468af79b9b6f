import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// The kernel's write policy is asked at every door: a write refused at one is refused, with the
/// same refusal, at the others — a local write, an imported change, a ledger action.
@Suite struct WritePolicyTests {
    static let unit = "school-no1-high"

    /// A bureau leader not assigned to `unit` (nor in charge of it).
    static func outsider(_ campaign: Campaign) throws -> Person {
        try #require(campaign.leaders.first { !$0.assignedUnits.contains(unit) && !$0.officesInCharge.contains(unit) })
    }

    /// A lab whose bureau registered a ledger item for `unit` and sent it there.
    static func setUp() throws -> (lab: SyncLab, item: String) {
        let lab = try SyncLab(units: [unit])
        let item = try lab.bureau.add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: unit)
        #expect(try lab.sendToUnit(unit).isApplied)
        return (lab, item.id)
    }

    @Test func aLeaderOutsideTheirUnitsIsRefusedAlikeByALedgerActionALocalWriteAndAnImport() throws {
        let (lab, item) = try Self.setUp()
        let outsider = try Self.outsider(lab.bureau.campaign)
        let transition = LedgerTransition(item: item, action: .supervise, role: .leader, person: outsider.id,
                                          on: LocalDate("2017-05-02")!, comment: "督办")

        // A ledger action through the workspace.
        let workspace = try Workspace(store: lab.bureau)
        let byAction = try #require(throws: WriteRefusal.self) {
            try workspace.transition(item: item, action: .supervise, comment: "督办", person: outsider.id)
        }
        // A local write of the same transition, straight to the store.
        let byWrite = try #require(throws: WriteRefusal.self) {
            try lab.bureau.append([try NewRecord(transition, unit: Self.unit, author: outsider.id)])
        }
        // The same transition arriving at the unit in a bundle signed by the bureau.
        let sequence = try #require(lab.bureau.knowledge()[lab.bureau.identity.nodeID])
        let change = RecordEnvelope(id: UUID().uuidString.lowercased(), unit: Self.unit, type: LedgerTransition.recordType,
                                    body: try RecordCoding.encode(transition), author: outsider.id,
                                    hlc: HLC(wall: BundleForge.now), origin: lab.bureau.identity.nodeID, sequence: sequence + 1)
        var forge = try BundleForge(from: lab.bureau, to: Self.unit, changes: [change])
        forge.header.ranges = [lab.bureau.identity.nodeID: BundleForge.range(after: sequence, through: sequence + 1)]
        let before = try lab.unit(Self.unit).digest()
        let byImport = try #require(BundleImporter(store: lab.unit(Self.unit)).importBundle(try forge.data()).refusal)

        #expect(byAction == byWrite)
        #expect(byImport.fault == .unauthorised)
        #expect(byImport.refusal == byWrite)
        #expect(byWrite.message.en.contains("not assigned to unit \(Self.unit)"))
        #expect(try lab.unit(Self.unit).digest() == before)
        #expect(try lab.bureau.records(type: LedgerTransition.recordType).isEmpty)
    }

    @Test func aUnitClosingItsOwnItemIsRefusedAlikeByALocalWriteAndAnImport() throws {
        let (lab, item) = try Self.setUp()
        let unit = lab.unit(Self.unit)
        let close = LedgerTransition(item: item, action: .close, role: .office, on: LocalDate("2017-05-02")!, comment: "自行销号")
        let byWrite = try #require(throws: WriteRefusal.self) {
            try unit.append([try NewRecord(close, unit: Self.unit)])
        }
        let sequence = try #require(unit.knowledge()[unit.identity.nodeID])
        let change = RecordEnvelope(id: UUID().uuidString.lowercased(), unit: Self.unit, type: LedgerTransition.recordType,
                                    body: try RecordCoding.encode(close), author: nil, hlc: HLC(wall: BundleForge.now),
                                    origin: unit.identity.nodeID, sequence: sequence + 1)
        var forge = try BundleForge(from: unit, to: "bureau", changes: [change])
        forge.header.ranges = [unit.identity.nodeID: BundleForge.range(after: sequence, through: sequence + 1)]
        let byImport = try #require(BundleImporter(store: lab.bureau).importBundle(try forge.data()).refusal)
        #expect(byImport.refusal == byWrite)
        #expect(byWrite.message.en == "unit \(Self.unit) may not make the ledger transition close as office")
    }

    @Test func anUnannouncedInspectionReachesTheUnitOnlyOnceHeld() throws {
        let pending = RecordEnvelope(id: "i-1", unit: Self.unit, type: Inspection.recordType, body: try Bodies.inspection(held: false),
                                     author: nil, hlc: HLC(wall: 1), origin: "bureau", sequence: 1)
        var held = pending
        held.body = try Bodies.inspection(held: true)
        var announced = pending
        announced.body = try Bodies.inspection(held: false, announced: true)
        #expect(!WritePolicy.reachesUnit(pending))
        #expect(WritePolicy.reachesUnit(held))
        #expect(WritePolicy.reachesUnit(announced))
    }
}
