import Crypto
import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import Synchronization
import Testing

/// The store keeps the reasons of refusals from verified senders only: bytes nobody could
/// verify leave nothing behind and are never attributed to the unit they claim.
@Suite struct RefusalLogTests {
    @Test func aVerifiedSendersRefusalKeepsItsReasonAgainstItsEnrolledUnit() throws {
        let (lab, sender) = try ForgedBundleTests.setUp()
        let changes = try ForgedBundleTests.next(2, of: ForgedBundleTests.unit, by: sender)
        try expectRefused(try ForgedBundleTests.forge(sender, changes + [changes[0]]).data(), by: lab.bureau, [.duplicateChange])
        let refused = try lab.bureau.syncState().refused
        #expect(refused.count == 1)
        #expect(refused.first?.senderUnit == ForgedBundleTests.unit)
        #expect(refused.first?.reason.isEmpty == false)
    }

    @Test func unverifiedBytesLeaveNoRowAndReachTheCallersLog() throws {
        let (lab, sender) = try ForgedBundleTests.setUp()
        let heard = Heard()
        let importer = BundleImporter(store: lab.bureau) { error in heard.faults.withLock { $0.append(error.fault) } }
        var stranger = try ForgedBundleTests.forge(sender, ForgedBundleTests.next(1, of: ForgedBundleTests.unit, by: sender))
        stranger.key = Curve25519.Signing.PrivateKey()
        var tampered = try ForgedBundleTests.forge(sender, ForgedBundleTests.next(1, of: ForgedBundleTests.unit, by: sender)).data()
        tampered[tampered.count - 1] ^= 0xFF
        let neighbour = try ForgedBundleTests.forge(lab.unit(ForgedBundleTests.neighbour), [])
        var unenrolled = neighbour
        unenrolled.header.sender.keyID = "not-enrolled"
        for data in [Data("junk".utf8), try stranger.data(), tampered, try unenrolled.data()] {
            #expect(importer.importBundle(data).refusal != nil)
        }
        #expect(try lab.bureau.syncState().refused.isEmpty)
        #expect(heard.faults.withLock { $0.count } == 4)
    }
}

/// What the importer's unverified hook heard.
final class Heard: Sendable {
    let faults = Mutex<[BundleError.Fault]>([])
}
