import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import Testing

/// Damaged bytes — a flipped bit anywhere, a cut anywhere, bytes added, lying lengths, a zip
/// bomb — are refused with a reason naming the fault, and the store is left as it was.
@Suite struct DamagedBundleTests {
    static let unit = "school-no1-high"

    /// A lab whose bureau already holds some records, and a small genuine bundle it has not seen.
    static func setUp() throws -> (lab: SyncLab, bundle: Data) {
        let lab = try SyncLab(units: [unit])
        let store = lab.unit(unit)
        try store.add(LedgerItem.recordType, Bodies.ledgerItem(1), unit: unit)
        try lab.sendToBureau(from: unit)
        try store.add(LedgerItem.recordType, Bodies.ledgerItem(2), unit: unit)
        try store.add(StudySessionBody.type, Bodies.studySession(3), unit: unit)
        return (lab, try lab.bundle(from: unit))
    }

    /// What a flip may turn into, by the region it falls in.
    static func expectedFaults(at offset: Int, _ regions: BundleForge.Regions) -> Set<BundleError.Fault> {
        switch offset {
        case 0..<8: [.notABundle]
        case 8..<10: [.newerFormat, .notABundle]  // version 0 is no format; above 1 is a newer one
        case 10..<14: [.badHeader, .truncated]
        // Checks before the signature see the header first: a damaged header may fail to parse, name a
        // newer reader or an unknown capability, disagree with the body length, or name an unknown key.
        case 14..<regions.headerEnd: [.badHeader, .newerFormat, .unknownCapability, .sizeMismatch, .unenrolledKey, .badSignature]
        case regions.headerEnd..<regions.signatureEnd: [.badSignature]
        case regions.signatureEnd..<regions.bodyStart: [.sizeMismatch]
        default: [.bodyMismatch]
        }
    }

    @Test func aBitFlippedAtAnyOffsetIsRefused() throws {
        let (lab, bundle) = try Self.setUp()
        let regions = BundleForge.Regions(bundle)
        var seen: [BundleError.Fault: Int] = [:]
        for offset in 0..<bundle.count {
            var damaged = bundle
            damaged[offset] ^= UInt8(1 << (offset % 8))
            let fault = try expectRefused(damaged, by: lab.bureau, Self.expectedFaults(at: offset, regions), "flip at \(offset)")
            if let fault { seen[fault, default: 0] += 1 }
        }
        // Every region was reached, and the genuine bundle still applies afterwards.
        for fault in [BundleError.Fault.notABundle, .badHeader, .badSignature, .sizeMismatch, .bodyMismatch] {
            #expect(seen[fault, default: 0] > 0, "no flip gave \(fault)")
        }
        #expect(BundleImporter(store: lab.bureau).importBundle(bundle).appliedChanges == 2)
    }

    @Test func aBundleCutAtAnyOffsetIsRefused() throws {
        let (lab, bundle) = try Self.setUp()
        for length in 0..<bundle.count {
            try expectRefused(bundle.prefix(length), by: lab.bureau, length < 14 ? [.notABundle] : [.truncated], "cut at \(length)")
        }
        #expect(BundleImporter(store: lab.bureau).importBundle(bundle).isApplied)
    }

    @Test(arguments: [1, 64, 4096])
    func trailingGarbageIsRefused(count: Int) throws {
        let (lab, bundle) = try Self.setUp()
        try expectRefused(bundle + Data(repeating: 0x5A, count: count), by: lab.bureau, [.trailingData])
    }

    /// The two length fields outside the signed header: the header's and the body's.
    @Test func lyingUnsignedLengthsAreRefused() throws {
        let (lab, bundle) = try Self.setUp()
        let regions = BundleForge.Regions(bundle)
        let headerLength = UInt64(regions.headerEnd - 14)
        for lie: UInt64 in [0, 1, headerLength - 1, headerLength + 1, headerLength + 64, 1 << 20 + 1, 0xFFFF_FFFF] {
            var damaged = bundle
            damaged.replaceSubrange(10..<14, with: BundleForge.bigEndian(lie, bytes: 4))
            try expectRefused(damaged, by: lab.bureau, [.badHeader, .truncated], "header length \(lie)")
        }
        let bodyLength = UInt64(bundle.count - regions.bodyStart)
        for lie: UInt64 in [0, bodyLength - 1, bodyLength + 1, UInt64(Int.max), UInt64.max] {
            var damaged = bundle
            damaged.replaceSubrange(regions.signatureEnd..<regions.bodyStart, with: BundleForge.bigEndian(lie, bytes: 8))
            try expectRefused(damaged, by: lab.bureau, [.sizeMismatch], "body length \(lie)")
        }
    }

    /// Sizes and counts inside the signed header, signed by the real key: the body must bear them out.
    @Test func lyingSignedSizesAndCountsAreRefused() throws {
        let lab = try SyncLab(units: [Self.unit])
        let sender = lab.unit(Self.unit)
        let forge = try BundleForge(from: sender, to: "bureau", changes: BundleForge.changes(of: Self.unit, by: sender, count: 3))
        let cases: [(String, (inout BundleHeader) -> Void, Set<BundleError.Fault>)] = [
            ("compressedSize + 1", { $0.compressedSize += 1 }, [.sizeMismatch]),
            ("compressedSize - 1", { $0.compressedSize -= 1 }, [.sizeMismatch]),
            ("uncompressedSize - 1", { $0.uncompressedSize -= 1 }, [.sizeMismatch]),
            ("uncompressedSize + 1", { $0.uncompressedSize += 1 }, [.sizeMismatch]),
            ("uncompressedSize over the limit", { $0.uncompressedSize = BundleFormat.maximumBodyBytes + 1 }, [.tooLarge]),
            // A negative size breaks the header's form (bundle.md §2.2) before any size is compared.
            ("negative uncompressedSize", { $0.uncompressedSize = -1 }, [.badHeader]),
            ("one change too many", { $0.counts.changes += 1 }, [.sizeMismatch]),
            ("one change too few", { $0.counts.changes -= 1 }, [.sizeMismatch]),
            ("an evidence file that is not there", {
                $0.counts.evidence = 1
                $0.critical.append("evidence-v1")
            }, [.sizeMismatch]),
        ]
        for (name, tweak, faults) in cases {
            try expectRefused(try forge.data(tweak: tweak), by: lab.bureau, faults, name)
        }
        #expect(BundleImporter(store: lab.bureau).importBundle(try forge.data()).appliedChanges == 3)
    }

    /// A small body that inflates to 64 MiB, declaring 4 KiB: inflation stops at the declared size.
    @Test func aZipBombStopsAtTheDeclaredSize() throws {
        let lab = try SyncLab(units: [Self.unit])
        let sender = lab.unit(Self.unit)
        let forge = try BundleForge(from: sender, to: "bureau", changes: BundleForge.changes(of: Self.unit, by: sender, count: 1))
        let bomb = try Zlib.deflate(Data(count: 64 << 20), level: 9)
        #expect(bomb.count < 128 << 10)
        #expect(throws: Zlib.InflateError.exceedsLimit(4096)) { try Zlib.inflate(bomb, limit: 4096) }
        let data = try forge.data(tweak: {
            $0.uncompressedSize = 4096
            $0.compressedSize = bomb.count
            $0.bodySHA256 = Store.sha256(bomb)
        }, body: bomb)
        let fault = try expectRefused(data, by: lab.bureau, [.sizeMismatch])
        #expect(fault == .sizeMismatch)
        #expect(BundleImporter(store: lab.bureau).importBundle(data).refusal?.message.en.contains("zip bomb") == true)
    }
}
