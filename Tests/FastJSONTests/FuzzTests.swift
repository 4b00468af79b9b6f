// Random documents and random mutations of them: both decoders must agree.

import struct FastJSON.FastJSONDecoder
import struct DudaoKernel.SplitMix64
import Foundation
import Testing

@Suite struct FuzzTests {
    /// FASTJSON_FUZZ_SCALE=n runs n times as many documents.
    static let scale = Int(ProcessInfo.processInfo.environment["FASTJSON_FUZZ_SCALE"] ?? "") ?? 1
    static let seeds = Array(0..<40).map { UInt64($0) }

    /// Random valid documents (and the syntax Foundation tolerates), decoded three ways.
    @Test(arguments: seeds)
    func validDocuments(_ seed: UInt64) {
        for round in 0..<60 * Self.scale {
            var writer = JSONWriter(seed: seed &* 100_000 &+ UInt64(round))
            writer.value(depth: writer.chance(0.2) ? 3 : 0)
            let data = Data(writer.text.utf8)
            let explorer = compare(Explorer.self, data)
            #expect(explorer.matches, "\(writer.text):\(explorer)")
            for comparison in [compareLoosely(JSONValue.self, data), compareLoosely([String: JSONValue].self, data),
                               compareLoosely([JSONValue].self, data)] {
                if let comparison { Issue.record("\(writer.text):\(comparison)") }
            }
        }
    }

    /// Byte flips, insertions, deletions and truncations of random documents.
    @Test(arguments: seeds)
    func mutatedDocuments(_ seed: UInt64) {
        for round in 0..<40 * Self.scale {
            var writer = JSONWriter(seed: seed &* 777_777 &+ UInt64(round))
            writer.object(depth: 1)
            for data in mutations(of: Data(writer.text.utf8), seed: seed &+ UInt64(round) &* 31, count: 8) {
                if let comparison = compareLoosely(JSONValue.self, data) { Issue.record("\(describe(data)):\(comparison)") }
                let explorer = compare(Explorer.self, data)
                #expect(explorer.matches, "\(describe(data)):\(explorer)")
            }
        }
    }
}

@Suite struct TokenFuzzTests {
    /// Runs of `0-9 . e E + -` (what the scanner takes for a number), decoded as every numeric type.
    @Test(arguments: Array(0..<8).map { UInt64($0) })
    func numbers(_ seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let alphabet = Array("0123456789.eE+-00119")
        for _ in 0..<400 * FuzzTests.scale {
            var token = String(Array("-0123456789").randomElement(using: &random)!)
            for _ in 0..<Int.random(in: 0...24, using: &random) { token.append(alphabet.randomElement(using: &random)!) }
            let array = "[\(token)]"
            for comparison in [compare([Int].self, array), compare([Int8].self, array), compare([UInt64].self, array),
                               compare([Int64?].self, array), compare([UInt32].self, array), compare([Double].self, array),
                               compare([Float].self, array), compare([Decimal].self, array), compare([String?].self, array),
                               compare(Box<Int16>.self, "{\"a\":\(token)}"), compare(Box<Double?>.self, "{\"a\":\(token)}"),
                               compare(OptionalBox<Int>.self, "{\"b\":\(token)}"), compare(Double.self, token)] {
                #expect(comparison.matches, "\(token):\(comparison)")
            }
        }
    }

    /// Random bytes between quotes, biased towards escapes, surrogates and bytes >= 0x80.
    @Test(arguments: Array(0..<8).map { UInt64($0) })
    func strings(_ seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces: [[UInt8]] = [Array("\\".utf8), Array("\\u".utf8), Array("\\ud83d".utf8), Array("\\ude00".utf8), Array("\\uD800".utf8),
                                 Array("\\n".utf8), Array("\\\"".utf8), Array("a".utf8), Array("中".utf8), Array("😀".utf8),
                                 Array("0".utf8), Array("F".utf8), Array("g".utf8), [0x00], [0x1F], [0x7F], [0x80], [0xC3], [0xE4],
                                 [0xED, 0xA0, 0x80], [0xF0, 0x9F], [0xFF], Array("\"".utf8), Array("é".utf8), Array("e\u{301}".utf8)]
        for _ in 0..<400 * FuzzTests.scale {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...10, using: &random) { bytes += pieces.randomElement(using: &random)! }
            let string = Data([0x22] + bytes + [0x22])
            for comparison in [compare([String].self, Data("[".utf8) + string + Data("]".utf8)),
                               compare(Box<String?>.self, Data("{\"a\":".utf8) + string + Data("}".utf8)),
                               compare(OptionalBox<Int>.self, Data("{".utf8) + string + Data(":1}".utf8)),
                               compare(Box<Int>.self, Data("{\"a\":1,".utf8) + string + Data(":2}".utf8)),
                               compare(String.self, string), compare(LocalDate.self, string), compare(Data.self, string)] {
                #expect(comparison.matches, "\(describe(string)):\(comparison)")
            }
            if let loose = compareLoosely([String: String].self, Data("{".utf8) + string + Data(":".utf8) + string + Data("}".utf8)) {
                Issue.record("\(describe(string)):\(loose)")
            }
        }
    }
}
