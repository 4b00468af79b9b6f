import DudaoKernel
import DudaoSync
import Foundation
import Testing

/// The inflated body's binary layout: changes come back as they went in, and a damaged body is
/// refused as corrupt, at any cut, never read past its end.
@Suite struct ChangeCodecTests {
    static func changes() throws -> [RecordEnvelope] {
        try (0..<3).map { n in
            RecordEnvelope(id: "record-\(n)", unit: "school-no1-high", type: LedgerItem.recordType, body: try Bodies.ledgerItem(n),
                           author: n == 0 ? nil : "张主任", hlc: HLC(wall: 1_490_000_000_000 + Int64(n), counter: Int32(n)),
                           origin: "node-a", sequence: Int64(n + 1), deleted: n == 2, evidence: n == 1 ? [String(repeating: "a", count: 64)] : [])
        }
    }

    @Test func changesAndEvidenceRoundTrip() throws {
        let changes = try Self.changes()
        let evidence = [ChangeCodec.Evidence(hash: "f00d", data: Data("scan".utf8))]
        let decoded = try ChangeCodec.decode(ChangeCodec.encode(changes, evidence: evidence))
        #expect(decoded.changes == changes)
        #expect(decoded.evidence == evidence)
    }

    @Test func aBodyCutAnywhereOrWithBadTextIsCorrupt() throws {
        let body = ChangeCodec.encode(try Self.changes(), evidence: [])
        for length in 0..<body.count {
            #expect(throws: BundleError.self) { try ChangeCodec.decode(body.prefix(length)) }
            do {
                _ = try ChangeCodec.decode(body.prefix(length))
            } catch {
                #expect(error.fault == .corruptBody)
            }
        }
        // The first id's bytes (after CHG1, the count and the id's length) made invalid UTF-8.
        var damaged = body
        damaged[12] = 0xFF
        #expect(throws: BundleError.self) { try ChangeCodec.decode(damaged) }
        #expect(throws: BundleError.self) { try ChangeCodec.decode(body + Data([0])) }
    }
}
