import DudaoKernel

/// A JSON document as text, with the place of every value, so a tool can change one value and
/// leave every other byte of a hand-formatted file as it was.
///
/// Only what the scaffold and the schema export need: objects, arrays, strings, numbers, literals.
struct JSONText {
    /// One value of the document: its range of UTF-8 bytes and, for containers, its children.
    indirect enum Node {
        case object(range: Range<Int>, members: [(key: String, value: Node)])
        case array(range: Range<Int>, items: [Node])
        case scalar(range: Range<Int>)

        var range: Range<Int> {
            switch self {
            case .object(let range, _), .array(let range, _), .scalar(let range): range
            }
        }

        subscript(key: String) -> Node? {
            guard case .object(_, let members) = self else { return nil }
            return members.first { $0.key == key }?.value
        }
    }

    let bytes: [UInt8]
    let root: Node

    init(_ text: String, file: String) throws {
        bytes = Array(text.utf8)
        var parser = Parser(bytes: bytes, file: file)
        root = try parser.document()
    }

    /// The node at `path` (object keys from the root).
    func node(_ path: [String]) -> Node? {
        var node: Node? = root
        for key in path { node = node?[key] }
        return node
    }

    /// The text with the bytes of `range` replaced by `replacement`.
    func replacing(_ range: Range<Int>, with replacement: String) -> String {
        String(decoding: bytes[..<range.lowerBound] + Array(replacement.utf8) + bytes[range.upperBound...], as: UTF8.self)
    }

    /// The whitespace that starts the line holding byte `offset`.
    func indentation(ofLineAt offset: Int) -> String {
        var start = offset
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < bytes.count && bytes[end] == 0x20 { end += 1 }
        return String(repeating: " ", count: end - start)
    }

    /// A minimal recursive-descent reader that records where each value lies.
    struct Parser {
        let bytes: [UInt8]
        let file: String
        var position = 0

        mutating func document() throws -> Node {
            let node = try value()
            skipSpace()
            if position != bytes.count { throw fail("trailing characters") }
            return node
        }

        mutating func value() throws -> Node {
            skipSpace()
            guard position < bytes.count else { throw fail("unexpected end") }
            let start = position
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var members: [(key: String, value: Node)] = []
                skipSpace()
                if peek(UInt8(ascii: "}")) { position += 1; return .object(range: start..<position, members: members) }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    try expect(UInt8(ascii: ":"))
                    members.append((key, try value()))
                    skipSpace()
                    if peek(UInt8(ascii: ",")) { position += 1; continue }
                    try expect(UInt8(ascii: "}"))
                    return .object(range: start..<position, members: members)
                }
            case UInt8(ascii: "["):
                position += 1
                var items: [Node] = []
                skipSpace()
                if peek(UInt8(ascii: "]")) { position += 1; return .array(range: start..<position, items: items) }
                while true {
                    items.append(try value())
                    skipSpace()
                    if peek(UInt8(ascii: ",")) { position += 1; continue }
                    try expect(UInt8(ascii: "]"))
                    return .array(range: start..<position, items: items)
                }
            case UInt8(ascii: "\""):
                _ = try string()
                return .scalar(range: start..<position)
            default:
                while position < bytes.count, !",}] \n\r\t".utf8.contains(bytes[position]) { position += 1 }
                if position == start { throw fail("a value was expected") }
                return .scalar(range: start..<position)
            }
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = position
            while position < bytes.count && bytes[position] != UInt8(ascii: "\"") {
                position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard position < bytes.count else { throw fail("unterminated string") }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            position += 1
            return text
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[position]) { position += 1 }
        }

        func peek(_ byte: UInt8) -> Bool { position < bytes.count && bytes[position] == byte }

        mutating func expect(_ byte: UInt8) throws {
            guard peek(byte) else { throw fail("'\(Character(Unicode.Scalar(byte)))' was expected") }
            position += 1
        }

        func fail(_ what: String) -> DudaoError {
            DudaoError("\(file) 不是可读的 JSON（第 \(position) 字节）：\(what)", "\(file) is not readable JSON (byte \(position)): \(what)")
        }
    }
}
