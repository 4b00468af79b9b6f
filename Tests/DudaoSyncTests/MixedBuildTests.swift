import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// Nodes of different builds keep syncing: a node without a record type's plugin keeps those
/// changes as they came, applies the rest, says which plugin is missing, and once the plugin is
/// installed the kept changes take effect; digests agree throughout.
@Suite struct MixedBuildTests {
    static let target = "benchmarking/target"
    static let scoreSheet = "evaluation/score-sheet"

    /// The example body of `type`, from the full registry.
    static func example(_ type: String) throws -> Data { try #require(SyncLab.registry.recordType(type)).example }

    /// `type`'s example with `field` set to `value`.
    static func example(_ type: String, setting field: String, to value: Any) throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: try example(type)) as? [String: Any])
        object[field] = value
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    // MARK: unit new, bureau old

    @Test func aBureauWithoutThePluginKeepsTheUnitsChangesAppliesTheRestAndCatchesUpOnUpgrade() throws {
        var lab = try MixedBuildLab(bureauLacks: "benchmarking")
        let school = lab.unitID
        let session = try lab.unit.add("publicity/study-session", try Bodies.studySession(1), unit: school)
        let target = try lab.unit.add(Self.target, try Self.example(Self.target), unit: school)

        // The whole bundle is taken: the study session and the target's ledger item merge, the target is kept.
        let first = try lab.sendToBureau()
        #expect(first.isApplied, "\(first.outcome)")
        #expect(first.notes.missingPlugins == [MissingPlugin(plugin: "benchmarking", version: 1, installed: nil, types: [Self.target], changes: 1)])
        #expect(first.notes.messages.contains { $0.en.contains("plugin benchmarking v1 is missing") && $0.zh.contains("缺少插件 benchmarking v1") })
        #expect(try lab.bureau.record(id: session.id) != nil)
        #expect(try lab.bureau.record(id: target.id) == nil, "a kept change is not a record: nothing evaluates it")
        #expect(try lab.bureau.records(unit: school, type: LedgerItem.recordType).map(\.id) == [Store.derivedItemID(target.id, 0)])
        let kept = try lab.bureau.opaqueChanges()
        #expect(kept.map(\.plugin) == ["benchmarking"] && kept[0].waiting == 1 && kept[0].installed == nil && kept[0].units == [school])
        // Counted in the digest as the unit counts the record.
        #expect(try lab.bureau.digest(unit: school) == lab.unit.digest())

        // Status at the bureau says it: clause 3.1 has no plugin here (v1 at the unit), changes kept.
        let workspace = try Workspace(store: lab.bureau)
        let status = try workspace.status(unit: school, asOf: Fixtures.date("2017-06-30"))
        let compatibility = try #require(status.compatibility)
        let schoolUnit = try #require(lab.bureau.campaign.unit(school))
        let benchmarkingClauses = lab.bureau.campaign.clauses.filter { $0.phase == "P3" && $0.applies(to: schoolUnit) }.map(\.id)
        #expect(!benchmarkingClauses.isEmpty)
        #expect(compatibility.clausesWithoutPlugin.map(\.clause) == benchmarkingClauses)
        #expect(compatibility.clausesWithoutPlugin.allSatisfy { $0.plugin == "benchmarking" && $0.version == 1 })
        #expect(!status.cells.contains { benchmarkingClauses.contains($0.clause) })
        #expect(compatibility.messages.contains { $0.en.contains("clause 3.1: its plugin benchmarking v1 is not installed") })

        // The unit hears from the bureau's bundle that the bureau's build lacks its plugin.
        let back = try lab.sendToUnit()
        #expect(back.isApplied)
        #expect(back.notes.senderLacks == [PluginVersion(plugin: "benchmarking", version: 1)])
        #expect(try Workspace(store: lab.unit).compatibility().peersLacking.map(\.peer) == ["bureau"])

        // A deletion of the missing type: its tombstone is kept too, and later bundles still pass.
        try lab.unit.delete(id: target.id)
        let deletion = try lab.sendToBureau()
        #expect(deletion.isApplied, "\(deletion.outcome)")
        #expect(try lab.bureau.opaqueChanges().first?.waiting == 2)
        // Until the bureau acknowledges it, the unit sends the tombstone again: a duplicate, kept once.
        let again = try lab.sendToBureau()
        #expect(again.isApplied && again.notes.missingPlugins.first?.changes == 1)
        #expect(try lab.bureau.opaqueChanges().first?.waiting == 2)
        #expect(try lab.sendToUnit().isApplied)
        try lab.unit.add("publicity/study-session", try Bodies.studySession(2), unit: school)
        let later = try lab.sendToBureau()
        #expect(later.isApplied, "\(later.outcome)")
        #expect(later.notes.missingPlugins.isEmpty)
        #expect(try lab.bureau.digest(unit: school) == lab.unit.digest())
        // Nothing lost: every sequence the unit wrote is in the bureau's change log.
        let unitNode = lab.unit.identity.nodeID
        let written = try lab.unit.changeLog().filter { $0.origin == unitNode }.map(\.sequence)
        #expect(try lab.bureau.changeLog().filter { $0.origin == unitNode }.map(\.sequence) == written)

        // Upgrade: the kept changes are validated and take effect; the two nodes hold the same records.
        try lab.upgradeBureau()
        #expect(try lab.bureau.opaqueChanges().isEmpty)
        #expect(try lab.bureau.record(id: target.id)?.deleted == true)
        #expect(try lab.bureau.digest(unit: school) == lab.unit.digest())
        #expect(try lab.recordsAboutTheUnit(in: lab.bureau) == lab.recordsAboutTheUnit(in: lab.unit))
        #expect(try lab.bureau.integrityCheck() == "ok")
        // Opening again changes nothing.
        let digest = try lab.bureau.digest()
        try lab.upgradeBureau()
        #expect(try lab.bureau.digest() == digest)
        #expect(try Workspace(store: lab.bureau).compatibility(unit: school).isEmpty)
    }

    @Test func anUpgradedBureauEvaluatesWhatItKept() throws {
        var lab = try MixedBuildLab(bureauLacks: "benchmarking")
        let target = try lab.unit.add(Self.target, try Self.example(Self.target), unit: lab.unitID)
        #expect(try lab.sendToBureau().isApplied)
        let asOf = Fixtures.date("2017-06-30")
        let unitCells = try Workspace(store: lab.unit).status(asOf: asOf).cells.filter { $0.clause == "3.1" }
        #expect(unitCells.contains { $0.recordIDs.contains(target.id) }, "the unit's own evaluation counts its target")
        try lab.upgradeBureau()
        let bureauCells = try Workspace(store: lab.bureau).status(unit: lab.unitID, asOf: asOf).cells.filter { $0.clause == "3.1" }
        #expect(bureauCells == unitCells, "after the upgrade the bureau evaluates clause 3.1 as the unit does")
    }

    // MARK: bureau new, unit old

    @Test func aUnitWithoutThePluginKeepsTheBureausChangesAndCatchesUpOnUpgrade() throws {
        var lab = try MixedBuildLab(unitLacks: "evaluation")
        let school = lab.unitID
        let sheet = try lab.bureau.add(Self.scoreSheet, try Self.example(Self.scoreSheet), unit: school)
        let item = try lab.bureau.add(LedgerItem.recordType, try Bodies.ledgerItem(1), unit: school)

        let first = try lab.sendToUnit()
        #expect(first.isApplied, "\(first.outcome)")
        #expect(first.notes.missingPlugins.map(\.plugin) == ["evaluation"])
        #expect(try lab.unit.record(id: item.id) != nil)
        #expect(try lab.unit.record(id: sheet.id) == nil)
        #expect(try lab.unit.digest() == lab.bureau.digest(unit: school))

        // The unit's status names the clauses it cannot evaluate and the changes it keeps.
        let status = try Workspace(store: lab.unit).status(asOf: Fixtures.date("2017-12-31"))
        let compatibility = try #require(status.compatibility)
        let unit = try #require(lab.unit.campaign.unit(school))
        let evaluationClauses = lab.unit.campaign.clauses.filter { $0.phase == "P5" && $0.applies(to: unit) }.map(\.id)
        #expect(!evaluationClauses.isEmpty)
        #expect(compatibility.clausesWithoutPlugin.map(\.clause) == evaluationClauses)
        #expect(compatibility.opaque.map(\.plugin) == ["evaluation"])
        #expect(!status.cells.contains { evaluationClauses.contains($0.clause) })

        // The bureau hears that the unit's build lacks evaluation.
        try lab.unit.add("publicity/study-session", try Bodies.studySession(3), unit: school)
        let up = try lab.sendToBureau()
        #expect(up.isApplied)
        #expect(up.notes.senderLacks == [PluginVersion(plugin: "evaluation", version: 1)])
        #expect(try Workspace(store: lab.bureau).compatibility(unit: school).peersLacking.first?.plugins.map(\.plugin) == ["evaluation"])

        // The bureau deletes the sheet: the unit keeps the tombstone and takes later bundles.
        try lab.bureau.delete(id: sheet.id)
        #expect(try lab.sendToUnit().isApplied)
        try lab.bureau.add(LedgerItem.recordType, try Bodies.ledgerItem(2), unit: school)
        #expect(try lab.sendToUnit().isApplied)
        #expect(try lab.unit.opaqueChanges().first?.waiting == 2)
        #expect(try lab.unit.digest() == lab.bureau.digest(unit: school))

        try lab.upgradeUnit()
        #expect(try lab.unit.opaqueChanges().isEmpty)
        #expect(try lab.unit.record(id: sheet.id)?.deleted == true)
        #expect(try lab.unit.digest() == lab.bureau.digest(unit: school))
        #expect(try lab.recordsAboutTheUnit(in: lab.unit) == lab.recordsAboutTheUnit(in: lab.bureau))
    }

    // MARK: what stays refused, what is reported

    @Test func aKeptChangeTheInstalledPluginRefusesIsReportedAndStaysKept() throws {
        var lab = try MixedBuildLab(bureauLacks: "benchmarking")
        let node = lab.unit.identity.nodeID
        let changes = try [Self.example(Self.target), Self.example(Self.target, setting: "title", to: "")].enumerated().map { index, body in
            RecordEnvelope(id: "target-\(index)", unit: lab.unitID, type: Self.target, body: body, author: nil,
                           hlc: HLC(wall: BundleForge.now, counter: Int32(index)), origin: node, sequence: Int64(index + 1))
        }
        // The unit's real key signs what the unit's build would not write (a body its plugin refuses).
        let forged = try BundleForge(from: lab.unit, to: "bureau", changes: changes).data()
        let report = BundleImporter(store: lab.bureau).importReporting(forged)
        #expect(report.isApplied, "\(report.outcome)")
        #expect(report.notes.missingPlugins.first?.changes == 2)
        // The bureau acknowledges both: the unit does not send them again.
        #expect(try BundleExporter(store: lab.bureau).bundle(for: lab.unitID).header.knowledge[node] == 2)

        try lab.upgradeBureau()
        #expect(try lab.bureau.record(id: "target-0") != nil)
        #expect(try lab.bureau.record(id: "target-1") == nil)
        let kept = try lab.bureau.opaqueChanges()
        #expect(kept.count == 1 && kept[0].waiting == 0 && kept[0].installed == 1)
        let failure = try #require(kept.first?.invalid.first)
        #expect(failure.recordID == "target-1" && failure.reason.en.contains("title") && !failure.reason.zh.isEmpty)
        let messages = try Workspace(store: lab.bureau).compatibility().messages
        #expect(messages.contains { $0.en.contains("target-1") && $0.en.contains("fails validation") })
        // Judged once per plugin version: opening again neither applies it nor changes anything.
        let digest = try lab.bureau.digest()
        try lab.upgradeBureau()
        #expect(try lab.bureau.digest() == digest)
        #expect(try lab.bureau.opaqueChanges().first?.invalid.map(\.recordID) == ["target-1"])
    }

    @Test func anUnknownTypeIsKeptOnlyForAPluginTheSenderDeclaresAtANewerVersion() throws {
        let lab = try SyncLab(units: ["school-no1-high"])
        let school = lab.unit("school-no1-high")
        let node = school.identity.nodeID
        func change(_ type: String, _ sequence: Int64 = 1, unit: String = "school-no1-high") -> RecordEnvelope {
            RecordEnvelope(id: "r-\(sequence)", unit: unit, type: type, body: Data(#"{"visitedOn":"2017-05-02"}"#.utf8), author: nil,
                           hlc: HLC(wall: BundleForge.now, counter: 0), origin: node, sequence: sequence)
        }
        // No plugin of that name declared by the sender: refused, naming the plugin.
        var undeclared = try BundleForge(from: school, to: "bureau", changes: [change("homevisit/visit")])
        try expectRefused(try undeclared.data(), by: lab.bureau, [.invalidRecord])
        #expect(BundleImporter(store: lab.bureau).importBundle(try undeclared.data()).refusal?.message.en.contains("declares no plugin homevisit") == true)
        // A type the same version of an installed plugin does not have: refused.
        undeclared.changes = [change("publicity/no-such-type")]
        try expectRefused(try undeclared.data(), by: lab.bureau, [.invalidRecord])
        // A type not of the form plugin/type: refused.
        undeclared.changes = [change("homevisit")]
        try expectRefused(try undeclared.data(), by: lab.bureau, [.invalidRecord])
        // The envelope's checks still apply to a kept change: another unit's record is refused.
        var declared = try BundleForge(from: school, to: "bureau", changes: [change("homevisit/visit", unit: "school-no2-high")])
        declared.header.pluginVersions["homevisit"] = 1
        try expectRefused(try declared.data(), by: lab.bureau, [.unauthorised])
        // A newer plugin version adding a type, and a plugin missing here: kept.
        declared.changes = [change("homevisit/visit", 1), change("publicity/new-type", 2)]
        declared.header.pluginVersions["publicity"] = 2
        declared.header.ranges[node] = BundleForge.range(after: 0, through: 2)
        let report = BundleImporter(store: lab.bureau).importReporting(try declared.data())
        #expect(report.isApplied, "\(report.outcome)")
        #expect(report.notes.missingPlugins == [
            MissingPlugin(plugin: "homevisit", version: 1, installed: nil, types: ["homevisit/visit"], changes: 1),
            MissingPlugin(plugin: "publicity", version: 2, installed: 1, types: ["publicity/new-type"], changes: 1),
        ])
        #expect(report.notes.missingPlugins[1].message.en.contains("this node has v1 only"))
        #expect(try lab.bureau.opaqueChanges().map(\.plugin) == ["homevisit", "publicity"])
        // The same bundle again changes nothing.
        let before = try StoreState(lab.bureau)
        #expect(BundleImporter(store: lab.bureau).importBundle(try declared.data()).isApplied == false)
        #expect(try StoreState(lab.bureau) == before)
    }

    @Test func aKeptChangeIsTheBytesItHadInTheSignedBody() throws {
        var maker = RecordMaker(origin: "node-a")
        let changes = (0..<5).map { index in
            var envelope = maker.make(LedgerItem(title: "事项 \(index)", source: .selfInspection, measures: ["措施"],
                                                 deadline: nil, responsiblePerson: "张主任", registeredOn: Fixtures.date("2017-04-01")),
                                      unit: "school-no1-high")
            envelope.deleted = index == 3
            envelope.evidence = index == 2 ? [String(repeating: "a", count: 64)] : []
            envelope.author = index == 1 ? "p-1" : nil
            return envelope
        }
        let body = ChangeCodec.encode(changes, evidence: [])
        var joined = Data(BundleFormat.bodyMagic) + Data([0, 0, 0, 5])
        for change in changes { joined += ChangeCodec.encode(change: change) }
        joined += Data(BundleFormat.evidenceMagic) + Data([0, 0, 0, 0])
        #expect(joined == body)
    }

    // MARK: campaign fingerprint

    @Test func theFingerprintIgnoresLayoutAndSeesContent() throws {
        let data = try SyncLab.campaignData
        let object = try JSONSerialization.jsonObject(with: data)
        let relaidOut = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted])
        #expect(try CampaignContent.fingerprint(of: relaidOut) == CampaignContent.fingerprint(of: data))
        let edited = try Self.editedCampaign()
        #expect(try CampaignContent.fingerprint(of: edited) != CampaignContent.fingerprint(of: data))
        #expect(try CampaignContent.fingerprint(of: data).count == 64)
    }

    /// The shipped campaign with one parameter changed: the same id, other contents.
    static func editedCampaign() throws -> Data {
        var object = try #require(try JSONSerialization.jsonObject(with: try SyncLab.campaignData) as? [String: Any])
        Fixtures.setCampaignParameter(&object, key: "dueSoonDays", value: 3)
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func nodesOnOtherCampaignContentsSyncAndAreToldSoOnBothSides() throws {
        var lab = try MixedBuildLab(unitCampaign: try Self.editedCampaign())
        #expect(lab.unit.campaign.id == lab.bureau.campaign.id)
        #expect(lab.unit.campaignFingerprint != lab.bureau.campaignFingerprint)
        let session = try lab.unit.add("publicity/study-session", try Bodies.studySession(1), unit: lab.unitID)

        let up = try lab.sendToBureau()
        #expect(up.isApplied, "the import applies what it can")
        #expect(try lab.bureau.record(id: session.id) != nil)
        let mismatch = try #require(up.notes.campaign)
        #expect(mismatch == CampaignMismatch(campaign: lab.bureau.campaign.id, peer: lab.unitID,
                                             here: lab.bureau.campaignFingerprint, there: lab.unit.campaignFingerprint))
        #expect(mismatch.message.en.contains(String(lab.unit.campaignFingerprint.prefix(12))))
        #expect(mismatch.message.zh.contains(String(lab.bureau.campaignFingerprint.prefix(12))))
        #expect(try Workspace(store: lab.bureau).compatibility(unit: lab.unitID).campaign == [mismatch])

        let down = try lab.sendToUnit()
        #expect(down.isApplied)
        #expect(down.notes.campaign?.there == lab.bureau.campaignFingerprint && down.notes.campaign?.peer == "bureau")
        let status = try Workspace(store: lab.unit).status(asOf: Fixtures.date("2017-05-01"))
        #expect(status.compatibility?.campaign.map(\.there) == [lab.bureau.campaignFingerprint])
        #expect(try lab.unit.digest() == lab.bureau.digest(unit: lab.unitID))
    }

    @Test func bundlesNameTheCampaignFingerprintAndSameContentsSayNothing() throws {
        var lab = try MixedBuildLab()
        let bundle = try BundleExporter(store: lab.unit).bundle()
        #expect(bundle.header.campaignFingerprint == lab.unit.campaignFingerprint)
        #expect(try lab.unit.campaignFingerprint == CampaignContent.fingerprint(of: SyncLab.campaignData))
        try lab.unit.add("publicity/study-session", try Bodies.studySession(1), unit: lab.unitID)
        let report = try lab.sendToBureau()
        #expect(report.isApplied && report.notes.isEmpty)
        #expect(try Workspace(store: lab.bureau).compatibility().isEmpty)
    }
}
