import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import Testing

/// Records made at three units and at the bureau arrive intact on the other side, and a unit
/// is sent nothing of another unit.
@Suite struct SyncRoundTripTests {
    static let schools = ["school-no1-high", "school-no2-high", "school-no3-high"]

    /// Each unit writes items, study sessions, an edit, a tombstone and a record citing evidence.
    static func writeUnitWork(_ lab: SyncLab) throws -> [String: String] {
        var evidence: [String: String] = [:]
        for (index, unit) in schools.enumerated() {
            let store = lab.unit(unit)
            let hash = try store.addEvidence(Data("photo of \(unit)'s notice board".utf8))
            evidence[unit] = hash
            let item = try store.add(LedgerItem.recordType, Bodies.ledgerItem(index), unit: unit, evidence: [hash])
            try store.add(StudySessionBody.type, Bodies.studySession(index), unit: unit)
            let doomed = try store.add(StudySessionBody.type, Bodies.studySession(index + 7), unit: unit)
            try store.delete(id: doomed.id)
            try store.add(LedgerItem.recordType, Bodies.ledgerItem(index + 100, title: "已修改"), unit: unit, id: item.id, evidence: [hash])
        }
        return evidence
    }

    @Test func recordsOfThreeUnitsAndTheBureauArriveIntact() throws {
        let lab = try SyncLab(units: Self.schools)
        let evidence = try Self.writeUnitWork(lab)
        for unit in Self.schools {
            let sent = try lab.unit(unit).everything()
            let outcome = try lab.sendToBureau(from: unit)
            #expect(outcome.appliedChanges == sent.count, "\(outcome)")
            let arrived = try lab.bureau.records(unit: unit, includeDeleted: true)
            #expect(Dictionary(uniqueKeysWithValues: arrived.map { ($0.id, $0) }) == sent)
            #expect(try lab.bureau.evidencePresent([evidence[unit]!]) == [evidence[unit]!])
        }

        // The bureau inspects each unit (findings open ledger items) and supervises the unit's item.
        for unit in Self.schools {
            try lab.bureau.add(Inspection.recordType, Bodies.inspection(), unit: unit)
            let item = try #require(try lab.bureau.records(unit: unit, type: LedgerItem.recordType).first { $0.origin != lab.bureau.identity.nodeID })
            try lab.bureau.add(LedgerTransition.recordType, Bodies.transition(item: item.id, action: .supervise, role: .office), unit: unit)
        }
        for unit in Self.schools {
            let bundle = try lab.bundle(for: unit)
            let importer = BundleImporter(store: lab.unit(unit))
            let outcome = importer.importBundle(bundle)
            let fromBureau = try lab.bureau.records(unit: unit, includeDeleted: true).filter { $0.origin == lab.bureau.identity.nodeID }
            #expect(fromBureau.count == 3)  // the inspection, its finding's ledger item, the transition
            #expect(outcome.appliedChanges == fromBureau.count, "\(outcome)")
            let here = try lab.unit(unit).everything()
            for record in fromBureau { #expect(here[record.id] == record) }
            #expect(try lab.unit(unit).digest(unit: unit) == lab.bureau.digest(unit: unit))
            #expect(try lab.unit(unit).integrityCheck() == "ok")

            // The same file again changes nothing; a fresh bundle of the same changes merges as duplicates.
            guard case .duplicate = importer.importBundle(bundle) else {
                Issue.record("a second import of the same bundle is not a duplicate")
                continue
            }
            guard case .applied(0, let duplicates, 0, _, _) = try lab.sendToUnit(unit) else {
                Issue.record("a re-export of known changes was not applied as duplicates")
                continue
            }
            #expect(duplicates == fromBureau.count)
        }
    }

    @Test func theBureausBundleForAUnitHoldsNothingOfAnotherUnit() throws {
        let lab = try SyncLab(units: Self.schools)
        _ = try Self.writeUnitWork(lab)
        for unit in Self.schools {
            try lab.sendToBureau(from: unit)
            try lab.bureau.add(Inspection.recordType, Bodies.inspection(), unit: unit)
            try lab.bureau.add(LedgerItem.recordType, Bodies.ledgerItem(5, title: "教育局交办"), unit: unit)
        }
        let target = Self.schools[0]
        let secret = try lab.bureau.add(Inspection.recordType, Bodies.inspection(held: false, announced: false), unit: target)
        let planned = try lab.bureau.add(Inspection.recordType, Bodies.inspection(held: false, announced: true), unit: target)

        let data = try lab.bundle(for: target)
        let file = try BundleFile.parse(data)
        let changes = try file.contents().changes
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { $0.unit == target })
        #expect(!changes.contains { $0.id == secret.id })  // unannounced, not yet held: not sent
        #expect(changes.contains { $0.id == planned.id })
        let nodes = Set([lab.bureau.identity.nodeID, lab.unit(target).identity.nodeID])
        #expect(Set(file.header.knowledge.keys).isSubset(of: nodes))
        #expect(Array(file.header.ranges.keys) == [lab.bureau.identity.nodeID])

        #expect(BundleImporter(store: lab.unit(target)).importBundle(data).isApplied)
        #expect(try lab.unit(target).records(includeDeleted: true).allSatisfy { $0.unit == target })
    }
}

extension StudySessionBody {
    static let type = "publicity/study-session"
}
