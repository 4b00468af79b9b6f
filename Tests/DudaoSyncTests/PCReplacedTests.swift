import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation
import Testing

/// A unit's PC dies: the bureau issues a restore bundle, the new PC rebuilds the store under a new
/// node and key, the bureau enrols the new key in place of the old, which is revoked.
@Suite struct PCReplacedTests {
    static let unit = "school-no1-high"

    @Test func aReplacedPCCarriesOnFromTheBureausCopyAndTheOldKeyIsRevoked() throws {
        let lab = try SyncLab(units: [Self.unit])
        let old = lab.unit(Self.unit)
        let oldNode = old.identity.nodeID, oldKey = old.identity.keyID
        // The old PC writes ten records and syncs them; the bureau answers, and writes one of its own.
        for n in 0..<10 { try old.add("publicity/study-session", try Bodies.studySession(n), unit: Self.unit) }
        let synced = try lab.bundle(from: Self.unit)
        #expect(BundleImporter(store: lab.bureau).importBundle(synced).isApplied)
        try lab.bureau.add(LedgerItem.recordType, try Bodies.ledgerItem(1, title: "教育局登记"), unit: Self.unit)
        #expect(try lab.sendToUnit(Self.unit).isApplied)
        // Five more that never reach the bureau: exported once, the stick lost with the PC.
        for n in 10..<15 { try old.add("publicity/study-session", try Bodies.studySession(n), unit: Self.unit) }
        let neverArrived = try lab.bundle(from: Self.unit)
        try FileManager.default.removeItem(at: old.directory)

        // The bureau's restore bundle, and the new PC rebuilt from it.
        let (restoreData, header) = try RestoreBundle.export(from: lab.bureau, for: Self.unit)
        #expect(header.critical.contains(RestoreBundle.capability))
        #expect(header.ranges[oldNode]?.through == 10)
        let campaign = try SyncLab.campaignData
        let newDirectory = lab.root.appendingPathComponent("new-pc")
        let report = try RestoreBundle.restore(restoreData, into: newDirectory, campaignData: campaign, unit: Self.unit,
                                               bureauKey: lab.bureau.identity.publicKey, registry: SyncLab.registry)
        let fresh = report.store
        #expect(report.records == 11)
        #expect(report.oldNodes.map(\.node) == [oldNode])
        #expect(report.oldNodes.first?.through == 10)
        #expect(fresh.identity.nodeID != oldNode)
        #expect(fresh.identity.keyID != oldKey)
        #expect(try fresh.digest(unit: Self.unit) == lab.bureau.digest(unit: Self.unit))
        #expect(try fresh.knowledge()[oldNode] == 10)
        #expect(try fresh.check().passed)

        // The bureau enrols the new key in place of the old one.
        let revoked = try lab.bureau.revoke(unit: Self.unit, keyID: oldKey, replacement: fresh.identity.publicKey)
        #expect(revoked.limits == [oldNode: 10])
        #expect(revoked.replacedBy == fresh.identity.keyID)
        #expect(try lab.bureau.enrolment(keyID: oldKey) == nil)
        let before = try lab.bureau.digest()
        // The old key's bundle from before the revocation is still "already had it" …
        let again = BundleImporter(store: lab.bureau).importBundle(synced)
        #expect({ if case .duplicate = again { true } else { false } }())
        // … the one reaching past it is refused, and changes nothing.
        let late = BundleImporter(store: lab.bureau).importBundle(neverArrived)
        #expect(late.refusal?.fault == .revokedKey)
        #expect(late.refusal?.message.en.contains("beyond the 10 held at the revocation") == true)
        #expect(try lab.bureau.digest() == before)
        #expect(try lab.bureau.syncState().refused.first?.reason.contains("revoked") == true)

        // The new PC writes and syncs; the bureau's copy of the unit equals the new store's.
        for n in 20..<25 { try fresh.add("publicity/study-session", try Bodies.studySession(n), unit: Self.unit) }
        #expect(BundleImporter(store: lab.bureau).importBundle(try BundleExporter(store: fresh).bundle().data).isApplied)
        #expect(BundleImporter(store: fresh).importBundle(try lab.bundle(for: Self.unit)).isApplied)
        #expect(try fresh.digest(unit: Self.unit) == lab.bureau.digest(unit: Self.unit))
        #expect(try fresh.records(unit: Self.unit).count == 16)

        // No sequence reused: the old node's stop at 10, the new node's are its own 1…5.
        let log = try lab.bureau.changeLog()
        #expect(log.filter { $0.origin == oldNode }.map(\.sequence) == Array(1...10))
        #expect(log.filter { $0.origin == fresh.identity.nodeID }.map(\.sequence) == Array(1...5))
        #expect(Set(log.map { "\($0.origin)#\($0.sequence)" }).count == log.count)
    }

    @Test func aRestoreBundleIsRefusedByAnOrdinaryImportAndFromAnyoneButTheBureau() throws {
        let lab = try SyncLab(units: [Self.unit, "school-no2-high"])
        let unit = lab.unit(Self.unit)
        try unit.add("publicity/study-session", try Bodies.studySession(1), unit: Self.unit)
        #expect(try lab.sendToBureau(from: Self.unit).isApplied)
        let (data, _) = try RestoreBundle.export(from: lab.bureau, for: Self.unit)
        // An ordinary import does not know restore-v1: refused whole.
        #expect(BundleImporter(store: unit).importBundle(data).refusal?.fault == .unknownCapability)
        let campaign = try SyncLab.campaignData
        // Checked against a key that is not the bureau's: refused, and no store is left behind.
        let target = lab.root.appendingPathComponent("stranger")
        #expect(throws: BundleError.self) {
            try RestoreBundle.restore(data, into: target, campaignData: campaign, unit: Self.unit,
                                      bureauKey: lab.unit("school-no2-high").identity.publicKey, registry: SyncLab.registry)
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
        // For another unit: refused by name.
        let other = lab.root.appendingPathComponent("other")
        do {
            _ = try RestoreBundle.restore(data, into: other, campaignData: campaign, unit: "school-no2-high",
                                          bureauKey: lab.bureau.identity.publicKey, registry: SyncLab.registry)
            Issue.record("a restore bundle for another unit was accepted")
        } catch let error as BundleError {
            #expect(error.fault == .wrongRecipient)
            #expect(error.message.en.contains("for \(Self.unit), not school-no2-high"))
        }
        #expect(!FileManager.default.fileExists(atPath: other.path))
        // One flipped byte in the body: the signature or the body hash fails.
        var damaged = data
        damaged[damaged.count - 5] ^= 0x40
        #expect(throws: BundleError.self) {
            try RestoreBundle.restore(damaged, into: target, campaignData: campaign, unit: Self.unit,
                                      bureauKey: lab.bureau.identity.publicKey, registry: SyncLab.registry)
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func aRotatedKeyIsRefusedUntilEnrolledThenNothingIsLost() throws {
        let lab = try SyncLab(units: [Self.unit])
        let unit = lab.unit(Self.unit)
        for n in 0..<3 { try unit.add("publicity/study-session", try Bodies.studySession(n), unit: Self.unit) }
        let first = try lab.bundle(from: Self.unit)
        #expect(BundleImporter(store: lab.bureau).importBundle(first).isApplied)
        let (oldKey, newKey) = try Store.rotateKey(at: unit.directory)
        #expect(oldKey != newKey)
        let rotated = try Store.open(at: unit.directory, registry: SyncLab.registry)
        #expect(rotated.identity.keyID == newKey)
        #expect(rotated.identity.nodeID == unit.identity.nodeID)
        for n in 3..<6 { try rotated.add("publicity/study-session", try Bodies.studySession(n), unit: Self.unit) }
        // Not enrolled yet: refused, and the unit will send the same changes again.
        #expect(BundleImporter(store: lab.bureau).importBundle(try BundleExporter(store: rotated).bundle().data).refusal?.fault == .unenrolledKey)
        try lab.bureau.revoke(unit: Self.unit, keyID: oldKey, replacement: rotated.identity.publicKey)
        #expect(BundleImporter(store: lab.bureau).importBundle(try BundleExporter(store: rotated).bundle().data).isApplied)
        #expect(try lab.bureau.digest(unit: Self.unit) == rotated.digest(unit: Self.unit))
        #expect({ if case .duplicate = BundleImporter(store: lab.bureau).importBundle(first) { true } else { false } }())
        // Enrolling the revoked key again is refused.
        #expect(throws: DudaoError.self) {
            try lab.bureau.revoke(unit: Self.unit, keyID: newKey, replacement: unit.identity.publicKey)
        }

        // The bureau rotates too: the unit enrols the new bureau key in place of the old.
        let (bureauOld, _) = try Store.rotateKey(at: lab.bureau.directory)
        let bureau = try Store.open(at: lab.bureau.directory, registry: SyncLab.registry)
        try bureau.add(LedgerItem.recordType, try Bodies.ledgerItem(7), unit: Self.unit)
        let fromNewBureauKey = try BundleExporter(store: bureau).bundle(for: Self.unit).data
        #expect(BundleImporter(store: rotated).importBundle(fromNewBureauKey).refusal?.fault == .unenrolledKey)
        try rotated.revoke(unit: nil, keyID: bureauOld, replacement: bureau.identity.publicKey)
        #expect(BundleImporter(store: rotated).importBundle(fromNewBureauKey).isApplied)
        #expect(try rotated.revokedKeys().map(\.keyID) == [bureauOld])
    }

    /// An enrolment that replaces a unit's key (the web form, a plain `bureau enrol`) revokes the old
    /// key rather than forgetting it: its bundles already merged stay "already had it".
    @Test func aPlainEnrolmentOfAnotherKeyRevokesTheOldOne() throws {
        let lab = try SyncLab(units: [Self.unit])
        let unit = lab.unit(Self.unit)
        try unit.add("publicity/study-session", try Bodies.studySession(1), unit: Self.unit)
        let first = try lab.bundle(from: Self.unit)
        #expect(BundleImporter(store: lab.bureau).importBundle(first).isApplied)
        let old = unit.identity.keyID
        let (_, newKey) = try Store.rotateKey(at: unit.directory)
        let rotated = try Store.open(at: unit.directory, registry: SyncLab.registry)
        try lab.bureau.enrol(unit: Self.unit, publicKey: rotated.identity.publicKey)
        let revoked = try #require(try lab.bureau.revokedKeys(unit: Self.unit).first)
        #expect(revoked.keyID == old && revoked.replacedBy == newKey && revoked.limits == [unit.identity.nodeID: 1])
        #expect({ if case .duplicate = BundleImporter(store: lab.bureau).importBundle(first) { true } else { false } }())
        // The revoked key is never trusted again.
        #expect(throws: DudaoError.self) { try lab.bureau.enrol(unit: Self.unit, publicKey: unit.identity.publicKey) }
        #expect(try lab.bureau.enrolments().map(\.keyID) == [newKey])
    }
}
