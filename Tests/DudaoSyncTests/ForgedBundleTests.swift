import Crypto
import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import Testing

/// Well-formed bundles, signed with real keys, that lie about who wrote what: each is refused
/// by the check it targets, naming the fault, and the store is left as it was.
@Suite struct ForgedBundleTests {
    static let unit = "school-no1-high"
    static let neighbour = "school-no2-high"

    /// A bureau that already holds a record of `unit`, and the unit's store.
    static func setUp() throws -> (lab: SyncLab, sender: Store) {
        let lab = try SyncLab(units: [unit, neighbour])
        try lab.unit(unit).add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: unit)
        try lab.sendToBureau(from: unit)
        return (lab, lab.unit(unit))
    }

    /// Changes that follow what the bureau already holds from `sender`.
    static func next(_ count: Int, of unit: String, by sender: Store) throws -> [RecordEnvelope] {
        try BundleForge.changes(of: unit, by: sender, count: count, first: 2)
    }

    static func forge(_ sender: Store, _ changes: [RecordEnvelope]) throws -> BundleForge {
        var forge = try BundleForge(from: sender, to: "bureau", changes: changes)
        forge.header.ranges = [sender.identity.nodeID: BundleForge.range(after: 1, through: changes.map(\.sequence).max() ?? 1)]
        return forge
    }

    @Test func theSameBundleIDWithOtherContentIsRefused() throws {
        let (lab, sender) = try Self.setUp()
        let forge = try Self.forge(sender, Self.next(2, of: Self.unit, by: sender))
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).appliedChanges == 2)
        try expectRefused(try forge.data(tweak: { $0.hlc = "1.0" }), by: lab.bureau, [.conflictingID])
        var other = forge
        other.changes = try Self.next(3, of: Self.unit, by: sender)
        try expectRefused(try other.data(tweak: { $0.ranges = [sender.identity.nodeID: BundleForge.range(after: 1, through: 4)] }),
                          by: lab.bureau, [.conflictingID])
    }

    @Test func aChangeTwiceInOneBundleIsRefused() throws {
        let (lab, sender) = try Self.setUp()
        let changes = try Self.next(2, of: Self.unit, by: sender)
        try expectRefused(try Self.forge(sender, changes + [changes[0]]).data(), by: lab.bureau, [.duplicateChange], "same change")
        var sameSequence = changes[1]
        sameSequence.id = UUID().uuidString.lowercased()
        sameSequence.sequence = changes[0].sequence
        try expectRefused(try Self.forge(sender, changes + [sameSequence]).data(), by: lab.bureau, [.duplicateChange], "same sequence")
    }

    @Test func aKeyTheBureauHasNotEnrolledIsRefused() throws {
        let (lab, sender) = try Self.setUp()
        let stranger = Curve25519.Signing.PrivateKey()
        var forge = try Self.forge(sender, Self.next(1, of: Self.unit, by: sender))
        forge.key = stranger
        // Signed by a stranger under the unit's key id: the signature fails.
        try expectRefused(try forge.data(), by: lab.bureau, [.badSignature])
        // Signed by a stranger under its own key id: the key is unknown.
        let strangerID = NodeIdentity.keyID(of: stranger.publicKey.rawRepresentation)
        try expectRefused(try forge.data(tweak: { $0.sender.keyID = strangerID }), by: lab.bureau, [.unenrolledKey])
    }

    @Test func anEnrolledKeyCannotWriteAnotherUnitsRecords() throws {
        let (lab, sender) = try Self.setUp()
        try expectRefused(try Self.forge(sender, Self.next(2, of: Self.neighbour, by: sender)).data(), by: lab.bureau,
                          [.unauthorised], "a record of the neighbour")
        try expectRefused(try Self.forge(sender, Self.next(1, of: Self.unit, by: sender)).data(tweak: { $0.sender.unit = Self.neighbour }),
                          by: lab.bureau, [.unauthorised], "claiming to be the neighbour")
        var relayed = try Self.next(1, of: Self.unit, by: sender)
        relayed[0].origin = lab.unit(Self.neighbour).identity.nodeID
        try expectRefused(try Self.forge(sender, relayed).data(), by: lab.bureau, [.unauthorised], "a change of another origin")
    }

    @Test(arguments: [LedgerAction.supervise, .close, .archive])
    func aUnitCannotMakeABureauTransition(action: LedgerAction) throws {
        let (lab, sender) = try Self.setUp()
        var changes = try Self.next(1, of: Self.unit, by: sender)
        changes[0].type = LedgerTransition.recordType
        changes[0].body = try Bodies.transition(item: "item-1", action: action, role: .office)
        try expectRefused(try Self.forge(sender, changes).data(), by: lab.bureau, [.unauthorised], "as office")
        changes[0].body = try Bodies.transition(item: "item-1", action: action, role: .unit)
        try expectRefused(try Self.forge(sender, changes).data(), by: lab.bureau, [.unauthorised], "as unit")
    }

    @Test func aUnitCannotWriteABureauRecordType() throws {
        let (lab, sender) = try Self.setUp()
        var changes = try Self.next(1, of: Self.unit, by: sender)
        changes[0].type = Inspection.recordType
        changes[0].body = try Bodies.inspection()
        try expectRefused(try Self.forge(sender, changes).data(), by: lab.bureau, [.unauthorised])
    }

    @Test func aBodySwappedUnderASignedHeaderIsRefused() throws {
        let (lab, sender) = try Self.setUp()
        // Stored (level 0) deflate: two bodies of equal raw length compress to equal lengths.
        let genuine = try Self.forge(sender, Self.next(2, of: Self.unit, by: sender))
        let signed = try genuine.data(level: 0)
        let bodyStart = BundleForge.Regions(signed).bodyStart
        var other = genuine
        other.changes[1].body = try Bodies.ledgerItem(7)
        let swapped = try Zlib.deflate(other.rawBody, level: 0)
        try #require(swapped.count == signed.count - bodyStart && swapped != signed[bodyStart...])
        try expectRefused(Data(signed[..<bodyStart]) + swapped, by: lab.bureau, [.bodyMismatch], "same length")
        try expectRefused(try genuine.data(body: swapped), by: lab.bureau, [.sizeMismatch], "other length")
        #expect(BundleImporter(store: lab.bureau).importBundle(signed).appliedChanges == 2)
    }

    @Test func aNewerFormatOrAnUnknownCriticalCapabilityIsRefused() throws {
        let (lab, sender) = try Self.setUp()
        let forge = try Self.forge(sender, Self.next(1, of: Self.unit, by: sender))
        try expectRefused(try forge.data(tweak: { $0.format = 2 }, version: 2), by: lab.bureau, [.newerFormat], "format 2")
        try expectRefused(try forge.data(version: 0x0100), by: lab.bureau, [.newerFormat], "format 256")
        try expectRefused(try forge.data(tweak: { $0.minReaderVersion = 2 }), by: lab.bureau, [.newerFormat], "reader 2")
        let fault = try expectRefused(try forge.data(tweak: { $0.critical.append("changes-v2") }), by: lab.bureau, [.unknownCapability])
        #expect(fault == .unknownCapability)
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data(tweak: { $0.critical.append("changes-v2") }))
            .refusal?.message.en.contains("changes-v2") == true)
    }

    @Test func aBundleForSomeoneElseOrWithAnInvalidRecordIsRefused() throws {
        let (lab, sender) = try Self.setUp()
        let forge = try Self.forge(sender, Self.next(1, of: Self.unit, by: sender))
        try expectRefused(try forge.data(tweak: { $0.recipient = Self.neighbour }), by: lab.bureau, [.wrongRecipient])
        try expectRefused(try forge.data(tweak: { $0.campaign = "another-campaign" }), by: lab.bureau, [.wrongRecipient])
        var invalid = forge
        invalid.changes[0].body = Data(#"{"title": ""}"#.utf8)
        try expectRefused(try invalid.data(), by: lab.bureau, [.invalidRecord])
        invalid.changes[0].type = "publicity/no-such-type"
        try expectRefused(try invalid.data(), by: lab.bureau, [.invalidRecord])
        var outside = forge
        outside.changes[0].sequence = 7
        try expectRefused(try outside.data(), by: lab.bureau, [.corruptBody], "a sequence outside the declared range")
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).appliedChanges == 1)
    }

    @Test func evidenceThatDoesNotMatchItsHashIsRefused() throws {
        let (lab, sender) = try Self.setUp()
        let scan = Data("a scanned notice".utf8)
        var forge = try Self.forge(sender, Self.next(1, of: Self.unit, by: sender))
        forge.changes[0].evidence = [Store.sha256(scan)]
        forge.evidence = [ChangeCodec.Evidence(hash: Store.sha256(scan), data: Data("another file".utf8))]
        try expectRefused(try forge.data(tweak: { $0.critical.append("evidence-v1") }), by: lab.bureau, [.corruptBody])
        forge.evidence = [ChangeCodec.Evidence(hash: Store.sha256(scan), data: scan)]
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data(tweak: { $0.critical.append("evidence-v1") })).isApplied)
        #expect(try lab.bureau.evidencePresent([Store.sha256(scan)]) == [Store.sha256(scan)])
    }
}
