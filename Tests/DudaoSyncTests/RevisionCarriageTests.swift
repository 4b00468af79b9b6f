import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// Which revisions a bureau bundle carries: only those after the one the unit's bundles say it holds,
/// all of them to a unit never heard from and in a restore bundle; real stores, bundles and keys.
@Suite struct RevisionCarriageTests {
    let school = "school-no1-high"
    let newcomer = "school-no2-high"

    /// Publishes revisions 1…`count` at the bureau, each moving 3.1's deadline a day later from 04-21.
    static func publish(_ numbers: ClosedRange<Int>, at lab: SyncLab) throws {
        for number in numbers {
            try lab.bureau.publishRevision(try CampaignEdit.targetsDue("2017-04-\(20 + number)"),
                                           effectiveOn: LocalDate("2017-04-1\(number)")!, file: "revision-\(number).json")
        }
    }

    static func carried(_ bundle: Data) throws -> [Int]? { try BundleFile.parse(bundle).header.campaignRevisions?.map(\.number) }

    /// The same revisions, by number and fingerprint, at both ends.
    static func revisions(_ store: Store) throws -> [CampaignRevision] { try store.campaignRevisions().map(\.revision) }

    @Test func aUnitThatAcknowledgedRevisionNGetsOnlyTheLaterOnesAndANewUnitGetsAll() throws {
        let lab = try SyncLab(units: [school, newcomer])
        try Self.publish(1...2, at: lab)
        #expect(try lab.sendToUnit(school).isApplied)
        // The unit's bundle says what it holds; the bureau remembers it.
        let fromUnit = try BundleFile.parse(try lab.bundle(from: school)).header
        #expect(fromUnit.campaignRevisionHeld?.number == 2)
        #expect(BundleImporter(store: lab.bureau).importBundle(try lab.bundle(from: school)).isApplied)
        #expect(try lab.bureau.campaignRevisionHeld(by: school)?.number == 2)

        // Nothing new: no revision travels at all.
        let nothingNew = try lab.bundle(for: school)
        #expect(try Self.carried(nothingNew) == nil)
        #expect(!(try BundleFile.parse(nothingNew).header.critical.contains(BundleFormat.revisionCapability)))

        try Self.publish(3...3, at: lab)
        let toSchool = try lab.bundle(for: school)
        let toNewcomer = try lab.bundle(for: newcomer)
        #expect(try Self.carried(toSchool) == [3])
        #expect(try Self.carried(toNewcomer) == [0, 1, 2, 3])
        // Both adopt what they got and judge under the same four revisions as the bureau.
        #expect(BundleImporter(store: lab.unit(school)).importBundle(toSchool).isApplied)
        #expect(BundleImporter(store: lab.unit(newcomer)).importBundle(toNewcomer).isApplied)
        for unit in [school, newcomer] {
            #expect(try Self.revisions(lab.unit(unit)) == Self.revisions(lab.bureau), "\(unit)")
            #expect(try SyncLab.cell("3.1/targets-set", of: lab.unit(unit), asOf: "2017-04-22")?.deadline == LocalDate("2017-04-23"))
        }
        print("bureau bundle for a unit, campaign with 3 revisions: all carried (0…3) \(toNewcomer.count) bytes; only revision 3 \(toSchool.count) bytes; none \(nothingNew.count) bytes")
        #expect(toSchool.count < toNewcomer.count)
    }

    @Test func aUnitThatMissedSomeGetsTheMissingOnesAndConverges() throws {
        let lab = try SyncLab(units: [school])
        try Self.publish(1...1, at: lab)
        #expect(try lab.sendToUnit(school).isApplied)
        #expect(try lab.sendToBureau(from: school).isApplied)
        try Self.publish(2...2, at: lab)
        let lost = try lab.bundle(for: school)  // never arrives
        #expect(try Self.carried(lost) == [2])
        try Self.publish(3...3, at: lab)
        // The unit still says it holds 1: the next bundle carries 2 and 3.
        #expect(try lab.sendToBureau(from: school).isApplied)
        let next = try lab.bundle(for: school)
        #expect(try Self.carried(next) == [2, 3])
        #expect(BundleImporter(store: lab.unit(school)).importBundle(next).isApplied)
        #expect(try Self.revisions(lab.unit(school)) == Self.revisions(lab.bureau))
        // The lost bundle turning up late is refused as older than the revision in force, and changes nothing.
        let digest = try lab.unit(school).digest()
        #expect(BundleImporter(store: lab.unit(school)).importBundle(lost).refusal?.fault == .revisionRefused)
        #expect(try lab.unit(school).digest() == digest)
        #expect(try lab.unit(school).campaignRevision().number == 3)
    }

    @Test func aChainThatDoesNotContinueWhatTheUnitHoldsIsRefusedAndTheNextFullOneIsAdopted() throws {
        let lab = try SyncLab(units: [school])
        try Self.publish(1...2, at: lab)
        #expect(try lab.sendToUnit(school).isApplied)
        #expect(try lab.sendToBureau(from: school).isApplied)
        try Self.publish(3...3, at: lab)
        // The unit's PC is replaced by a fresh store: the bureau still thinks the unit holds 2.
        let fresh = try Store.initialise(at: lab.root.appendingPathComponent("fresh"), campaignData: try SyncLab.campaignData,
                                         unit: school, registry: SyncLab.registry)
        try fresh.enrol(unit: nil, publicKey: lab.bureau.identity.publicKey)
        try lab.bureau.enrol(unit: school, publicKey: fresh.identity.publicKey)
        let partial = try lab.bundle(for: school)
        #expect(try Self.carried(partial) == [3])
        let digest = try fresh.digest()
        let refusal = try #require(BundleImporter(store: fresh).importBundle(partial).refusal)
        #expect(refusal.fault == .revisionRefused)
        #expect(refusal.message.en.contains("start at 3 but this node holds none"))
        #expect(refusal.message.zh.contains("数据包的修订从 3 起"))
        #expect(try fresh.digest() == digest && fresh.campaignRevisions().isEmpty)
        // Its own bundle (a node the bureau never heard from) says it holds none: then it gets all.
        #expect(BundleImporter(store: lab.bureau).importBundle(try BundleExporter(store: fresh).bundle().data).isApplied)
        #expect(try lab.bureau.campaignRevisionHeld(by: school) == nil)
        let full = try lab.bundle(for: school)
        #expect(try Self.carried(full) == [0, 1, 2, 3])
        #expect(BundleImporter(store: fresh).importBundle(full).isApplied)
        #expect(try Self.revisions(fresh) == Self.revisions(lab.bureau))
    }

    @Test func aRestoreBundleCarriesEveryRevision() throws {
        let lab = try SyncLab(units: [school])
        try Self.publish(1...3, at: lab)
        #expect(try lab.sendToUnit(school).isApplied)
        #expect(try lab.sendToBureau(from: school).isApplied)
        #expect(try Self.carried(try lab.bundle(for: school)) == nil)
        let (data, header) = try RestoreBundle.export(from: lab.bureau, for: school)
        #expect(header.campaignRevisions?.map(\.number) == [0, 1, 2, 3])
        #expect(header.critical.contains(BundleFormat.revisionCapability))
        let report = try RestoreBundle.restore(data, into: lab.root.appendingPathComponent("new-pc"), campaignData: try SyncLab.campaignData,
                                               unit: school, bureauKey: lab.bureau.identity.publicKey, registry: SyncLab.registry)
        #expect(try Self.revisions(report.store) == Self.revisions(lab.bureau))
        #expect(try report.store.campaignRevision().number == 3)
    }

    @Test func onlyAUnitSaysWhichRevisionItHoldsAndABureauChainIsConsecutive() throws {
        let lab = try SyncLab(units: [school])
        try Self.publish(1...2, at: lab)
        let genuine = try BundleFile.parse(try lab.bundle(for: school))
        func resigned(_ tweak: (inout BundleHeader) -> Void) throws -> BundleError? {
            var header = genuine.header
            tweak(&header)
            let data = try BundleForge.assemble(headerBytes: try header.canonicalJSON(), version: 1, body: genuine.body, key: SyncLab.key(of: lab.bureau))
            return BundleImporter(store: lab.unit(school)).importBundle(data).refusal
        }
        let held = try resigned { $0.campaignRevisionHeld = $0.campaignRevisions?.last }
        #expect(held?.fault == .badHeader && held?.message.en.contains("field campaignRevisionHeld appears only in a unit's bundle") == true)
        let lone = try resigned { $0.campaignRevisions = Array($0.campaignRevisions!.prefix(1)) }
        #expect(lone?.fault == .badHeader && lone?.message.en.contains("field campaignRevisions must be numbered consecutively") == true)
        let gap = try resigned { $0.campaignRevisions!.remove(at: 1) }
        #expect(gap?.fault == .badHeader && gap?.message.en.contains("field campaignRevisions") == true)
        #expect(try lab.unit(school).campaignRevisions().isEmpty)
    }
}
