import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import Testing

/// bundle.md §3: bodies with a key twice, evidence hashes in the wrong form or carried twice,
/// files carried without `evidence-v1`, tombstones citing evidence — each in a bundle signed by
/// the enrolled key, refused by name with the store unchanged; and what is allowed: a file cited
/// but not carried, a file carried for a change sent before, a tombstone as Dudao writes it.
@Suite struct ChangeFormTests {
    static let unit = ForgedBundleTests.unit
    static let scan = Data("a scanned notice".utf8)
    static var scanHash: String { Store.sha256(scan) }

    static func setUp(_ count: Int = 1) throws -> (lab: SyncLab, forge: BundleForge) {
        let (lab, sender) = try ForgedBundleTests.setUp()
        return (lab, try ForgedBundleTests.forge(sender, ForgedBundleTests.next(count, of: Self.unit, by: sender)))
    }

    /// Foundation keeps the first `title`, Python the last: the body reads two ways, so it is refused.
    @Test func aBodyWithAKeyTwiceIsRefused() throws {
        let (lab, genuine) = try Self.setUp()
        var forge = genuine
        let body = String(decoding: forge.changes[0].body, as: UTF8.self)
        #expect(body.hasPrefix("{"))
        forge.changes[0].body = Data(("{\"title\":\"另一标题\"," + body.dropFirst()).utf8)
        try expectRefused(try forge.data(), by: lab.bureau, [.invalidRecord])
        let message = try #require(BundleImporter(store: lab.bureau).importBundle(try forge.data()).refusal?.message)
        #expect(message.en.contains(forge.changes[0].id) && message.en.contains("\"title\" appears twice"), "\(message.en)")
        #expect(message.zh.contains(forge.changes[0].id))
        // The same key in two different objects is no repetition.
        forge.changes[0].body = Data(body.utf8)
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).appliedChanges == 1)
    }

    @Test func anUpperCaseOrMalformedOrRepeatedCitationIsRefused() throws {
        let (lab, genuine) = try Self.setUp()
        var forge = genuine
        for (name, cited) in [("upper case", [Self.scanHash.uppercased()]), ("short", [String(Self.scanHash.prefix(63))]),
                              ("not hex", [String(Self.scanHash.prefix(63)) + "g"]), ("twice", [Self.scanHash, Self.scanHash])] {
            forge.changes[0].evidence = cited
            try expectRefused(try forge.data(), by: lab.bureau, [.invalidRecord], name)
            #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).refusal?.message.en.contains(forge.changes[0].id) == true)
        }
    }

    /// A file the change cites but the bundle does not carry is allowed: it arrives with a later
    /// bundle, which carries it without citing it again.
    @Test func aFileCitedButNotCarriedArrivesLater() throws {
        let (lab, genuine) = try Self.setUp()
        var forge = genuine
        forge.changes[0].evidence = [Self.scanHash]
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).appliedChanges == 1)
        #expect(try lab.bureau.evidencePresent([Self.scanHash]).isEmpty)
        var later = try ForgedBundleTests.forge(lab.unit(Self.unit), [])
        later.header.ranges = [forge.header.sender.node: BundleForge.range(after: 2, through: 2)]
        later.evidence = [ChangeCodec.Evidence(hash: Self.scanHash, data: Self.scan)]
        #expect(BundleImporter(store: lab.bureau).importBundle(try later.data(tweak: { $0.critical.append("evidence-v1") })).isApplied)
        #expect(try lab.bureau.evidencePresent([Self.scanHash]) == [Self.scanHash])
    }

    @Test func aFileCarriedTwiceOrUnderAnUpperCaseNameIsRefused() throws {
        let (lab, genuine) = try Self.setUp()
        var forge = genuine
        forge.changes[0].evidence = [Self.scanHash]
        forge.evidence = [ChangeCodec.Evidence(hash: Self.scanHash, data: Self.scan), ChangeCodec.Evidence(hash: Self.scanHash, data: Self.scan)]
        let twice = try forge.data(tweak: { $0.critical.append("evidence-v1") })
        try expectRefused(twice, by: lab.bureau, [.corruptBody], "carried twice")
        #expect(BundleImporter(store: lab.bureau).importBundle(twice).refusal?.message.en.contains("carried twice") == true)
        forge.evidence = [ChangeCodec.Evidence(hash: Self.scanHash.uppercased(), data: Self.scan)]
        try expectRefused(try forge.data(tweak: { $0.critical.append("evidence-v1") }), by: lab.bureau, [.corruptBody], "upper-case name")
        forge.evidence = [ChangeCodec.Evidence(hash: Self.scanHash, data: Self.scan)]
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data(tweak: { $0.critical.append("evidence-v1") })).appliedChanges == 1)
    }

    /// `evidence-v1` is listed exactly when files are carried: a reader that lacks the capability
    /// must not skip files it cannot check, and the flag must not promise files that are not there.
    @Test func evidenceCarriedWithoutItsCapabilityOrTheCapabilityWithoutEvidenceIsRefused() throws {
        let (lab, genuine) = try Self.setUp()
        var forge = genuine
        forge.changes[0].evidence = [Self.scanHash]
        forge.evidence = [ChangeCodec.Evidence(hash: Self.scanHash, data: Self.scan)]
        try expectRefused(try forge.data(), by: lab.bureau, [.badHeader], "files without evidence-v1")
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).refusal?.message.en.contains("evidence-v1") == true)
        forge.evidence = []
        try expectRefused(try forge.data(tweak: { $0.critical.append("evidence-v1") }), by: lab.bureau, [.badHeader], "evidence-v1 without files")
    }

    /// A tombstone carries the deleted version's body, validated like any body, and cites nothing.
    @Test func aTombstoneCarriesTheLastBodyAndCitesNoEvidence() throws {
        let lab = try SyncLab(units: [Self.unit])
        let store = lab.unit(Self.unit)
        let hash = try store.addEvidence(Self.scan)
        let item = try store.add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: Self.unit, evidence: [hash])
        try store.delete(id: item.id)
        let bundle = try lab.bundle(from: Self.unit)
        let tombstone = try #require(try BundleFile.parse(bundle).contents().changes.first { $0.id == item.id })
        #expect(tombstone.deleted && tombstone.body == item.body && tombstone.evidence.isEmpty)
        let replica = try SyncLab.replica(of: lab.bureau)
        #expect(BundleImporter(store: lab.bureau).importBundle(bundle).isApplied)

        var forge = try BundleForge(from: store, to: "bureau", changes: [tombstone])
        forge.header.ranges = [store.identity.nodeID: BundleForge.range(after: 0, through: tombstone.sequence)]
        forge.changes[0].evidence = [hash]
        try expectRefused(try forge.data(), by: replica, [.invalidRecord], "a tombstone citing evidence")
        forge.changes[0].evidence = []
        forge.changes[0].body = Data(#"{"title":""}"#.utf8)
        try expectRefused(try forge.data(), by: replica, [.invalidRecord], "a tombstone with an invalid body")
    }
}
