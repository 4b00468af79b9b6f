// The structural scan that builds the tape.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FastJSONDecoder {
    /// Builds the tape. It checks the structure the way Foundation's scanner does: strings
    /// only need a closing quote and complete `\u` sequences, numbers are runs of
    /// `0-9 . e E + -`, and a trailing comma is allowed in arrays and objects.
    struct _Scanner {
        let src: UnsafePointer<UInt8>
        let n: Int
        /// One allocation: a copy of the input (zero-padded), then the tape.
        var block: UnsafeMutableRawPointer
        var tape: UnsafeMutablePointer<_Entry>
        var count = 0
        var capacity: Int
        /// The offset of the first container closed after a trailing comma, or -1.
        var trailingComma = -1
        let bytesSize: Int

        init(src: UnsafePointer<UInt8>, count n: Int) {
            self.src = src
            self.n = n
            // At least eight bytes of zeros after the input, for word-sized reads of keys.
            bytesSize = (n + 8 + 15) & ~15
            capacity = n / 6 + 8
            block = UnsafeMutableRawPointer.allocate(
                byteCount: bytesSize + capacity * MemoryLayout<_Entry>.stride, alignment: 16)
            block.copyMemory(from: src, byteCount: n)
            (block + n).initializeMemory(as: UInt8.self, repeating: 0, count: bytesSize - n)
            tape = (block + bytesSize).bindMemory(to: _Entry.self, capacity: capacity)
        }

        @inline(never)
        mutating func grow() {
            let newCapacity = capacity * 2
            let newBlock = UnsafeMutableRawPointer.allocate(
                byteCount: bytesSize + newCapacity * MemoryLayout<_Entry>.stride, alignment: 16)
            newBlock.copyMemory(from: block, byteCount: bytesSize + count * MemoryLayout<_Entry>.stride)
            block.deallocate()
            block = newBlock
            capacity = newCapacity
            tape = (block + bytesSize).bindMemory(to: _Entry.self, capacity: capacity)
        }

        @inline(__always)
        mutating func append(_ entry: _Entry) -> Int {
            if count == capacity { grow() }
            tape[count] = entry
            count += 1
            return count - 1
        }

        static func error(_ message: String, at offset: Int) -> _InvalidJSON {
            _InvalidJSON(message: message, offset: offset)
        }

        func unexpected(_ i: Int, _ context: String) -> _InvalidJSON {
            let byte = src[i]
            let shown = byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(String(byte, radix: 16))"
            return Self.error("unexpected character \(shown) \(context)", at: i)
        }

        func endOfFile() -> _InvalidJSON {
            Self.error("unexpected end of data", at: n)
        }

        @inline(__always)
        func skipWhitespace(_ start: Int) -> Int {
            var i = start
            while i < n {
                let byte = src[i]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { break }
                i &+= 1
            }
            return i
        }

        /// An array or object being scanned.
        struct Frame {
            var index: UInt32
            var count: UInt32 = 0
            /// The tape index of the current key (objects).
            var key: UInt32 = 0
            var isObject: Bool
            var plainKeys = true
        }

        /// Scans the whole document and appends a `null` entry used for absent super decoders.
        /// Iterative, so that 512 levels of nesting need no deep native stack.
        mutating func scanDocument() throws {
            try withUnsafeTemporaryAllocation(of: Frame.self, capacity: 32) { inline in
                var frames = inline.baseAddress!
                var frameCapacity = 32
                var heap: UnsafeMutablePointer<Frame>?
                defer { heap?.deallocate() }
                var depth = 0
                var i = skipWhitespace(0)
                parsing: while true {
                    // A value starts at `i`.
                    guard i < n else { throw endOfFile() }
                    let byte = src[i]
                    if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                        guard depth < 512 else { throw Self.error("too many nested arrays or objects", at: i) }
                        if depth == frameCapacity {
                            let grown = UnsafeMutablePointer<Frame>.allocate(capacity: 512)
                            grown.initialize(from: frames, count: depth)
                            heap = grown
                            frames = grown
                            frameCapacity = 512
                        }
                        let isObject = byte == UInt8(ascii: "{")
                        let index = append(_Entry(kind: isObject ? _Entry.object : _Entry.array))
                        frames[depth] = Frame(index: UInt32(index), isObject: isObject)
                        depth += 1
                        i = skipWhitespace(i + 1)
                        guard i < n else { throw endOfFile() }
                        if src[i] != (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                            if isObject { i = try scanKey(i, &frames[depth - 1]) }
                            continue parsing
                        }
                        i += 1
                        depth -= 1
                        close(frames[depth])
                    } else {
                        i = try scanScalar(i)
                    }
                    // After a value: the rest of the enclosing arrays and objects it completes.
                    while depth > 0 {
                        let f = depth - 1
                        if frames[f].isObject { tape[Int(frames[f].key)].c = UInt32(count) }
                        frames[f].count += 1
                        i = skipWhitespace(i)
                        guard i < n else { throw endOfFile() }
                        let closer = frames[f].isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                        if src[i] == UInt8(ascii: ",") {
                            i = skipWhitespace(i + 1)
                            guard i < n else { throw endOfFile() }
                            if src[i] != closer {
                                if frames[f].isObject { i = try scanKey(i, &frames[f]) }
                                continue parsing
                            }
                            // Foundation allows a trailing comma; a strict decode refuses it.
                            if trailingComma < 0 { trailingComma = i }
                        } else if src[i] != closer {
                            throw unexpected(i, frames[f].isObject ? "in object, expected ',' or '}'" : "in array, expected ',' or ']'")
                        }
                        i += 1
                        depth -= 1
                        close(frames[depth])
                    }
                    break
                }
                i = skipWhitespace(i)
                if i < n { throw unexpected(i, "after top-level value") }
                _ = append(_Entry(kind: _Entry.null))
            }
        }

        @inline(__always)
        mutating func close(_ frame: Frame) {
            let index = Int(frame.index)
            tape[index].a = frame.count
            tape[index].b = UInt32(count)
            if frame.isObject { tape[index].flags = frame.plainKeys ? _Entry.plainKeys : 0 }
        }

        /// Scans a key and its colon; returns the index of the value.
        @inline(__always)
        mutating func scanKey(_ start: Int, _ frame: inout Frame) throws -> Int {
            guard src[start] == UInt8(ascii: "\"") else { throw unexpected(start, "in object, expected a key") }
            frame.key = UInt32(count)
            var i = try scanString(start)
            if tape[Int(frame.key)].flags != 0 { frame.plainKeys = false }
            i = skipWhitespace(i)
            guard i < n else { throw endOfFile() }
            guard src[i] == UInt8(ascii: ":") else { throw unexpected(i, "in object, expected ':'") }
            return skipWhitespace(i + 1)
        }

        /// Scans a string, number, `true`, `false` or `null` at `i`.
        @inline(__always)
        mutating func scanScalar(_ i: Int) throws -> Int {
            switch src[i] {
            case UInt8(ascii: "\""):
                return try scanString(i)
            case UInt8(ascii: "t"):
                try expect("true", at: i)
                _ = append(_Entry(kind: _Entry.true))
                return i + 4
            case UInt8(ascii: "f"):
                try expect("false", at: i)
                _ = append(_Entry(kind: _Entry.false))
                return i + 5
            case UInt8(ascii: "n"):
                try expect("null", at: i)
                _ = append(_Entry(kind: _Entry.null))
                return i + 4
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var j = i + 1
                while j < n {
                    let byte = src[j]
                    guard byte &- 0x30 < 10 || byte == 0x2E || byte == 0x65 || byte == 0x45 || byte == 0x2B || byte == 0x2D
                    else { break }
                    j &+= 1
                }
                _ = append(_Entry(kind: _Entry.number, a: UInt32(i), b: UInt32(j)))
                return j
            default:
                throw unexpected(i, "at start of value")
            }
        }

        func expect(_ literal: StaticString, at i: Int) throws {
            let length = literal.utf8CodeUnitCount
            guard n - i >= length else { throw endOfFile() }
            let bytes = literal.utf8Start
            for k in 1..<length where src[i + k] != bytes[k] {
                throw unexpected(i + k, "in literal \(literal)")
            }
        }

        /// Scans the string whose opening quote is at `quote`; returns the index after the
        /// closing quote.
        mutating func scanString(_ quote: Int) throws -> Int {
            let start = quote + 1
            var i = start
            var flags: UInt8 = 0
            var high: UInt64 = 0
            while true {
                // Eight bytes at a time up to the next quote, backslash or control character. The
                // lowest flagged byte is exact: the borrows of the tests only flag bytes above it.
                while i &+ 8 <= n {
                    let word = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
                    let q = word ^ 0x2222_2222_2222_2222
                    let s = word ^ 0x5C5C_5C5C_5C5C_5C5C
                    let found = (((q &- 0x0101_0101_0101_0101) & ~q)
                        | ((s &- 0x0101_0101_0101_0101) & ~s)
                        | ((word &- 0x2020_2020_2020_2020) & ~word)) & 0x8080_8080_8080_8080
                    if found != 0 {
                        let bits = found.trailingZeroBitCount & ~7
                        high |= word & ((1 &<< UInt64(bits)) &- 1)
                        i &+= bits >> 3
                        break
                    }
                    high |= word
                    i &+= 8
                }
                guard i < n else { throw endOfFile() }
                let byte = src[i]
                if byte == 0x22 {
                    if high & 0x8080_8080_8080_8080 != 0 { flags |= _Entry.nonASCII }
                    // Terminate the copy so that strings can be created with
                    // `String(validatingCString:)`, which validates only once.
                    block.storeBytes(of: 0, toByteOffset: i, as: UInt8.self)
                    _ = append(_Entry(kind: _Entry.string, flags: flags, a: UInt32(start), b: UInt32(i)))
                    return i + 1
                }
                if byte == 0x5C {
                    flags |= _Entry.escaped
                    guard i + 1 < n else { throw endOfFile() }
                    if src[i + 1] == UInt8(ascii: "u") {
                        guard n - (i + 2) >= 4 else { throw endOfFile() }
                        for k in (i + 2)..<(i + 6) where src[k] == 0x22 {
                            throw Self.error("invalid \\u escape sequence", at: i)
                        }
                        i += 6
                    } else {
                        i += 2
                    }
                } else if byte < 0x20 {
                    flags |= _Entry.control
                    i &+= 1
                } else {
                    // One of the last seven bytes.
                    high |= UInt64(byte)
                    i &+= 1
                }
            }
        }
    }
}
