import DudaoSync
import Foundation
import Testing

@Suite struct ZlibTests {
    @Test func roundTripsAndStopsAtTheLimit() throws {
        let text = Data(String(repeating: "督导台账 ledger ", count: 5000).utf8)
        let packed = try Zlib.deflate(text)
        #expect(packed.count < text.count / 10)
        #expect(packed.first == 0x78)  // an RFC 1950 header
        #expect(try Zlib.inflate(packed, limit: text.count) == text)
        #expect(throws: Zlib.InflateError.exceedsLimit(text.count - 1)) { try Zlib.inflate(packed, limit: text.count - 1) }
        #expect(throws: Zlib.InflateError.trailingData) { try Zlib.inflate(packed + Data([0]), limit: text.count) }
        #expect(throws: Zlib.InflateError.self) { try Zlib.inflate(packed.prefix(packed.count - 3), limit: text.count) }
    }
}
