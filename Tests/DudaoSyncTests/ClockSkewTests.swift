import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation
import Testing

/// One node's clock years ahead, another's years behind: the bureau's clock is not dragged
/// along, every bundle still applies, and the nodes still agree.
@Suite struct ClockSkewTests {
    static let ahead = "school-no1-high"
    static let behind = "school-no2-high"
    static let years: Int64 = 3 * 365 * 86_400_000
    static let drift = HLCClock().maximumDrift

    static func skewed(_ offset: Int64) -> StoreEnvironment {
        StoreEnvironment(now: { StoreEnvironment.live.now() + offset }, newID: StoreEnvironment.live.newID)
    }

    static func lab() throws -> SyncLab {
        try SyncLab(units: [ahead, behind], clocks: [ahead: skewed(years), behind: skewed(-years)])
    }

    /// The HLC a store's next bundle carries: its clock as it stands.
    static func clock(of store: Store, for unit: String? = nil) throws -> HLC {
        try BundleExporter(store: store).bundle(for: unit).header.senderHLC
    }

    @Test func theBureausClockStaysBoundedAndNothingIsStuck() throws {
        let lab = try Self.lab()
        let bureau = lab.bureau
        var lastLocal: [String: HLC] = [:]
        for round in 0..<3 {
            for unit in [Self.ahead, Self.behind] {
                let record = try lab.unit(unit).add(LedgerItem.recordType, Bodies.ledgerItem(round), unit: unit)
                #expect(record.hlc > lastLocal[unit] ?? .zero, "\(unit)'s clock went backwards")
                lastLocal[unit] = record.hlc
                #expect(try lab.sendToBureau(from: unit).appliedChanges == 1, "round \(round): \(unit)'s bundle did not apply")
            }
            // The bureau heard from a node three years ahead, yet its clock is at most a day ahead.
            let now = StoreEnvironment.live.now()
            let clock = try Self.clock(of: bureau, for: Self.ahead)
            #expect(clock.wall <= now + Self.drift && clock.wall >= now - 60_000, "the bureau's clock is \(clock)")
            let written = try bureau.add(Inspection.recordType, Bodies.inspection(), unit: Self.behind)
            #expect(written.hlc.wall <= StoreEnvironment.live.now() + Self.drift)

            for unit in [Self.ahead, Self.behind] {
                #expect(try lab.sendToUnit(unit).isApplied, "round \(round): the bureau's bundle to \(unit) did not apply")
                #expect(try lab.unit(unit).digest(unit: unit) == bureau.digest(unit: unit))
            }
            // The unit behind is pulled forward by at most a day, not to the bureau's time.
            let behindClock = try Self.clock(of: lab.unit(Self.behind))
            #expect(behindClock.wall <= StoreEnvironment.live.now() - Self.years + Self.drift)
        }
        #expect(try bureau.records(unit: Self.ahead).count == 3)
        #expect(try lab.unit(Self.behind).records(type: Inspection.recordType).count == 3)
    }

    /// A local edit of a record whose version carries a timestamp beyond the editor's bounded clock
    /// gets an older HLC than the version it replaces: the editor shows its edit, every other node
    /// keeps the old version. `Store.appendLocal` should stamp an edit after the version it replaces.
    /// Only the record's own side edits it (bundle.md §5), so the editor is the same unit on a new PC
    /// whose clock is right, editing what its old PC, years ahead, wrote.
    @Test func anEditOfAFutureStampedRecordReachesTheOtherSide() throws {
        let lab = try Self.lab()
        let old = lab.unit(Self.ahead)
        let item = try old.add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: Self.ahead)
        try lab.sendToBureau(from: Self.ahead)
        // The PC replaced: a copy of its store under a new node id, with a clock that is right.
        let copy = Fixtures.temporaryDirectory("pc-replaced")
        try? FileManager.default.removeItem(at: copy)
        try SyncLab.copyDirectory(old.directory, to: copy)
        try Store.renewNode(at: copy, reason: "PC replaced")
        let replaced = try Store.open(at: copy, registry: SyncLab.registry, environment: .live)
        try replaced.add(LedgerItem.recordType, Bodies.ledgerItem(1, title: "单位修改"), unit: Self.ahead, id: item.id)
        #expect(BundleImporter(store: lab.bureau).importBundle(try BundleExporter(store: replaced).bundle().data).isApplied)
        let atReplaced = try replaced.record(id: item.id), atBureau = try lab.bureau.record(id: item.id)
        #expect(atReplaced?.body == atBureau?.body)
        #expect(atBureau.map { $0.hlc > item.hlc } == true)
    }
}
