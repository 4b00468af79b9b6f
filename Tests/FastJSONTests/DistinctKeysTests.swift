// A decoder that refuses an object with a key twice (bundle.md §3), and the default one that
// keeps reading such objects as Foundation does.

import struct FastJSON.FastJSONDecoder
import Foundation
import Testing

@Suite struct DistinctKeysTests {
    struct Item: Codable, Equatable {
        var title: String
        var tags: [Tag]?
    }

    struct Tag: Codable, Equatable {
        var name: String
    }

    static let refusing = FastJSONDecoder(strict: true)

    /// The coding path and message of a refusal.
    static func refusal(_ json: String) -> (path: [String], message: String)? {
        do {
            _ = try refusing.decode(Item.self, from: Data(json.utf8))
            return nil
        } catch DecodingError.dataCorrupted(let context) {
            return (context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }, context.debugDescription)
        } catch {
            return ([], "\(error)")
        }
    }

    @Test(arguments: [
        (#"{"title":"a","title":"b"}"#, ["title"]),
        (#"{"title":"a","tags":[{"name":"x"},{"name":"y","name":"z"}]}"#, ["tags", "[1]", "name"]),
        (#"{"title":"a","\u0074itle":"b"}"#, ["title"]),
        ("{\"title\":\"a\",\"x\":{\"\u{E9}\":1,\"e\u{301}\":2}}", ["x", "é"]),
        (#"{"title":"a","extra":1,"extra":2}"#, ["extra"]),
    ])
    func aKeyTwiceIsRefusedWithItsPath(json: String, path: [String]) throws {
        let refusal = try #require(Self.refusal(json), "\(json) was read")
        #expect(refusal.path.map { $0.precomposedStringWithCanonicalMapping } == path.map { $0.precomposedStringWithCanonicalMapping }, "\(json)")
        #expect(refusal.message.contains("appears twice"))
        // The default decoder reads it as Foundation's does.
        check(Item.self, json)
    }

    @Test func manyKeysAndEqualKeysInDifferentObjectsAreFine() throws {
        let tags = (0..<3).map { _ in #"{"name":"n"}"# }.joined(separator: ",")
        let item = try Self.refusing.decode(Item.self, from: Data(#"{"title":"t","tags":[\#(tags)]}"#.utf8))
        #expect(item == Item(title: "t", tags: Array(repeating: Tag(name: "n"), count: 3)))
        // Past the 32 keys compared pairwise, a set of names is used.
        var members = (0..<40).map { #""k\#($0)":\#($0)"# }
        let wide = "{\"title\":\"t\"," + members.joined(separator: ",") + "}"
        #expect(try Self.refusing.decode(Item.self, from: Data(wide.utf8)) == Item(title: "t"))
        members.append(#""k7":0"#)
        #expect(Self.refusal("{\"title\":\"t\"," + members.joined(separator: ",") + "}")?.path == ["k7"])
    }

    /// Foundation reads a trailing comma; RFC 8259 and Python do not. The strict decoder refuses it.
    @Test(arguments: [#"{"title":"a",}"#, #"{"title":"a","tags":[{"name":"x"},]}"#])
    func aTrailingCommaIsRefused(json: String) throws {
        let refusal = try #require(Self.refusal(json), "\(json) was read")
        #expect(refusal.message.contains("trailing comma"))
        check(Item.self, json)
        #expect(throws: Never.self) { try FastJSONDecoder().decode(Item.self, from: Data(json.utf8)) }
    }

    @Test func utf16IsRefusedRatherThanReadUnchecked() throws {
        let utf16 = try #require(#"{"title":"a","title":"b"}"#.data(using: .utf16BigEndian))
        #expect(throws: DecodingError.self) { try Self.refusing.decode(Item.self, from: utf16) }
        #expect(try FastJSONDecoder().decode(Item.self, from: utf16) == JSONDecoder().decode(Item.self, from: utf16))
    }
}
