import Foundation

/// JSON as a bundle header is signed (`schemas/bundle.md` §2): a strict reader that keeps
/// members in the order written and refuses what could be read two ways, and the one writer
/// of the canonical form. A header is canonical when writing what was read gives back its bytes.
public enum CanonicalJSON {
    /// A JSON value with its object members in document order. Numbers are integers only.
    public indirect enum Value: Sendable, Hashable {
        case object([Member])
        case array([Value])
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null

        /// The value of member `key`, when this is an object that has one.
        public subscript(key: String) -> Value? {
            guard case .object(let members) = self else { return nil }
            return members.first { $0.key == key }?.value
        }
    }

    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: Value

        public init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }

    /// Why bytes are not JSON this reader accepts: what, at which byte and under which member.
    public struct Failure: Error, Sendable, Hashable {
        public var offset: Int
        public var path: String
        public var zh: String
        public var en: String
    }

    /// Reads one JSON document. Refused: anything RFC 8259 refuses, invalid UTF-8, a lone
    /// surrogate, a number with a fraction or an exponent or outside the signed 64-bit range,
    /// and a key twice in one object (keys equal as Unicode canonical equivalents count as one).
    public static func parse(_ data: Data) throws(Failure) -> Value {
        var reader = Reader(bytes: Array(data))
        reader.skipWhitespace()
        let value = try reader.value(path: "$", depth: 0)
        reader.skipWhitespace()
        guard reader.offset == reader.bytes.count else {
            throw reader.failure("JSON 之后还有多余内容", "data after the JSON value", path: "$")
        }
        return value
    }

    /// The canonical bytes: members sorted by the code points of their keys, no whitespace,
    /// integers in plain decimal, strings escaped only where JSON requires it (§2).
    public static func serialise(_ value: Value) -> [UInt8] {
        var out: [UInt8] = []
        write(value, to: &out)
        return out
    }

    private static func write(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // UTF-8 byte order is code point order.
            for (index, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let text):
            writeString(text, to: &out)
        case .integer(let number):
            out += Array(String(number).utf8)
        case .bool(let flag):
            out += Array((flag ? "true" : "false").utf8)
        case .null:
            out += Array("null".utf8)
        }
    }

    /// `"` and `\` escaped with a backslash; U+0008, U+0009, U+000A, U+000C, U+000D as `\b \t \n \f \r`;
    /// the other characters below U+0020 as `\u00xx` (lower-case hex); every other character as its UTF-8.
    private static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A recursive-descent reader over the bytes; nesting is limited to 64 levels (a header has three).
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        func failure(_ zh: String, _ en: String, path: String, at offset: Int? = nil) -> Failure {
            Failure(offset: offset ?? self.offset, path: path, zh: zh, en: en)
        }

        mutating func skipWhitespace() {
            while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
        }

        mutating func value(path: String, depth: Int) throws(Failure) -> Value {
            guard depth < 64 else { throw failure("嵌套过深", "nested too deeply", path: path) }
            guard offset < bytes.count else { throw failure("JSON 意外结束", "unexpected end of the JSON", path: path) }
            switch bytes[offset] {
            case UInt8(ascii: "{"): return try object(path: path, depth: depth)
            case UInt8(ascii: "["): return try array(path: path, depth: depth)
            case UInt8(ascii: "\""): return .string(try string(path: path))
            case UInt8(ascii: "t"): try literal("true", path: path); return .bool(true)
            case UInt8(ascii: "f"): try literal("false", path: path); return .bool(false)
            case UInt8(ascii: "n"): try literal("null", path: path); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try integer(path: path))
            default: throw failure("此处应为一个值", "expected a value here", path: path)
            }
        }

        mutating func object(path: String, depth: Int) throws(Failure) -> Value {
            offset += 1
            var members: [Member] = []
            var keys = Set<String>()
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
                offset += 1
                return .object([])
            }
            while true {
                skipWhitespace()
                let keyStart = offset
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else {
                    throw failure("此处应为字段名", "expected a member name here", path: path)
                }
                let key = try string(path: path)
                let memberPath = path + "." + key
                // Swift's String equality is canonical equivalence: what a dictionary of the decoded header would merge.
                guard keys.insert(key).inserted else {
                    throw failure("字段 \(memberPath) 出现两次", "the member \(memberPath) appears twice", path: memberPath, at: keyStart)
                }
                skipWhitespace()
                guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else {
                    throw failure("字段名之后应为冒号", "expected ':' after the member name", path: memberPath)
                }
                offset += 1
                skipWhitespace()
                members.append(Member(key, try value(path: memberPath, depth: depth + 1)))
                if try closes(with: UInt8(ascii: "}"), path: path) { return .object(members) }
            }
        }

        mutating func array(path: String, depth: Int) throws(Failure) -> Value {
            offset += 1
            var elements: [Value] = []
            skipWhitespace()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
                offset += 1
                return .array([])
            }
            while true {
                skipWhitespace()
                elements.append(try value(path: "\(path)[\(elements.count)]", depth: depth + 1))
                if try closes(with: UInt8(ascii: "]"), path: path) { return .array(elements) }
            }
        }

        /// After a member or an element: true past the closing bracket, false past a comma.
        mutating func closes(with closer: UInt8, path: String) throws(Failure) -> Bool {
            skipWhitespace()
            guard offset < bytes.count else { throw failure("JSON 意外结束", "unexpected end of the JSON", path: path) }
            let expected = "',' or '\(Character(Unicode.Scalar(closer)))'"
            guard bytes[offset] == UInt8(ascii: ",") || bytes[offset] == closer else {
                throw failure("此处应为 \(expected)", "expected \(expected)", path: path)
            }
            offset += 1
            return bytes[offset - 1] == closer
        }

        mutating func literal(_ word: String, path: String) throws(Failure) {
            let expected = Array(word.utf8)
            guard bytes.count - offset >= expected.count, Array(bytes[offset..<(offset + expected.count)]) == expected else {
                throw failure("此处应为 \(word)", "expected \(word) here", path: path)
            }
            offset += expected.count
        }

        /// An integer in RFC 8259's number grammar; a fraction or exponent is refused by name.
        mutating func integer(path: String) throws(Failure) -> Int64 {
            let start = offset
            if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            let digitsStart = offset
            while offset < bytes.count, bytes[offset] >= 0x30, bytes[offset] <= 0x39 { offset += 1 }
            guard offset > digitsStart else { throw failure("数字格式错误", "malformed number", path: path, at: start) }
            guard bytes[digitsStart] != 0x30 || offset - digitsStart == 1 else {
                throw failure("数字 \(path) 有前导零", "the number at \(path) has a leading zero", path: path, at: start)
            }
            if offset < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[offset]) {
                throw failure("\(path) 不是整数：头部只用整数", "\(path) is not an integer: a header carries integers only", path: path, at: start)
            }
            guard let number = Int64(String(decoding: bytes[start..<offset], as: UTF8.self)) else {
                throw failure("整数 \(path) 超出 64 位范围", "the integer at \(path) is outside the 64-bit range", path: path, at: start)
            }
            return number
        }

        /// A string: valid UTF-8, no raw control characters, escapes decoded (surrogate pairs joined).
        mutating func string(path: String) throws(Failure) -> String {
            let start = offset
            offset += 1
            var scalars = String.UnicodeScalarView()
            var runStart = offset
            func flushRun(_ reader: Reader, upTo end: Int) throws(Failure) {
                guard runStart < end else { return }
                guard let text = String(validating: reader.bytes[runStart..<end], as: UTF8.self) else {
                    throw reader.failure("\(path) 处的文字不是合法的 UTF-8", "the text at \(path) is not valid UTF-8", path: path, at: runStart)
                }
                scalars.append(contentsOf: text.unicodeScalars)
            }
            while true {
                guard offset < bytes.count else { throw failure("字符串没有结束", "unterminated string", path: path, at: start) }
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    try flushRun(self, upTo: offset)
                    offset += 1
                    return String(scalars)
                }
                if byte < 0x20 {
                    throw failure("\(path) 处的字符串含未转义的控制字符", "the string at \(path) holds an unescaped control character", path: path)
                }
                if byte != UInt8(ascii: "\\") {
                    offset += 1
                    continue
                }
                try flushRun(self, upTo: offset)
                let escape = offset
                offset += 1
                guard offset < bytes.count else { throw failure("字符串没有结束", "unterminated string", path: path, at: start) }
                let simple: [UInt8: UInt32] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
                if let value = simple[bytes[offset]] {
                    scalars.append(Unicode.Scalar(value)!)
                    offset += 1
                } else if bytes[offset] == UInt8(ascii: "u") {
                    offset += 1
                    var code = try hex4(path: path)
                    if code >= 0xD800, code < 0xDC00 {
                        guard bytes.count - offset >= 6, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                            throw failure("\(path) 处有孤立的代理项", "a lone surrogate in the string at \(path)", path: path, at: escape)
                        }
                        offset += 2
                        let low = try hex4(path: path)
                        guard low >= 0xDC00, low < 0xE000 else {
                            throw failure("\(path) 处有孤立的代理项", "a lone surrogate in the string at \(path)", path: path, at: escape)
                        }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else {
                        throw failure("\(path) 处有孤立的代理项", "a lone surrogate in the string at \(path)", path: path, at: escape)
                    }
                    scalars.append(scalar)
                } else {
                    throw failure("\(path) 处的转义无效", "an invalid escape in the string at \(path)", path: path, at: escape)
                }
                runStart = offset
            }
        }

        mutating func hex4(path: String) throws(Failure) -> UInt32 {
            guard bytes.count - offset >= 4 else { throw failure("\\u 转义不完整", "an incomplete \\u escape", path: path) }
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let digit = UInt32(String(UnicodeScalar(bytes[offset])), radix: 16) else {
                    throw failure("\\u 转义不完整", "an incomplete \\u escape", path: path)
                }
                code = code << 4 | digit
                offset += 1
            }
            return code
        }
    }
}
