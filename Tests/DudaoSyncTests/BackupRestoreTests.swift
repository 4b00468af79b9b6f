import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation
import Testing

/// Backups of a store in one file, restored, checked; the bureau's disk lost and brought back
/// up to date by the units' resends.
@Suite struct BackupRestoreTests {
    static let units = ["school-no1-high", "school-no2-high"]

    @Test func aBackupRestoresToTheSameDigestAndPassesItsChecks() throws {
        let lab = try SyncLab(units: Self.units)
        let unit = lab.unit(Self.units[0])
        let photo = Data((0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let hash = try unit.addEvidence(photo)
        for n in 0..<30 { try unit.add("publicity/study-session", try Bodies.studySession(n), unit: Self.units[0], evidence: n == 0 ? [hash] : []) }
        #expect(try lab.sendToBureau(from: Self.units[0]).isApplied)
        try lab.bureau.add(LedgerItem.recordType, try Bodies.ledgerItem(1), unit: Self.units[0])
        let path = lab.root.appendingPathComponent("bureau.dudaobak").path
        let manifest = try BackupArchive.write(lab.bureau, to: path)
        #expect(manifest.digest == (try lab.bureau.digest()))
        #expect(manifest.members.map(\.name) == ["dudao.sqlite", "node.key", "node.pub"])
        #expect(manifest.members[0].storedSize < manifest.members[0].size)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // Never overwrites a file.
        #expect(throws: DudaoError.self) { try BackupArchive.write(lab.bureau, to: path) }

        let target = lab.root.appendingPathComponent("restored")
        let report = try BackupRestore.restore(path, into: target, force: false, registry: SyncLab.registry)
        #expect(report.check.passed)
        #expect(report.check.digest == manifest.digest)
        #expect(report.check.evidenceFiles == 1)
        #expect(report.node != lab.bureau.identity.nodeID)
        let restored = try Store.open(at: target, registry: SyncLab.registry)
        #expect(try restored.digest() == lab.bureau.digest())
        #expect(try restored.evidencePresent([hash]) == [hash])
        #expect(restored.identity.keyID == lab.bureau.identity.keyID)
        // The old node is an origin like any other now, known through its last sequence.
        #expect(try restored.knowledge()[lab.bureau.identity.nodeID] == 1)

        // A store is there now: refused without --force, changing nothing …
        #expect(throws: DudaoError.self) { try BackupRestore.restore(path, into: target, force: false, registry: SyncLab.registry) }
        #expect(try Store.open(at: target, registry: SyncLab.registry).identity.nodeID == report.node)
        // … and with it, the store there is moved aside, not deleted.
        let forced = try BackupRestore.restore(path, into: target, force: true, registry: SyncLab.registry)
        let aside = try #require(forced.movedAside)
        #expect(try Store.open(at: URL(fileURLWithPath: aside), registry: SyncLab.registry).identity.nodeID == report.node)
    }

    @Test(arguments: [("one byte of the database flipped", -2_000), ("the file cut short", 0), ("bytes appended", 1)])
    func aDamagedBackupIsRefusedAndChangesNothing(_ damage: String, _ offset: Int) throws {
        let lab = try SyncLab(units: [Self.units[0]])
        for n in 0..<20 { try lab.unit(Self.units[0]).add("publicity/study-session", try Bodies.studySession(n), unit: Self.units[0]) }
        #expect(try lab.sendToBureau(from: Self.units[0]).isApplied)
        let path = lab.root.appendingPathComponent("b.dudaobak").path
        try BackupArchive.write(lab.bureau, to: path)
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        switch offset {
        case 0: data = data.prefix(data.count - 100)
        case 1: data.append(contentsOf: [1, 2, 3])
        default:
            // Inside the compressed database, which ends before the two key files.
            let keys = try Data(contentsOf: lab.bureau.directory.appendingPathComponent("node.key")).count
                + (try Data(contentsOf: lab.bureau.directory.appendingPathComponent("node.pub")).count)
            data[data.count - keys + offset] ^= 0x01
        }
        try data.write(to: URL(fileURLWithPath: path))
        let target = lab.root.appendingPathComponent("restored")
        do {
            _ = try BackupRestore.restore(path, into: target, force: false, registry: SyncLab.registry)
            Issue.record("a backup with \(damage) was restored")
        } catch let error as DudaoError {
            #expect(error.message.en.contains(path) || error.message.en.contains("dudao.sqlite"), "\(damage): \(error.message.en)")
        }
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: lab.root.path).filter { $0.contains("restoring") }
        #expect(leftovers.isEmpty)
    }

    /// The bureau's disk is lost; it comes back from an older backup. The units' next bundles
    /// bring it up to date: each unit sends again what the restored bureau says it lacks, and the
    /// restored bureau writes under a new node, so no sequence the units already hold is reused.
    @Test func aBureauRestoredFromAnOlderBackupIsBroughtUpToDateByTheUnitsResends() throws {
        let lab = try SyncLab(units: Self.units)
        for unit in Self.units {
            for n in 0..<10 { try lab.unit(unit).add("publicity/study-session", try Bodies.studySession(n), unit: unit) }
            #expect(try lab.sendToBureau(from: unit).isApplied)
            #expect(try lab.sendToUnit(unit).isApplied)
        }
        let path = lab.root.appendingPathComponent("older.dudaobak").path
        try BackupArchive.write(lab.bureau, to: path)
        // After the backup: more from each unit, acknowledged by the bureau (which then loses its disk).
        for unit in Self.units {
            for n in 10..<25 { try lab.unit(unit).add("publicity/study-session", try Bodies.studySession(n), unit: unit) }
            #expect(try lab.sendToBureau(from: unit).isApplied)
            #expect(try lab.sendToUnit(unit).isApplied)
        }
        let lost = lab.bureau.identity.nodeID
        let target = lab.root.appendingPathComponent("bureau-restored")
        let report = try BackupRestore.restore(path, into: target, force: false, registry: SyncLab.registry)
        let bureau = try Store.open(at: target, registry: SyncLab.registry)
        #expect(bureau.identity.nodeID == report.node)
        #expect(bureau.identity.nodeID != lost)
        for unit in Self.units {
            #expect(try bureau.records(unit: unit).count == 10)
            // The restored bureau writes for the unit, and sends it under its new node.
            try bureau.add(LedgerItem.recordType, try Bodies.ledgerItem(3), unit: unit)
            #expect(BundleImporter(store: lab.unit(unit)).importBundle(try BundleExporter(store: bureau).bundle(for: unit).data).isApplied)
            // The unit hears what the new bureau holds of it and sends the rest again.
            let resend = try BundleExporter(store: lab.unit(unit)).bundle()
            #expect(resend.header.ranges[lab.unit(unit).identity.nodeID]?.after == 10)
            let outcome = BundleImporter(store: bureau).importBundle(resend.data)
            #expect(outcome.appliedChanges == 15)
            #expect(try bureau.digest(unit: unit) == lab.unit(unit).digest(unit: unit))
        }
        #expect(try bureau.check().passed)
        // The new node's sequence starts afresh; the lost node's changes the units hold keep theirs.
        let log = try bureau.changeLog()
        #expect(log.filter { $0.origin == bureau.identity.nodeID }.map(\.sequence) == [1, 2])
    }
}
