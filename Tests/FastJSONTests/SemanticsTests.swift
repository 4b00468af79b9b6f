// Targeted comparisons with Foundation's JSONDecoder: syntax, numbers, strings, containers.

import struct FastJSON.FastJSONDecoder
import Foundation
import Testing

struct Box<T: Codable & Equatable>: Codable, Equatable {
    var a: T
}

struct OptionalBox<T: Codable & Equatable>: Codable, Equatable {
    var a: T?
}

/// Checks that both decoders agree on `json` decoded as `T`.
func check<T: Decodable & Equatable>(_ type: T.Type, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let result = compare(type, json)
    #expect(result.matches, "\(T.self) from \(json):\(result)", sourceLocation: sourceLocation)
}

func check<T: Decodable & Equatable>(_ type: T.Type, _ data: Data, sourceLocation: SourceLocation = #_sourceLocation) {
    let result = compare(type, data)
    #expect(result.matches, "\(T.self) from \(describe(data)):\(result)", sourceLocation: sourceLocation)
}

@Suite struct SyntaxTests {
    static let documents = [
        "", " ", "1", " 1 ", "1 2", "12", "-", "tru", "true", "truex", "false", "null", "nul", "nulll", "[]", "[ ]", "{}", "{ }",
        "[1,]", "[1 , ]", "[,]", "[1,,]", "[1 2]", "[1}", "{\"a\":1,}", "{\"a\":1,,}", "{,}", "{\"a\":1 \"b\":2}", "{\"a\" 1}",
        "{1:1}", "{\"a\":1}}", "{\"a\":1]", "{\"a\"}", "{\"a\":}", "{\"a\":1", "[1", "[", "{", "\"abc", "\"abc\" x", "\"abc\"  \n",
        "{\"a\":\u{0B}1}", "{\"a\":\u{A0}1}", "// c\n{}", "{}\n", "\u{FEFF}1", "\u{FEFF}{}", "[\"\\\"]", "[\"\\u12\"]", "[\"\\u\"]",
        "[\"\\", "[\"\\\"\"]", "{\"a\":[1,]}", "{\"a\":tru}", "{\"a\":true1}", "{\"a\":true }", "{\"a\":\t\r\n1}", "NaN", "Infinity",
        "-Infinity", "[-]", "[+1]", "[.1]", "[0x1]", "[1a]", "[-a]", "'a'", "{'a':1}", "[\"a\"\"b\"]", "{\"a\":{\"b\":[[[1]]]}}",
        "[null, true, false, 1, -1.5e3, \"x\", [], {}]", "  {  \"a\"  :  [  1  ,  2  ]  }  ", "\t[\r\n]\r\n",
    ]

    @Test(arguments: documents)
    func document(_ json: String) {
        check(JSONValue.self, json)
        check(Explorer.self, json)
        check([Int].self, json)
        check(Box<Int>.self, json)
    }

    @Test func nestingDepth() {
        for depth in [511, 512, 513, 600] {
            let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            check(JSONValue.self, arrays)
            let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
            check(JSONValue.self, objects)
        }
    }

    /// Scanning is iterative: a deeply nested value that is not decoded needs no deep stack.
    @Test func deepNestingOnASmallStack() async {
        let ok = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let thread = Thread {
                let deep = String(repeating: "[", count: 511) + String(repeating: "]", count: 511)
                let tooDeep = String(repeating: "{\"a\":[", count: 257) + String(repeating: "]}", count: 257)
                let decoder = FastJSONDecoder()
                let accepted = (try? decoder.decode(OptionalBox<Int>.self, from: Data("{\"b\":\(deep)}".utf8))) != nil
                let rejected = (try? decoder.decode(OptionalBox<Int>.self, from: Data("{\"b\":\(tooDeep)}".utf8))) == nil
                continuation.resume(returning: accepted && rejected)
            }
            thread.stackSize = 64 * 1024
            thread.start()
        }
        #expect(ok)
    }

    @Test func errorsNameJSONAndTheByteOffset() throws {
        for (json, offset) in [("{\"a\":1,,}", 7), ("[1 2]", 3), ("", 0), ("{\"a\":1} x", 8), ("\"abc", 4)] {
            do {
                _ = try FastJSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
                Issue.record("\(json) decoded")
            } catch DecodingError.dataCorrupted(let context) {
                #expect(context.codingPath.isEmpty)
                #expect(context.debugDescription.contains("JSON"))
                #expect(context.debugDescription.contains("byte offset \(offset)"), "\(context.debugDescription)")
            }
        }
    }

    @Test func encodings() {
        // UTF-16 and UTF-32 input is handed to JSONDecoder; a UTF-8 byte order mark is skipped.
        for encoding: String.Encoding in [.utf16, .utf16BigEndian, .utf16LittleEndian, .utf32, .utf32BigEndian, .utf32LittleEndian] {
            for json in ["{\"a\":\"中文\"}", "1", "[1,2]"] {
                check(JSONValue.self, json.data(using: encoding)!)
            }
        }
        check(JSONValue.self, Data([0xEF, 0xBB, 0xBF]) + Data("{\"a\":1}".utf8))
        check(JSONValue.self, Data([0xEF, 0xBB, 0xBF]))
        check(JSONValue.self, Data([0x31, 0x00]))
        check(JSONValue.self, Data([0x00, 0x31]))
    }
}

@Suite struct NumberTests {
    static let numbers = [
        "0", "-0", "1", "-1", "3", "3.0", "3.5", "-3.5", "3e2", "3E2", "3e+2", "3e-2", "1.5e1", "01", "-01", "00", "1.", ".1", "-.1",
        "1.e1", "1e", "1e+", "1e-", "-", "--1", "1-", "1+", "1..2", "1e1.5", "1ee1", "1E5", "0.0e-0", "0e400", "-0e-400", "1e400",
        "-1e400", "1e-400", "-1e-400", "2e-324", "3e-324", "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308",
        "1.7976931348623159e308", "0.1", "0.30000000000000004", "123456789012345678", "1234567890123456789", "12345678901234567890",
        "123456789012345678901234567890", "123456789012345678901234567890e-20", "1.0000000000000001", "9007199254740992",
        "9007199254740993", "9007199254740993.0", "9007199254740993.5", "-9007199254740993.5", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "-9223372036854775808.0", "18446744073709551615",
        "18446744073709551616", "18446744073709551615.0", "1e18", "1.5e18", "1e19", "1e20", "-1e18", "127", "128", "-128", "-129",
        "255", "256", "65535", "65536", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296",
        "3.4028235e38", "3.4028236e38", "1e-45", "1e-46", "1.17549435e-38", "16777217", "0.000001", "1e-7", "100e-2",
        "12345678901234567890123456789012345678901234567890", "1e200", "1e-200", "1e127", "1e128", "-0.0", "5e-1", "1E+00",
        "0.00000000000000000000000000000000000001", "0e1", "0E1", "-0.0e5", "0.0e+0", "0.00e1", "8410085455686413180.69",
        "8410085455686413180.00", "-8410085455686413180.5", "9007199254740993000000000000000000000000e-24",
        "18446744073709551615.9", "1844674407370955161.59e1", "9.223372036854775807e18", "92233720368547758070e-1",
    ]

    @Test(arguments: numbers)
    func number(_ number: String) {
        check(Box<Int>.self, "{\"a\":\(number)}")
        check(Box<Int8>.self, "{\"a\":\(number)}")
        check(Box<Int16>.self, "{\"a\":\(number)}")
        check(Box<Int32>.self, "{\"a\":\(number)}")
        check(Box<Int64>.self, "{\"a\":\(number)}")
        check(Box<UInt>.self, "{\"a\":\(number)}")
        check(Box<UInt8>.self, "{\"a\":\(number)}")
        check(Box<UInt16>.self, "{\"a\":\(number)}")
        check(Box<UInt32>.self, "{\"a\":\(number)}")
        check(Box<UInt64>.self, "{\"a\":\(number)}")
        check(Box<Double>.self, "{\"a\":\(number)}")
        check(Box<Float>.self, "{\"a\":\(number)}")
        check(Box<Decimal>.self, "{\"a\":\(number)}")
        check(Box<String>.self, "{\"a\":\(number)}")
        check(Box<Bool>.self, "{\"a\":\(number)}")
        check(OptionalBox<Int>.self, "{\"a\":\(number)}")
        check(OptionalBox<Double>.self, "{\"a\":\(number)}")
        check([Int].self, "[\(number)]")
        check([UInt8?].self, "[\(number)]")
        check([Double].self, "[\(number)]")
        check([Float?].self, "[\(number)]")
        check(Int.self, number)
        check(Double.self, number)
        check(Decimal.self, number)
        check(Date.self, number)
        check(JSONValue.self, "[\(number)]")
        check(Explorer.self, "{\"a\":\(number)}")
        check(Explorer.self, "[\(number)]")
        // An unused value is not validated.
        check(OptionalBox<Int>.self, "{\"b\":\(number)}")
    }
}

@Suite struct StringTests {
    static let strings = [
        "", "abc", "中文", "我校召开“敢转争”专题学习会", "😀", "\\\"", "\\\\", "\\/", "\\b\\f\\n\\r\\t", "\\u0041", "\\u00e9", "\\u00E9",
        "\\u4e2d\\u6587", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud800", "\\udc00", "\\udfff", "\\ud800\\u0041", "\\ud800x",
        "\\ud800\\ud800", "\\ud800\\", "\\u0000", "\\u+041", "\\u-041", "\\u004G", "\\U0041", "\\x", "\\'", "\\a", "\\ ",
        "\u{01}", "\u{1F}", "\u{7F}", "tab\there", "new\nline", "é", "e\u{301}", "\u{212A}", "a\\u0000b", "\\u00", "\\ud83d\\u",
        "x\\ud83d\\ude00y\\n", String(repeating: "长", count: 300), String(repeating: "ab\\n", count: 100),
    ]

    @Test(arguments: strings)
    func string(_ string: String) {
        check(Box<String>.self, "{\"a\":\"\(string)\"}")
        check(OptionalBox<String>.self, "{\"a\":\"\(string)\"}")
        check([String].self, "[\"\(string)\"]")
        check([String?].self, "[\"\(string)\"]")
        check(String.self, "\"\(string)\"")
        check(Box<Int>.self, "{\"a\":\"\(string)\"}")
        check(LocalDate.self, "\"\(string)\"")
        check(Data.self, "\"\(string)\"")
        check(URL.self, "\"\(string)\"")
        check(JSONValue.self, "\"\(string)\"")
        check(Explorer.self, "[\"\(string)\"]")
        // Keys: a bad key fails every keyed container of its object, used or not.
        check([String: Int].self, "{\"\(string)\":1}")
        check(OptionalBox<Int>.self, "{\"\(string)\":1}")
        check(OptionalBox<Int>.self, "{\"b\":[\"\(string)\"]}")
        check([Int].self, "{\"\(string)\":1}")
        check(Explorer.self, "{\"\(string)\":1,\"a\":2}")
    }

    @Test func invalidUTF8() {
        let cases: [[UInt8]] = [[0xFF], [0xC3], [0xC3, 0x28], [0xE4, 0xB8], [0xE4, 0xB8, 0x41], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98],
                                [0xF4, 0x90, 0x80, 0x80], [0xC0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE0, 0x80, 0x80],
                                [0xEF, 0xBF, 0xBD], [0xF0, 0x9F, 0x98, 0x80], [0xC2, 0xA0]]
        for bytes in cases {
            for escape in [false, true] {
                let content = (escape ? Array("\\n".utf8) : []) + bytes + Array("abcdefgh".utf8)
                check(Box<String>.self, Data("{\"a\":\"".utf8) + Data(content) + Data("\"}".utf8))
                check(OptionalBox<Int>.self, Data("{\"b\":\"".utf8) + Data(content) + Data("\"}".utf8))
                check(OptionalBox<Int>.self, Data("{\"".utf8) + Data(content) + Data("\":1}".utf8))
                check(JSONValue.self, Data("[\"".utf8) + Data(content) + Data("\"]".utf8))
                check(JSONValue.self, Data(bytes) + Data("1".utf8))
                check(JSONValue.self, Data("1".utf8) + Data(bytes))
            }
        }
    }
}

@Suite struct ContainerTests {
    @Test(arguments: [
        "{}", "{\"a\":1}", "{\"a\":null}", "{\"a\":1,\"a\":2}", "{\"a\":\"x\",\"a\":1}", "{\"a\":[1,null,\"x\"],\"b\":{\"c\":{}}}",
        "[]", "[null]", "[1,2,3]", "[[1],[2,[3]],{}]", "[{\"a\":null},{\"b\":true}]", "null", "1", "\"2017-04-12\"", "true",
        "{\"super\":{\"a\":1}}", "[\"2017-02-29\",\"2016-02-29\"]", "{\"\":1}", "{\"a\":{\"a\":{\"a\":[[]]}}}",
        "{\"é\":1,\"e\\u0301\":2}", "{\"K\":1,\"\\u212a\":2}", "{\"\\u0061\":1,\"a\":2}", "{\"a\":1,\"\\u0061\":2}",
    ])
    func explorer(_ json: String) {
        check(Explorer.self, json)
    }

    @Test func duplicateKeysFirstWins() {
        check(Box<Int>.self, "{\"a\":1,\"a\":2}")
        check(Box<Int>.self, "{\"a\":1,\"a\":\"x\"}")
        check(Box<Int>.self, "{\"a\":\"x\",\"a\":1}")
        check([String: Int].self, "{\"a\":1,\"b\":2,\"a\":3}")
        check([String: JSONValue].self, "{\"a\":1,\"b\":2,\"a\":[}")
        check(Box<Int>.self, "{\"\\u0061\":1,\"a\":2}")
        check(Box<Int>.self, "{\"a\":2,\"\\u0061\":1}")
        // Canonically equivalent keys are the same key, as in Foundation's dictionary.
        check([String: Int].self, "{\"é\":1,\"e\\u0301\":2}")
        check(Box<Int>.self, "{\"\\u0061\":1}")
    }

    @Test func largeObjects() {
        for count in [1, 31, 32, 33, 100, 1000] {
            var members = (0..<count).map { "\"k\($0)\":\($0)" }
            members.append("\"a\":\(count)")
            members.append("\"a\":-1")
            check(Box<Int>.self, "{\(members.joined(separator: ","))}")
            check([String: Int].self, "{\(members.joined(separator: ","))}")
            check([String: Int].self, "{\(members.joined(separator: ",")),\"bad\":\"x\"}")
            check([Int].self, "[\((0..<count).map(String.init).joined(separator: ","))]")
        }
    }

    @Test func dictionaries() {
        check([String: Int].self, "{\"b\":1,\"a\":2}")
        check([String: Int].self, "{\"b\":\"x\"}")
        check([String: Int].self, "{\"b\":null}")
        check([String: Int?].self, "{\"b\":null}")
        check([String: Int].self, "[]")
        check([String: Int].self, "null")
        check([String: [String]].self, "{\"中文\":[\"a\"],\"b\":[]}")
        check([String: LocalDate].self, "{\"start\":\"2017-04-01\"}")
        check([String: LocalDate].self, "{\"start\":\"2017-04-31\"}")
        check([String: Date].self, "{\"a\":null}")
        check([Int: String].self, "{\"1\":\"a\",\"2\":\"b\"}")
        check([Int: String].self, "{\"x\":\"a\"}")
        check([String: JSONValue].self, "{\"a\":{\"b\":[1,\"2\",null,true,{\"c\":1.5}]}}")
    }

    @Test func foundationTypes() {
        for json in ["0", "1.5", "-1e10", "null", "\"x\"", "true", "[]", "1e400"] {
            check(Date.self, json)
            check(Box<Date>.self, "{\"a\":\(json)}")
            check(OptionalBox<Date>.self, "{\"a\":\(json)}")
            check([Date].self, "[\(json)]")
            check(Decimal.self, json)
            check(Box<Decimal>.self, "{\"a\":\(json)}")
        }
        for json in ["\"aGVsbG8=\"", "\"aGVsbG8\"", "\"\"", "\"!!\"", "null", "3", "[1]", "\"aGVs\\nbG8=\"", "\"aGVs\\u0062G8=\""] {
            check(Data.self, json)
            check(Box<Data>.self, "{\"a\":\(json)}")
            check(OptionalBox<Data>.self, "{\"a\":\(json)}")
            check([Data].self, "[\(json)]")
        }
        for json in ["\"https://edu.example.cn/news/1\"", "\"http://x.com/a b\"", "\"\"", "\"/relative\"", "\"中文\"", "null", "3"] {
            check(URL.self, json)
            check(Box<URL>.self, "{\"a\":\(json)}")
            check([URL].self, "[\(json)]")
        }
    }

    @Test func customErrorsCarryTheContainerPath() {
        check(LedgerItem.self, """
            {"measures":["a"],"registeredOn":"2017-04-31","source":"appeal","title":"t"}
            """)
        check([LocalDate].self, "[\"2017-04-01\",\"2017-4-1\"]")
        check(Box<[Box<LocalDate>]>.self, "{\"a\":[{\"a\":\"2017-04-01\"},{\"a\":\"x\"}]}")
        check(Box<LedgerSource>.self, "{\"a\":\"nope\"}")
        check([LedgerSource].self, "[\"appeal\",\"nope\"]")
    }

    @Test func concurrentUse() async {
        let decoder = FastJSONDecoder()
        let data = Data("""
            {"deadline":"2017-06-30","department":"总务处","measures":["公开收费标准","设立家长监督员"],"registeredOn":"2017-04-20",\
            "responsiblePerson":"张主任","source":"appeal","title":"家长反映课后服务收费不透明"}
            """.utf8)
        let expected = try? JSONDecoder().decode(LedgerItem.self, from: data)
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<500).allSatisfy { _ in (try? decoder.decode(LedgerItem.self, from: data)) == expected }
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}
