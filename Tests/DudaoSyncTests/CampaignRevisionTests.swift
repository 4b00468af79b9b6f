import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// Campaign revisions published by the bureau and carried to the units in its signed bundles:
/// real stores, real bundle files, real Ed25519 keys.
@Suite struct CampaignRevisionTests {
    let school = "school-no1-high"

    @Test func aMovedDeadlineChangesTheUnitsCellsAfterTheBureausBundleArrivesAndNotBefore() throws {
        let lab = try SyncLab(units: [school])
        let unit = lab.unit(school)
        #expect(try SyncLab.cell("3.1/targets-set", of: unit, asOf: "2017-04-25")?.state == .overdue)

        let revision = try lab.bureau.publishRevision(try CampaignEdit.targetsDue("2017-05-10"), effectiveOn: LocalDate("2017-04-15")!,
                                                      file: "revised.json")
        #expect(revision.number == 1)
        // Published at the bureau, not yet at the unit: its cells are as they were.
        #expect(try SyncLab.cell("3.1/targets-set", of: unit, asOf: "2017-04-25")?.state == .overdue)
        #expect(try unit.campaignRevision().number == 0)

        let bundle = try lab.bundle(for: school)
        let file = try BundleFile.parse(bundle)
        #expect(file.header.campaignRevisions?.map(\.number) == [0, 1])
        #expect(file.header.campaignRevisions?.last == revision)
        #expect(file.header.critical.contains(BundleFormat.revisionCapability))
        let outcome = BundleImporter(store: unit).importBundle(bundle)
        #expect(outcome.isApplied, "\(outcome)")

        let cell = try #require(try SyncLab.cell("3.1/targets-set", of: unit, asOf: "2017-04-25"))
        #expect(cell.state == .due)
        #expect(cell.deadline == LocalDate("2017-05-10"))
        #expect(try unit.campaignRevision() == revision)
        #expect(try SyncLab.workspace(unit).campaign.clause("3.1")?.date("dueBy") == LocalDate("2017-05-10"))

        // What changed, in plain words, both languages.
        let summary = try #require(try SyncLab.workspace(unit).revisionChanges().first)
        #expect(summary.number == 1 && summary.previous == 0 && summary.origin == "received")
        #expect(summary.changes.contains { $0.kind == .dateMoved && $0.subject == "3.1" })
        #expect(summary.lines(.zh).joined().contains("由 2017-04-20 改为 2017-05-10"))
        #expect(summary.lines(.en).joined().contains("from 2017-04-20 to 2017-05-10"))

        // The same bundle again changes nothing; the next bundle carries the same revision, a no-op.
        #expect(BundleImporter(store: unit).importBundle(bundle).refusal == nil)
        #expect(try lab.sendToUnit(school).isApplied)
        #expect(try unit.campaignRevisions().map(\.revision.number) == [0, 1])
    }

    @Test func anIncompatibleRevisionIsRefusedWithTheReasonAndNothingStored() throws {
        let lab = try SyncLab(units: [school])
        try lab.unit(school).add("publicity/study-session", try Bodies.studySession(1), unit: school)
        #expect(try lab.sendToBureau(from: school).isApplied)

        let withoutSchool = try CampaignEdit.revised { CampaignEdit.removeUnit(&$0, "school-no1-high") }
        let refusal = try #require(throws: RevisionRefusal.self) {
            try lab.bureau.publishRevision(withoutSchool, effectiveOn: LocalDate("2017-05-01")!, file: "no-school.json")
        }
        #expect(refusal.problems.map(\.path) == ["$.roster.units"])
        #expect(refusal.message.zh.contains("单位 school-no1-high 已有记录"))
        #expect(refusal.message.en.contains("unit school-no1-high has records"))

        let otherZone = try CampaignEdit.revised { $0["timeZone"] = "Asia/Tokyo" }
        let zone = try #require(throws: RevisionRefusal.self) {
            try lab.bureau.publishRevision(otherZone, effectiveOn: LocalDate("2017-05-01")!, file: "tokyo.json")
        }
        #expect(zone.problems.map(\.path) == ["$.timeZone"])

        // Not a valid campaign: the loader's path and reason.
        let broken = try CampaignEdit.revised { CampaignEdit.editUnit(&$0, "school-no2-high") { $0["mergedInto"] = "school-nowhere"; $0["retiredOn"] = "2017-09-01" } }
        let invalid = try #require(throws: CampaignFileError.self) {
            try lab.bureau.publishRevision(broken, effectiveOn: LocalDate("2017-05-01")!, file: "broken.json")
        }
        #expect(invalid.problems.contains { $0.path.hasSuffix(".mergedInto") })
        #expect(throws: DudaoError.self) {
            try lab.bureau.publishRevision(try SyncLab.campaignData, effectiveOn: LocalDate("2017-05-01")!, file: "same.json")
        }
        #expect(throws: DudaoError.self) {  // a unit never publishes
            try lab.unit(school).publishRevision(try CampaignEdit.targetsDue("2017-05-10"), effectiveOn: LocalDate("2017-05-01")!, file: "x.json")
        }

        #expect(try lab.bureau.campaignRevision().number == 0)
        #expect(try lab.bureau.campaignRevisions().isEmpty)
        let reopened = try Store.open(at: lab.bureau.directory, registry: SyncLab.registry)
        #expect(reopened.campaign == lab.bureau.campaign)
        #expect(try BundleFile.parse(try lab.bundle(for: school)).header.campaignRevisions == nil)
    }

    @Test func aRevisionSignedByAnotherKeyIsRefused() throws {
        let lab = try SyncLab(units: [school])
        let impostor = try Store.initialise(at: lab.root.appendingPathComponent("impostor"), campaignData: try SyncLab.campaignData,
                                            unit: nil, registry: SyncLab.registry)
        try impostor.publishRevision(try CampaignEdit.targetsDue("2017-12-31"), effectiveOn: LocalDate("2017-04-01")!, file: "forged.json")
        let forged = try BundleExporter(store: impostor).bundle(for: school).data
        #expect(BundleImporter(store: lab.unit(school)).importBundle(forged).refusal?.fault == .unenrolledKey)

        // The same revision under the enrolled bureau's key id, signed by the impostor's key.
        var file = try BundleFile.parse(forged)
        file.header.sender.node = lab.bureau.identity.nodeID
        file.header.sender.keyID = lab.bureau.identity.keyID
        // The range follows the sending node, as the header rules ask, so only the signature is wrong.
        if let range = file.header.ranges.removeValue(forKey: impostor.identity.nodeID) {
            file.header.ranges[lab.bureau.identity.nodeID] = range
        }
        let resigned = try BundleFile.assemble(header: file.header, body: file.body, key: try SyncLab.key(of: impostor))
        #expect(BundleImporter(store: lab.unit(school)).importBundle(resigned).refusal?.fault == .badSignature)

        #expect(try lab.unit(school).campaignRevision().number == 0)
        #expect(try SyncLab.cell("3.1/targets-set", of: lab.unit(school), asOf: "2017-04-25")?.state == .overdue)
    }

    @Test func anOlderRevisionOrAnotherUnderTheSameNumberIsRefused() throws {
        let lab = try SyncLab(units: [school])
        try lab.bureau.publishRevision(try CampaignEdit.targetsDue("2017-05-10"), effectiveOn: LocalDate("2017-04-15")!, file: "r1.json")
        let first = try lab.bundle(for: school)
        // A copy of the bureau's store (same key) that will publish its own revision 2: validly signed, other content.
        let twin = try SyncLab.replica(of: lab.bureau)
        try lab.bureau.publishRevision(try CampaignEdit.targetsDue("2017-05-20"), effectiveOn: LocalDate("2017-04-16")!, file: "r2.json")
        let second = try lab.bundle(for: school)
        try twin.publishRevision(try CampaignEdit.targetsDue("2017-06-30"), effectiveOn: LocalDate("2017-04-16")!, file: "r2-other.json")
        let other = try BundleExporter(store: twin).bundle(for: school).data

        let unit = lab.unit(school)
        #expect(BundleImporter(store: unit).importBundle(second).isApplied)
        #expect(try unit.campaignRevision().number == 2)

        let older = try #require(BundleImporter(store: unit).importBundle(first).refusal)
        #expect(older.fault == .revisionRefused)
        #expect(older.message.en.contains("revision 1 is older than revision 2"))
        #expect(older.message.zh.contains("修订 1 早于本节点现行的修订 2"))

        let different = try #require(BundleImporter(store: unit).importBundle(other).refusal)
        #expect(different.fault == .revisionRefused)
        #expect(different.message.en.contains("revision 2 is already here with other content"))

        #expect(try unit.campaignRevision().number == 2)
        #expect(try SyncLab.cell("3.1/targets-set", of: unit, asOf: "2017-04-25")?.deadline == LocalDate("2017-05-20"))
        // Refusals are logged with their reasons; the store's revision table is as the good bundle left it.
        #expect(try unit.campaignRevisions().map(\.revision.number) == [0, 1, 2])
    }

    @Test func aUnitsBundleCarryingARevisionIsRefusedAtTheBureau() throws {
        let lab = try SyncLab(units: [school])
        let unit = lab.unit(school)
        let document = try CampaignEdit.targetsDue("2017-12-31")
        var forge = try BundleForge(from: unit, to: "bureau", changes: [])
        forge.evidence = [ChangeCodec.Evidence(hash: Store.sha256(document), data: document)]
        let data = try forge.data { header in
            header.critical += ["evidence-v1", BundleFormat.revisionCapability]
            header.campaignRevisions = [CampaignRevision(number: 1, fingerprint: Store.sha256(document), effectiveOn: LocalDate("2017-04-01")!)]
        }
        let refusal = try #require(BundleImporter(store: lab.bureau).importBundle(data).refusal)
        #expect(refusal.fault == .unauthorised)
        #expect(refusal.message.en.contains("only the bureau publishes campaign revisions"))
        #expect(try lab.bureau.campaignRevision().number == 0)

        // A revision field without its capability declared is refused too.
        let undeclared = try forge.data { header in
            header.critical += ["evidence-v1"]
            header.campaignRevisions = [CampaignRevision(number: 1, fingerprint: Store.sha256(document), effectiveOn: LocalDate("2017-04-01")!)]
        }
        #expect(BundleImporter(store: lab.bureau).importBundle(undeclared).refusal?.fault == .badHeader)
    }

    @Test func twoUnitsOnDifferentRevisionsConvergeOnceBothImportTheBureausBundle() throws {
        let other = "school-no2-high"
        let lab = try SyncLab(units: [school, other])
        try lab.bureau.publishRevision(try CampaignEdit.targetsDue("2017-05-10"), effectiveOn: LocalDate("2017-04-15")!, file: "r1.json")
        #expect(try lab.sendToUnit(school).isApplied)
        try lab.bureau.publishRevision(try CampaignEdit.revised { object in
            CampaignEdit.setParameter(&object, clause: "3.1", "dueBy", to: "2017-05-31")
            CampaignEdit.setParameter(&object, clause: "1.3", "minimumPerPeriod", to: 2)
        }, effectiveOn: LocalDate("2017-05-01")!, file: "r2.json")
        #expect(try lab.unit(school).campaignRevision().number == 1)
        #expect(try lab.unit(other).campaignRevision().number == 0)

        #expect(try lab.sendToUnit(school).isApplied)
        #expect(try lab.sendToUnit(other).isApplied)
        let bureau = try lab.bureau.campaignRevision()
        for id in [school, other] {
            let unit = lab.unit(id)
            #expect(try unit.campaignRevision() == bureau)
            #expect(try SyncLab.workspace(unit).campaign == SyncLab.workspace(lab.bureau).campaign)
            #expect(try SyncLab.cell("3.1/targets-set", of: unit, asOf: "2017-05-20")?.deadline == LocalDate("2017-05-31"))
        }
        // Both judge every period under the same revisions: the same verdicts.
        let first = try SyncLab.workspace(lab.unit(school)).status(asOf: LocalDate("2017-06-30")!).cells
        let second = try SyncLab.workspace(lab.unit(other)).status(asOf: LocalDate("2017-06-30")!).cells
        #expect(first.map(\.state) == second.map(\.state))
        #expect(first.map(\.deadline) == second.map(\.deadline))
        // The unit that skipped revision 1 received it too: both hold every revision, newest first in the summary.
        let summaries = try SyncLab.workspace(lab.unit(other)).revisionChanges()
        #expect(summaries.map(\.number) == [2, 1])
        let summary = try #require(summaries.first)
        #expect(summary.previous == 1)
        #expect(summary.changes.contains { $0.kind == .quotaChanged && $0.subject == "1.3" })
    }
}
