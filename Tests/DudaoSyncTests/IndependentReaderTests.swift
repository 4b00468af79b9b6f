import Crypto
import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation
import Testing

/// `tools/read-bundle.py`, a second reader written from `schemas/bundle.md` in Python, against
/// Dudao's importer: the same verdict on genuine bundles, on bundles forged at each point the
/// document decides (re-signed with the enrolled key), and on every single-bit flip of a bundle.
@Suite struct IndependentReaderTests {
    static let unit = ForgedBundleTests.unit

    /// The verdicts of the Python reader on `bundles`, read by `receiver` with the keys it has enrolled.
    static func python(_ bundles: [Data], lab: SyncLab, receiver: Store) throws -> [Bool] {
        let python = try SchemaValidator.python.get()
        let folder = Fixtures.temporaryDirectory("independent-reader")
        defer { try? FileManager.default.removeItem(at: folder) }
        var arguments = [Fixtures.packageRoot.appendingPathComponent("tools/read-bundle.py").path,
                         "--recipient", receiver.identity.unit ?? "bureau", "--campaign", receiver.campaign.id]
        // Key files as bundle.md §6 describes them: the enrolled keys of the receiver.
        let senders: [(Store, String?)] = receiver.identity.isBureau ? lab.units.values.map { ($0, $0.identity.unit) } : [(lab.bureau, nil)]
        for (index, (store, unit)) in senders.enumerated() {
            let file = folder.appendingPathComponent("key-\(index).pub")
            try Data("# dudao public key · node \(store.identity.nodeID)\n\(store.identity.publicKey.base64EncodedString())\n".utf8).write(to: file)
            arguments += ["--key", file.path + (unit.map { "=" + $0 } ?? "")]
        }
        for (index, bundle) in bundles.enumerated() {
            let file = folder.appendingPathComponent("\(index).dbd")
            try bundle.write(to: file)
            arguments.append(file.path)
        }
        let output = folder.appendingPathComponent("verdicts")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        try #require(lines.count == bundles.count, "the reader failed (exit \(process.terminationStatus))")
        return try lines.map { line in
            let verdict = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(verdict["accepted"] as? Bool)
        }
    }

    /// Dudao's verdict without importing: every check of §4 up to the merge.
    static func dudao(_ bundle: Data, receiver: Store) -> Bool {
        (try? BundleImporter(store: receiver).verify(bundle)) != nil
    }

    /// Bundles from the unit to the bureau: genuine ones, and one forged at each decided point.
    static func unitBundles() throws -> (lab: SyncLab, cases: [(String, Data)]) {
        let (lab, sender) = try ForgedBundleTests.setUp()
        let store = lab.unit(Self.unit)
        let node = sender.identity.nodeID
        let publicKey = sender.identity.publicKey.base64EncodedString()
        let forge = try ForgedBundleTests.forge(sender, ForgedBundleTests.next(2, of: Self.unit, by: sender))
        let scan = Data("notice".utf8), hash = Store.sha256(scan)
        var cases: [(String, Data)] = [("genuine", try forge.data())]
        // The exporter's own bundles: edits, a tombstone, evidence.
        let replicaUnit = try SyncLab.replica(of: store)
        let evidence = try replicaUnit.addEvidence(scan)
        let item = try replicaUnit.add(LedgerItem.recordType, Bodies.ledgerItem(5), unit: Self.unit, evidence: [evidence])
        try replicaUnit.add(LedgerItem.recordType, Bodies.ledgerItem(6), unit: Self.unit, id: item.id, evidence: [evidence])
        let doomed = try replicaUnit.add(StudySessionBody.type, Bodies.studySession(2), unit: Self.unit)
        try replicaUnit.delete(id: doomed.id)
        cases.append(("exported", try BundleExporter(store: replicaUnit).bundle().data))
        // §2.1 and §2.2, re-signed.
        let text: [(String, (String) -> String)] = HeaderFormTests.nonCanonical.map { ($0.name, $0.edit) } + [
            ("key twice", { $0.replacingOccurrences(of: "\"recipient\":\"bureau\"", with: "\"recipient\":\"bureau\",\"recipient\":\"bureau\"") }),
            ("unknown", { $0.replacingOccurrences(of: "\"minReaderVersion\":1", with: "\"minReaderVersion\":1,\"mixed\":1") }),
            ("previousBundle", { $0.replacingOccurrences(of: ",\"ranges\":", with: ",\"previousBundle\":\"\(hash)\",\"ranges\":") }),
        ]
        for (name, edit) in text { cases.append((name, try HeaderFormTests.resigned(forge, edit))) }
        let tweaks: [(String, (inout BundleHeader) -> Void)] = [
            ("hlc", { $0.hlc = "-1.0" }), ("bundleID", { $0.bundleID = "b-1" }), ("keyID", { $0.sender.keyID = $0.sender.keyID.uppercased() }),
            ("after > through", { $0.ranges = [node: BundleForge.range(after: 3, through: 2)] }),
            ("another origin", { $0.ranges["other"] = BundleForge.range(after: 0, through: 9) }),
            ("evidence-v1 without files", { $0.critical.append("evidence-v1") }),
            ("recipient", { $0.recipient = ForgedBundleTests.neighbour }),
            // §14: an enrolment claim in its form is read (the key being enrolled, it is not needed);
            // in another form it is refused.
            ("enrolment", { $0.enrolment = EnrolmentClaim(kit: "kit-1", publicKey: publicKey, proof: Data(count: 64).base64EncodedString()) }),
            ("enrolment proof", { $0.enrolment = EnrolmentClaim(kit: "kit-1", publicKey: publicKey, proof: Data(count: 63).base64EncodedString()) }),
            ("enrolment key", { $0.enrolment = EnrolmentClaim(kit: "kit-1", publicKey: "not base64", proof: Data(count: 64).base64EncodedString()) }),
            ("enrolment kit", { $0.enrolment = EnrolmentClaim(kit: "", publicKey: publicKey, proof: Data(count: 64).base64EncodedString()) }),
        ]
        for (name, tweak) in tweaks { cases.append((name, try forge.data(tweak: tweak))) }
        // §3 and §5, re-signed.
        var changed = forge
        changed.changes[0].evidence = [hash.uppercased()]
        cases.append(("upper-case citation", try changed.data()))
        changed.changes[0].evidence = [hash]
        changed.evidence = [ChangeCodec.Evidence(hash: hash, data: scan)]
        cases.append(("carried without evidence-v1", try changed.data()))
        cases.append(("carried", try changed.data(tweak: { $0.critical.append("evidence-v1") })))
        changed.evidence += changed.evidence
        cases.append(("carried twice", try changed.data(tweak: { $0.critical.append("evidence-v1") })))
        changed = forge
        changed.changes[1].deleted = true
        changed.changes[1].evidence = [hash]
        cases.append(("tombstone citing", try changed.data()))
        changed = forge
        changed.changes[0].body = Data(("{\"title\":\"x\"," + String(decoding: forge.changes[0].body, as: UTF8.self).dropFirst()).utf8)
        cases.append(("body key twice", try changed.data()))
        changed = forge
        changed.changes[0].type = Inspection.recordType
        changed.changes[0].body = try Bodies.inspection()
        cases.append(("bureau type", try changed.data()))
        changed = forge
        changed.changes[0].type = LedgerTransition.recordType
        changed.changes[0].body = try Bodies.transition(item: "item-1", action: .close, role: .office)
        cases.append(("office transition", try changed.data()))
        changed = forge
        changed.changes[0].unit = ForgedBundleTests.neighbour
        cases.append(("neighbour's record", try changed.data()))
        changed = forge
        changed.key = Curve25519.Signing.PrivateKey()
        cases.append(("stranger", try changed.data()))
        cases.append(("trailing", try forge.data() + Data([0])))
        return (lab, cases)
    }

    @Test func bothReadersGiveTheSameVerdictOnEveryDecidedPoint() throws {
        let (lab, cases) = try Self.unitBundles()
        let verdicts = try Self.python(cases.map(\.1), lab: lab, receiver: lab.bureau)
        for ((name, bundle), python) in zip(cases, verdicts) {
            #expect(python == Self.dudao(bundle, receiver: lab.bureau), "\(name): python \(python)")
        }
        #expect(cases.filter { Self.dudao($0.1, receiver: lab.bureau) }.map(\.0) == ["genuine", "exported", "enrolment", "carried"])

        // The bureau's bundle for the unit, genuine and with a unit's record type.
        try lab.bureau.add(Inspection.recordType, Bodies.inspection(), unit: Self.unit)
        let genuine = try lab.bundle(for: Self.unit)
        var forged = try BundleForge(from: lab.bureau, to: Self.unit, changes: BundleForge.changes(of: Self.unit, by: lab.bureau, count: 1, first: 99))
        forged.changes[0].type = StudySessionBody.type
        forged.changes[0].body = try Bodies.studySession(1)
        let receiver = lab.unit(Self.unit)
        let both = [genuine, try forged.data()]
        #expect(try Self.python(both, lab: lab, receiver: receiver) == both.map { Self.dudao($0, receiver: receiver) })
        #expect(both.map { Self.dudao($0, receiver: receiver) } == [true, false])
    }

    /// The mutation suite's bit flips, read by both: every one refused by both.
    @Test func everyBitFlipIsRefusedByBoth() throws {
        let (lab, cases) = try Self.unitBundles()
        let bundle = cases[1].1
        let flips = bundle.indices.map { offset in
            var damaged = bundle
            damaged[offset] ^= UInt8(1 << (offset % 8))
            return damaged
        }
        let verdicts = try Self.python(flips, lab: lab, receiver: lab.bureau)
        #expect(verdicts.filter { $0 }.isEmpty, "python accepted flips at \(verdicts.indices.filter { verdicts[$0] })")
        #expect(flips.allSatisfy { !Self.dudao($0, receiver: lab.bureau) })
        #expect(try Self.python([bundle], lab: lab, receiver: lab.bureau) == [true])
    }
}
