//===----------------------------------------------------------------------===//
//
// FastJSONDecoder: a drop-in replacement for `JSONDecoder()` with default options,
// specialised for many small documents.
//
//===----------------------------------------------------------------------===//

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decodes `Decodable` values from JSON, accepting and rejecting the same input as
/// Foundation's `JSONDecoder` with its default options and throwing the same errors with
/// the same coding paths.
///
/// The input is scanned once into a flat tape of value descriptors (byte ranges and sibling
/// offsets); strings and numbers are only parsed when requested, and object keys are matched
/// against `CodingKey.stringValue` by comparing UTF-8 bytes, without materialising a
/// dictionary of keys. Like Foundation's decoder, the scanner checks only the structure of
/// the document; the contents of a string or number are validated when it is decoded, so an
/// invalid number in a key that is never requested does not fail the decode.
///
/// Differences from `JSONDecoder`:
/// - `allKeys` lists the keys in document order (Foundation: hash order). So when several
///   members of a `[String: X]` fail, the one reported may differ; Foundation's choice
///   varies from process to process.
/// - Messages of invalid-JSON errors differ: they name the problem and its byte offset.
/// - Input in UTF-16 or UTF-32 is handed to `JSONDecoder` as a whole.
/// - `Int128` and `UInt128` get the protocols' default implementations.
public struct FastJSONDecoder: Sendable {
    public init() {}

    /// Returns a value of the type you specify, decoded from a JSON document.
    ///
    /// - throws: `DecodingError.dataCorrupted` if the data is not valid JSON (with the byte
    ///   offset in its debug description), and the `DecodingError`s `JSONDecoder` throws.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws -> T in
            let count = raw.count
            var start = 0
            switch _Impl.detectEncoding(raw) {
            case .utf8:
                break
            case .utf8WithBOM:
                start = 3
            case .other:
                return try JSONDecoder().decode(T.self, from: data)
            }
            guard count - start < Int(UInt32.max) - 16 else {
                return try JSONDecoder().decode(T.self, from: data)
            }
            let bytes = raw.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + start }
            do {
                let impl = try _Impl(bytes: bytes, count: count - start)
                return try impl.unwrapCurrent(T.self)
            } catch let error as _InvalidJSON {
                throw error.decodingError
            }
        }
    }
}

// MARK: - Tape

extension FastJSONDecoder {
    /// One value of the document. Strings and numbers are byte ranges of the input; objects
    /// and arrays are followed by their contents and record where their next sibling starts.
    fileprivate struct _Entry {
        static let string: UInt8 = 0
        static let number: UInt8 = 1
        static let object: UInt8 = 2
        static let array: UInt8 = 3
        static let `true`: UInt8 = 4
        static let `false`: UInt8 = 5
        static let null: UInt8 = 6

        /// String flags: the string contains a backslash, a byte >= 0x80, a byte < 0x20.
        static let escaped: UInt8 = 1
        static let nonASCII: UInt8 = 2
        static let control: UInt8 = 4
        /// Object flag: every key is printable ASCII without escapes.
        static let plainKeys: UInt8 = 1

        var kind: UInt8
        var flags: UInt8 = 0
        /// String, number: first byte. Object: number of members. Array: number of elements.
        var a: UInt32 = 0
        /// String, number: end byte. Object, array: tape index of the next sibling.
        var b: UInt32 = 0
        /// Object key: tape index of the next key (or of the object's next sibling).
        var c: UInt32 = 0
    }

    /// Invalid JSON. Like Foundation's internal `JSONError`, it reaches `init(from:)`
    /// implementations as is and becomes a `DecodingError.dataCorrupted` at the top level.
    fileprivate struct _InvalidJSON: Error {
        let message: String
        let offset: Int

        var decodingError: DecodingError {
            .dataCorrupted(DecodingError.Context(
                codingPath: [], debugDescription: "The given data was not valid JSON: \(message) at byte offset \(offset)."))
        }
    }

    /// Failures of the primitive readers; callers turn them into `DecodingError`s with their
    /// coding path and the expected type.
    fileprivate enum _Fault: Error {
        case mismatch
        case null
        case corrupt(_InvalidJSON)
    }

    /// A coding key of a path this decoder creates: an array index or a plain string.
    fileprivate enum _Key: CodingKey {
        case index(Int)
        case string(String)

        init?(stringValue: String) { self = .string(stringValue) }
        init?(intValue: Int) { self = .index(intValue) }

        var stringValue: String {
            switch self {
            case .index(let index): "Index \(index)"
            case .string(let string): string
            }
        }

        var intValue: Int? {
            switch self {
            case .index(let index): index
            case .string: nil
            }
        }
    }

    /// One component of a coding path; `parent` indexes the decoder's node arena (-1: root).
    fileprivate struct _PathNode {
        let parent: Int32
        let key: any CodingKey
    }
}

// MARK: - Scanner

extension FastJSONDecoder {
    /// Builds the tape. It checks the structure the way Foundation's scanner does: strings
    /// only need a closing quote and complete `\u` sequences, numbers are runs of
    /// `0-9 . e E + -`, and a trailing comma is allowed in arrays and objects.
    fileprivate struct _Scanner {
        let src: UnsafePointer<UInt8>
        let n: Int
        /// One allocation: a copy of the input (zero-padded), then the tape.
        var block: UnsafeMutableRawPointer
        var tape: UnsafeMutablePointer<_Entry>
        var count = 0
        var capacity: Int
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
                            // Foundation allows a trailing comma.
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

// MARK: - Decoder

extension FastJSONDecoder {
    /// The decoder, the single-value container, and the owner of the document's memory.
    ///
    /// Like Foundation's implementation, one instance serves a whole decode: decoding a
    /// nested value temporarily points it at that value and its coding path. Coding paths
    /// live in an arena of nodes so that containers hold just an index; the last key of the
    /// current path becomes a node only when a container is created at the current value.
    fileprivate final class _Impl: Decoder, SingleValueDecodingContainer {
        let base: UnsafePointer<UInt8>
        let tape: UnsafePointer<_Entry>
        let nullIndex: Int
        /// The allocation holding `base` and `tape`; nil for super decoders, which keep
        /// their root alive through `owner`.
        let block: UnsafeMutableRawPointer?
        let owner: _Impl?

        // Accesses to this state never overlap; skip the dynamic exclusivity checks.

        /// The tape index of the value being decoded.
        @exclusivity(unchecked) var current = 0
        /// The current value's coding path: `node` (-1: root), then `pendingKey` if `hasPending`.
        @exclusivity(unchecked) var node: Int32 = -1
        @exclusivity(unchecked) var hasPending = false
        @exclusivity(unchecked) var pendingKey: any CodingKey = _Key.index(0)
        @exclusivity(unchecked) var nodes: [_PathNode] = []
        /// Key-to-value maps of objects that are large or have non-ASCII or escaped keys.
        @exclusivity(unchecked) var keyMaps: [Int: [String: Int]] = [:]

        init(bytes: UnsafePointer<UInt8>?, count: Int) throws {
            guard let bytes, count > 0 else { throw _Scanner.error("unexpected end of data", at: 0) }
            var scanner = _Scanner(src: bytes, count: count)
            do {
                try scanner.scanDocument()
            } catch {
                scanner.block.deallocate()
                throw error
            }
            block = scanner.block
            base = UnsafePointer(scanner.block.assumingMemoryBound(to: UInt8.self))
            tape = UnsafePointer(scanner.tape)
            nullIndex = scanner.count - 1
            owner = nil
        }

        /// A super decoder for the value at `index`, whose path is `other`'s `parent` plus `key`.
        init(sharing other: _Impl, current: Int, parent: Int32, key: any CodingKey) {
            base = other.base
            tape = other.tape
            nullIndex = other.nullIndex
            block = nil
            owner = other.owner ?? other
            self.current = current
            for key in other.path(parent, key) {
                nodes.append(_PathNode(parent: Int32(nodes.count) - 1, key: key))
            }
            node = Int32(nodes.count) - 1
        }

        deinit {
            block?.deallocate()
        }

        enum Encoding {
            case utf8, utf8WithBOM, other
        }

        /// Foundation's encoding detection (RFC 4627 section 3, plus byte order marks).
        static func detectEncoding(_ raw: UnsafeRawBufferPointer) -> Encoding {
            let n = raw.count
            let b0: UInt8? = n > 0 ? raw[0] : nil
            let b1: UInt8? = n > 1 ? raw[1] : nil
            let b2: UInt8? = n > 2 ? raw[2] : nil
            let b3: UInt8? = n > 3 ? raw[3] : nil
            switch (b0, b1, b2, b3) {
            case (0, 0, 0xFE, 0xFF), (0xFE, 0xFF, _, _), (0xFF, 0xFE, _, _):
                return .other
            case (0xEF, 0xBB, 0xBF, _):
                return .utf8WithBOM
            case let (0, 0, 0, .some(x)) where x != 0:
                return .other
            case let (0, .some(x), 0, .some(y)) where x != 0 && y != 0:
                return .other
            case let (.some(x), 0, 0, 0) where x != 0:
                return .other
            case let (.some(x), 0, .some(y), 0) where x != 0 && y != 0:
                return .other
            case let (0, .some(x), nil, nil) where x != 0:
                return .other
            case let (.some(x), 0, nil, nil) where x != 0:
                return .other
            default:
                return .utf8
            }
        }

        // MARK: Paths and errors

        var codingPath: [any CodingKey] { path(node, hasPending ? pendingKey : nil) }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        /// The coding path of `node`, plus `last`.
        func path(_ node: Int32, _ last: (any CodingKey)?) -> [any CodingKey] {
            var keys: [any CodingKey] = []
            var index = Int(node)
            while index >= 0 {
                keys.append(nodes[index].key)
                index = Int(nodes[index].parent)
            }
            keys.reverse()
            if let last { keys.append(last) }
            return keys
        }

        /// The node of the current coding path, for a container created at the current value.
        @inline(__always)
        func currentNode() -> Int32 {
            if hasPending {
                nodes.append(_PathNode(parent: node, key: pendingKey))
                node = Int32(nodes.count &- 1)
                hasPending = false
            }
            return node
        }

        /// Runs `body` with the decoder pointed at the value at `index`, whose coding path is
        /// `parent` plus `key`.
        @inline(__always)
        func within<R>(_ index: Int, parent: Int32, key: some CodingKey, _ body: () throws -> R) rethrows -> R {
            let savedCurrent = current
            let savedNode = node
            guard !hasPending else { return try withinSavingKey(index, parent: parent, key: key, body) }
            current = index
            node = parent
            hasPending = true
            pendingKey = key
            defer {
                current = savedCurrent
                node = savedNode
                hasPending = false
            }
            return try body()
        }

        /// `within` when the current path has a pending key to restore afterwards.
        func withinSavingKey<R>(_ index: Int, parent: Int32, key: some CodingKey, _ body: () throws -> R) rethrows -> R {
            let savedCurrent = current
            let savedNode = node
            let savedKey = pendingKey
            current = index
            node = parent
            pendingKey = key
            defer {
                current = savedCurrent
                node = savedNode
                hasPending = true
                pendingKey = savedKey
            }
            return try body()
        }

        func describe(_ index: Int) -> String {
            switch tape[index].kind {
            case _Entry.string: "a string"
            case _Entry.number: "number"
            case _Entry.object: "a dictionary"
            case _Entry.array: "an array"
            case _Entry.null: "null"
            default: "bool"
            }
        }

        func error(_ fault: _Fault, _ type: Any.Type, at index: Int, path: @autoclosure () -> [any CodingKey]) -> any Error {
            switch fault {
            case .mismatch:
                DecodingError.typeMismatch(type, DecodingError.Context(
                    codingPath: path(), debugDescription: "Expected to decode \(type) but found \(describe(index)) instead."))
            case .null:
                DecodingError.valueNotFound(type, DecodingError.Context(
                    codingPath: path(), debugDescription: "Cannot get value of type \(type) -- found null value instead"))
            case .corrupt(let error):
                error
            }
        }

        func corrupt(_ message: String, at offset: Int) -> _Fault {
            .corrupt(_InvalidJSON(message: message, offset: offset))
        }

        // MARK: Tape navigation

        @inline(__always)
        func next(after index: Int) -> Int {
            let kind = tape[index].kind
            return kind == _Entry.object || kind == _Entry.array ? Int(tape[index].b) : index + 1
        }

        /// Foundation materialises every key when it creates a keyed container, so a key that
        /// is not valid UTF-8 or has a bad escape fails the container even if unused.
        func validateKeys(_ object: Int) throws {
            let end = Int(tape[object].b)
            var key = object + 1
            while key < end {
                if tape[key].flags != 0 {
                    do { _ = try string(key) } catch { throw self.error(error, String.self, at: key, path: []) }
                }
                key = Int(tape[key].c)
            }
        }

        /// The tape index of the value for `name` in `object`, or -1. The first of duplicate
        /// keys wins, and keys compare as Swift strings (canonical equivalence) like
        /// Foundation's dictionary lookup.
        @inline(__always)
        func lookup(_ name: String, in object: Int) -> Int {
            let entry = tape[object]
            if entry.flags & _Entry.plainKeys != 0, entry.a <= 32 {
                var name = name
                let found = name.withUTF8 { key -> Int in
                    let count = key.count
                    guard count > 0 else { return -2 }
                    let end = Int(entry.b)
                    let keyBytes = key.baseAddress!
                    // Compare the first (up to) eight bytes as a word, then the rest.
                    let head = min(count, 8)
                    var first: UInt64 = 0
                    withUnsafeMutableBytes(of: &first) { $0.baseAddress!.copyMemory(from: keyBytes, byteCount: head) }
                    let mask: UInt64 = head == 8 ? ~0 : (1 &<< UInt64(head &* 8)) &- 1
                    var i = object + 1
                    while i < end {
                        let candidate = tape[i]
                        if Int(candidate.b &- candidate.a) == count {
                            // The copy of the input is followed by eight bytes of padding.
                            let bytes = base + Int(candidate.a)
                            if UnsafeRawPointer(bytes).loadUnaligned(as: UInt64.self) & mask == first {
                                var k = head
                                while k < count && bytes[k] == keyBytes[k] { k &+= 1 }
                                if k == count { return i + 1 }
                            }
                        }
                        i = Int(candidate.c)
                    }
                    // The keys are ASCII: an ASCII name equal to one of them has the same bytes,
                    // but a non-ASCII name may still be canonically equivalent (K and U+212A).
                    var ascii: UInt8 = 0
                    for byte in key { ascii |= byte }
                    return ascii < 0x80 ? -1 : -2
                }
                if found != -2 { return found }
            }
            return keyMap(object)[name] ?? -1
        }

        @inline(never)
        func keyMap(_ object: Int) -> [String: Int] {
            if let map = keyMaps[object] { return map }
            var map: [String: Int] = [:]
            map.reserveCapacity(Int(tape[object].a))
            let end = Int(tape[object].b)
            var key = object + 1
            while key < end {
                // Keys were validated when the container was created.
                let name = (try? string(key)) ?? ""
                if map[name] == nil { map[name] = key + 1 }
                key = Int(tape[key].c)
            }
            keyMaps[object] = map
            return map
        }

        /// The distinct keys of `object` in document order.
        func allKeys(_ object: Int) -> [String] {
            let entry = tape[object]
            var keys: [String] = []
            keys.reserveCapacity(Int(entry.a))
            let end = Int(entry.b)
            var key = object + 1
            if entry.flags & _Entry.plainKeys != 0, entry.a <= 32 {
                while key < end {
                    let name = (try? string(key)) ?? ""
                    if !keys.contains(name) { keys.append(name) }
                    key = Int(tape[key].c)
                }
            } else {
                let map = keyMap(object)
                while key < end {
                    let name = (try? string(key)) ?? ""
                    if map[name] == key + 1 { keys.append(name) }
                    key = Int(tape[key].c)
                }
            }
            return keys
        }

        // MARK: Primitive readers

        @inline(__always)
        func bool(_ index: Int) throws(_Fault) -> Bool {
            switch tape[index].kind {
            case _Entry.true: return true
            case _Entry.false: return false
            default: throw .mismatch  // Foundation: a type mismatch for null too.
            }
        }

        @inline(__always)
        func stringValue(_ index: Int) throws(_Fault) -> String {
            let kind = tape[index].kind
            guard kind == _Entry.string else { throw kind == _Entry.null ? .null : .mismatch }
            return try string(index)
        }

        @inline(__always)
        func string(_ index: Int) throws(_Fault) -> String {
            let entry = tape[index]
            let buffer = UnsafeBufferPointer(start: base + Int(entry.a), count: Int(entry.b &- entry.a))
            if entry.flags == 0 {
                return String(decoding: buffer, as: UTF8.self)
            }
            if entry.flags == _Entry.nonASCII {
                // The scanner replaced the closing quote with a NUL, and the string has none.
                let cString = UnsafeRawPointer(base + Int(entry.a)).assumingMemoryBound(to: CChar.self)
                guard let string = String(validatingCString: cString) else {
                    throw corrupt("string is not valid UTF-8", at: Int(entry.a))
                }
                return string
            }
            return try escapedString(entry)
        }

        /// Strings with escapes or control characters, checked as Foundation does.
        @inline(never)
        func escapedString(_ entry: _Entry) throws(_Fault) -> String {
            let start = Int(entry.a)
            let end = Int(entry.b)
            let output = UnsafeMutablePointer<UInt8>.allocate(capacity: max(end - start, 1))
            defer { output.deallocate() }
            var o = 0
            var i = start
            func hex4(_ at: Int) throws(_Fault) -> UInt32 {
                var value: UInt32 = 0
                for k in at..<(at + 4) {
                    let byte = base[k]
                    let digit: UInt8
                    switch byte {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                    default: throw corrupt("invalid hex digit in \\u escape sequence", at: at)
                    }
                    value = value << 4 | UInt32(digit)
                }
                return value
            }
            while i < end {
                let byte = base[i]
                if byte == 0x5C {
                    let escaped = base[i + 1]
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                        output[o] = escaped
                    case UInt8(ascii: "b"): output[o] = 0x08
                    case UInt8(ascii: "f"): output[o] = 0x0C
                    case UInt8(ascii: "n"): output[o] = 0x0A
                    case UInt8(ascii: "r"): output[o] = 0x0D
                    case UInt8(ascii: "t"): output[o] = 0x09
                    case UInt8(ascii: "u"):
                        var scalar = try hex4(i + 2)
                        i += 6
                        if scalar >= 0xD800 && scalar <= 0xDBFF {
                            guard end - i >= 2, base[i] == 0x5C, base[i + 1] == UInt8(ascii: "u") else {
                                throw corrupt("missing low surrogate in surrogate pair", at: i)
                            }
                            let low = try hex4(i + 2)
                            guard low >= 0xDC00 && low <= 0xDFFF else {
                                throw corrupt("missing low surrogate in surrogate pair", at: i)
                            }
                            i += 6
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                            throw corrupt("unpaired low surrogate in \\u escape sequence", at: i - 6)
                        }
                        for unit in UTF8.encode(Unicode.Scalar(scalar)!)! {
                            output[o] = unit
                            o += 1
                        }
                        continue
                    default:
                        throw corrupt("invalid escape sequence", at: i)
                    }
                    o += 1
                    i += 2
                } else {
                    guard byte >= 0x20 else { throw corrupt("unescaped control character in string", at: i) }
                    output[o] = byte
                    o += 1
                    i += 1
                }
            }
            let buffer = UnsafeBufferPointer(start: UnsafePointer(output), count: o)
            guard Self.isValidUTF8(buffer) else { throw corrupt("string is not valid UTF-8", at: start) }
            return String(decoding: buffer, as: UTF8.self)
        }

        /// Whether `bytes` is well-formed UTF-8 (Unicode 15, table 3-7).
        static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let p = bytes.baseAddress else { return true }
            let n = bytes.count
            var i = 0
            while i < n {
                if i &+ 8 <= n, UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i &+= 8
                    continue
                }
                let b0 = p[i]
                if b0 < 0x80 {
                    i &+= 1
                } else if b0 < 0xC2 {
                    return false
                } else if b0 < 0xE0 {
                    guard i + 1 < n, p[i + 1] & 0xC0 == 0x80 else { return false }
                    i &+= 2
                } else if b0 < 0xF0 {
                    guard i + 2 < n else { return false }
                    let b1 = p[i + 1]
                    switch b0 {
                    case 0xE0: guard b1 >= 0xA0 && b1 <= 0xBF else { return false }
                    case 0xED: guard b1 >= 0x80 && b1 <= 0x9F else { return false }
                    default: guard b1 & 0xC0 == 0x80 else { return false }
                    }
                    guard p[i + 2] & 0xC0 == 0x80 else { return false }
                    i &+= 3
                } else if b0 < 0xF5 {
                    guard i + 3 < n else { return false }
                    let b1 = p[i + 1]
                    switch b0 {
                    case 0xF0: guard b1 >= 0x90 && b1 <= 0xBF else { return false }
                    case 0xF4: guard b1 >= 0x80 && b1 <= 0x8F else { return false }
                    default: guard b1 & 0xC0 == 0x80 else { return false }
                    }
                    guard p[i + 2] & 0xC0 == 0x80, p[i + 3] & 0xC0 == 0x80 else { return false }
                    i &+= 4
                } else {
                    return false
                }
            }
            return true
        }

        @inline(__always)
        func integer<T: FixedWidthInteger>(_ index: Int) throws(_Fault) -> T {
            let entry = tape[index]
            guard entry.kind == _Entry.number else { throw entry.kind == _Entry.null ? .null : .mismatch }
            let start = Int(entry.a)
            let end = Int(entry.b)
            // Fast path: an optional minus and digits without a leading zero.
            var i = start
            let negative = base[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            let first = i
            if T.bitWidth <= 64, end - first <= 20, first < end, base[first] != UInt8(ascii: "0") || end - first == 1 {
                var magnitude: UInt64 = 0
                var overflow = false
                while i < end {
                    let digit = base[i] &- 0x30
                    guard digit < 10 else { break }
                    if i &- first < 19 {
                        magnitude = magnitude &* 10 &+ UInt64(digit)
                    } else {
                        let (product, o1) = magnitude.multipliedReportingOverflow(by: 10)
                        let (sum, o2) = product.addingReportingOverflow(UInt64(digit))
                        magnitude = sum
                        overflow = o1 || o2
                    }
                    i &+= 1
                }
                if overflow { i = start }
                if i == end {
                    if !negative {
                        if magnitude <= UInt64(T.max) { return T(truncatingIfNeeded: magnitude) }
                    } else if T.isSigned {
                        if magnitude <= UInt64(T.max) { return 0 &- T(truncatingIfNeeded: magnitude) }
                        if magnitude == UInt64(T.max) &+ 1 { return T.min }
                    } else if magnitude == 0 {
                        return 0
                    }
                }
            }
            return try slowInteger(start, end)
        }

        /// Foundation's fallback for integers: parse as a `Double`, accept it if exactly
        /// integral, and go through `Decimal` (truncating) when it is 2^53 or more.
        @inline(never)
        func slowInteger<T: FixedWidthInteger>(_ start: Int, _ end: Int) throws(_Fault) -> T {
            guard let number = parseNumber(start, end) else {
                throw corrupt("invalid number", at: start)
            }
            let double = doubleValue(number, start, end)
            guard let value = T(exactly: double) else {
                throw corrupt("number \(text(start, end)) is not representable as \(T.self)", at: start)
            }
            if double.magnitude < 9_007_199_254_740_992 { return value }
            guard let truncated: T = decimalInteger(start, end) else {
                throw corrupt("number \(text(start, end)) is not representable as \(T.self)", at: start)
            }
            return truncated
        }

        func text(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        }

        /// Foundation's last resort for integers: the number as a `Decimal` (a 128-bit
        /// significand, compacted), whose significand must fit `UInt64` before the exponent is
        /// applied (truncating); the magnitude of a negative number must fit `T.max`.
        func decimalInteger<T: FixedWidthInteger>(_ start: Int, _ end: Int) -> T? {
            var significand: UInt128 = 0
            var exponent = 0
            var tooBig = false
            var i = start
            let negative = base[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            while i < end, base[i] &- 0x30 < 10 {
                let (product, o1) = significand.multipliedReportingOverflow(by: 10)
                let (sum, o2) = product.addingReportingOverflow(UInt128(base[i] &- 0x30))
                if tooBig || o1 || o2 {
                    tooBig = true
                    exponent += 1
                    if exponent > 127 { return nil }
                } else {
                    significand = sum
                }
                i += 1
            }
            if i < end, base[i] == UInt8(ascii: ".") {
                i += 1
                while i < end, base[i] &- 0x30 < 10 {
                    let (product, o1) = significand.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = product.addingReportingOverflow(UInt128(base[i] &- 0x30))
                    if !tooBig && !o1 && !o2 {
                        significand = sum
                        if exponent == -128 { return nil }
                        exponent -= 1
                    } else {
                        tooBig = true
                    }
                    i += 1
                }
            }
            if i < end {  // The exponent.
                i += 1
                var negativeExponent = false
                if base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+") {
                    negativeExponent = base[i] == UInt8(ascii: "-")
                    i += 1
                }
                var value = 0
                while i < end {
                    value = value * 10 + Int(base[i] &- 0x30)
                    if value > 254 { return nil }
                    i += 1
                }
                exponent += negativeExponent ? -value : value
                if exponent > 127 || exponent < -128 { return nil }
            }
            // Decimal.compact(): drop trailing zeros while the exponent allows.
            while significand != 0, significand % 10 == 0, exponent < 127 {
                significand /= 10
                exponent += 1
            }
            guard var magnitude = UInt64(exactly: significand) else { return nil }
            if exponent < 0 {
                for _ in 0 ..< -exponent { magnitude /= 10 }
            } else {
                for _ in 0 ..< exponent {
                    let (product, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                    if overflow { return nil }
                    magnitude = product
                }
            }
            if negative {
                guard T.isSigned, let value = T(exactly: magnitude) else { return nil }
                return 0 - value
            }
            return T(exactly: magnitude)
        }

        /// A valid JSON number split into a decimal significand (at most 19 digits) and
        /// exponent; nil if the text is not a JSON number.
        struct Number {
            var negative = false
            var significand: UInt64 = 0
            var exponent = 0
            /// Nonzero digits were dropped beyond the 19th.
            var inexact = false
        }

        @inline(__always)
        func parseNumber(_ start: Int, _ end: Int) -> Number? {
            var number = Number()
            var digits = 0
            var i = start
            if base[i] == UInt8(ascii: "-") {
                number.negative = true
                i += 1
            }
            guard i < end else { return nil }
            if base[i] == UInt8(ascii: "0") {
                i += 1
            } else if base[i] &- 0x31 < 9 {
                while i < end {
                    let digit = base[i] &- 0x30
                    guard digit < 10 else { break }
                    if digits < 19 {
                        number.significand = number.significand &* 10 &+ UInt64(digit)
                        digits += 1
                    } else {
                        number.exponent += 1
                        if digit != 0 { number.inexact = true }
                    }
                    i += 1
                }
            } else {
                return nil
            }
            if i < end, base[i] == UInt8(ascii: ".") {
                i += 1
                let fractionStart = i
                while i < end {
                    let digit = base[i] &- 0x30
                    guard digit < 10 else { break }
                    if number.significand == 0 && digit == 0 {
                        number.exponent -= 1
                    } else if digits < 19 {
                        number.significand = number.significand &* 10 &+ UInt64(digit)
                        number.exponent -= 1
                        digits += 1
                    } else if digit != 0 {
                        number.inexact = true
                    }
                    i += 1
                }
                guard i > fractionStart else { return nil }
            }
            if i < end, base[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                var negativeExponent = false
                if i < end, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") {
                    negativeExponent = base[i] == UInt8(ascii: "-")
                    i += 1
                }
                let exponentStart = i
                var exponent = 0
                while i < end {
                    let digit = base[i] &- 0x30
                    guard digit < 10 else { break }
                    if exponent < 100_000 { exponent = exponent * 10 + Int(digit) }
                    i += 1
                }
                guard i > exponentStart else { return nil }
                number.exponent += negativeExponent ? -exponent : exponent
            }
            guard i == end else { return nil }
            return number
        }

        static let powersOfTen: [Double] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ]

        /// The correctly rounded value, infinite or zero when out of range (like `strtod`).
        @inline(__always)
        func doubleValue(_ number: Number, _ start: Int, _ end: Int) -> Double {
            if number.significand == 0 { return number.negative ? -0.0 : 0.0 }
            if !number.inexact, number.significand <= 1 << 53, number.exponent >= -22, number.exponent <= 22 {
                // Both operands are exact, so one rounding gives the correct result.
                let significand = Double(number.significand)
                let value = number.exponent < 0
                    ? significand / Self.powersOfTen[-number.exponent]
                    : significand * Self.powersOfTen[number.exponent]
                return number.negative ? -value : value
            }
            return Double(text(start, end)) ?? .nan
        }

        /// Foundation's check that a number parsed as zero is not an underflow: it stops at the
        /// first nonzero digit or `e`, reading four bytes at a time from the start and the last
        /// one to three bytes backwards, so that `0e1` counts as an underflow.
        func isTrueZero(_ start: Int, _ end: Int) -> Bool {
            func check(_ i: Int) -> Bool? {
                switch base[i] {
                case UInt8(ascii: "1")...UInt8(ascii: "9"): false
                case UInt8(ascii: "e"), UInt8(ascii: "E"): true
                default: nil
                }
            }
            var i = start
            while end - i >= 4 {
                for k in i ..< i + 4 {
                    if let result = check(k) { return result }
                }
                i += 4
            }
            for k in (i ..< end).reversed() {
                if let result = check(k) { return result }
            }
            return true
        }

        @inline(__always)
        func double(_ index: Int) throws(_Fault) -> Double {
            let entry = tape[index]
            guard entry.kind == _Entry.number else { throw entry.kind == _Entry.null ? .null : .mismatch }
            let start = Int(entry.a)
            let end = Int(entry.b)
            guard let number = parseNumber(start, end) else { throw corrupt("invalid number", at: start) }
            let value = doubleValue(number, start, end)
            // Foundation rejects overflow and underflow to zero.
            guard value.isFinite, value != 0 || isTrueZero(start, end) else {
                throw corrupt("number \(text(start, end)) is not representable as Double", at: start)
            }
            return value
        }

        func float(_ index: Int) throws(_Fault) -> Float {
            let entry = tape[index]
            guard entry.kind == _Entry.number else { throw entry.kind == _Entry.null ? .null : .mismatch }
            let start = Int(entry.a)
            let end = Int(entry.b)
            guard let number = parseNumber(start, end) else { throw corrupt("invalid number", at: start) }
            let value: Float
            if number.significand == 0 {
                value = number.negative ? -0.0 : 0.0
            } else if !number.inexact, number.significand <= 1 << 24, number.exponent >= -10, number.exponent <= 10 {
                let significand = Float(number.significand)
                let power = Float(Self.powersOfTen[abs(number.exponent)])
                let magnitude = number.exponent < 0 ? significand / power : significand * power
                value = number.negative ? -magnitude : magnitude
            } else {
                value = Float(text(start, end)) ?? .nan
            }
            guard value.isFinite, value != 0 || isTrueZero(start, end) else {
                throw corrupt("number \(text(start, end)) is not representable as Float", at: start)
            }
            return value
        }

        // MARK: Generic values

        /// Decodes `T` from the value at `index`; `path` is its coding path (for errors) and
        /// `nested` decodes it through `T.init(from:)`.
        @inline(__always)
        func unwrap<T: Decodable>(
            _ type: T.Type, at index: Int, path: () -> [any CodingKey], nested: () throws -> T
        ) throws -> T {
            // Most nested values are of none of these types; their sizes rule most out at once.
            let size = MemoryLayout<T>.size
            guard size == MemoryLayout<String>.size || size == MemoryLayout<Int>.size || size == MemoryLayout<Bool>.size
                || size == MemoryLayout<Data>.size || size == MemoryLayout<URL>.size || size == MemoryLayout<Decimal>.size
                || size == MemoryLayout<Date>.size
            else { return try nested() }
            if T.self == String.self {
                do {
                    return unsafeBitCast(try stringValue(index), to: T.self)
                } catch {
                    throw self.error(error, String.self, at: index, path: path())
                }
            }
            if T.self == Int.self {
                do {
                    let value: Int = try integer(index)
                    return unsafeBitCast(value, to: T.self)
                } catch {
                    throw self.error(error, Int.self, at: index, path: path())
                }
            }
            if T.self == Double.self {
                do {
                    return unsafeBitCast(try double(index), to: T.self)
                } catch {
                    throw self.error(error, Double.self, at: index, path: path())
                }
            }
            if T.self == Bool.self {
                do {
                    return unsafeBitCast(try bool(index), to: T.self)
                } catch {
                    throw self.error(error, Bool.self, at: index, path: path())
                }
            }
            if T.self == [String].self, tape[index].kind == _Entry.array {
                return unsafeBitCast(try stringArray(at: index, path: path), to: T.self)
            }
            if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
                return try unwrapFoundationType(type, at: index, path: path, nested: nested)
            }
            return try nested()
        }

        /// Decodes `T` from the value at `index`, whose coding path is `parent` plus `key`.
        func unwrap<T: Decodable>(_ type: T.Type, at index: Int, parent: Int32, key: some CodingKey) throws -> T {
            try unwrap(type, at: index, path: { path(parent, key) }, nested: {
                try within(index, parent: parent, key: key) { try T(from: self) }
            })
        }

        /// Decodes `T` from the current value, keeping the current coding path.
        func unwrapCurrent<T: Decodable>(_ type: T.Type) throws -> T {
            try unwrap(type, at: current, path: { codingPath }, nested: { try T(from: self) })
        }

        /// `[String]` without a container, with the errors `Array.init(from:)` would throw.
        func stringArray(at index: Int, path: () -> [any CodingKey]) throws -> [String] {
            let entry = tape[index]
            var strings: [String] = []
            strings.reserveCapacity(Int(entry.a))
            var element = index + 1
            let end = Int(entry.b)
            while element < end {
                do {
                    strings.append(try stringValue(element))
                } catch {
                    throw self.error(error, String.self, at: element, path: path() + [_Key.index(strings.count)])
                }
                element = next(after: element)
            }
            return strings
        }

        /// `Date`, `Data`, `URL` and `Decimal` with `JSONDecoder`'s default strategies.
        @inline(never)
        func unwrapFoundationType<T: Decodable>(
            _ type: T.Type, at index: Int, path: () -> [any CodingKey], nested: () throws -> T
        ) throws -> T {
            let kind = tape[index].kind
            if kind == _Entry.null {
                throw DecodingError.valueNotFound(T.self, DecodingError.Context(
                    codingPath: path(), debugDescription: "Cannot get value of type \(T.self) -- found null value instead"))
            }
            if T.self == Date.self {
                // deferredToDate: seconds since 2001 through Date's own init(from:).
                return try nested()
            }
            if T.self == Decimal.self {
                guard kind == _Entry.number else {
                    throw DecodingError.typeMismatch(Decimal.self, DecodingError.Context(codingPath: path(), debugDescription: ""))
                }
                let start = Int(tape[index].a)
                let end = Int(tape[index].b)
                guard parseNumber(start, end) != nil, let decimal = Decimal(string: text(start, end)) else {
                    throw error(corrupt("number \(text(start, end)) is not representable as Decimal", at: start),
                                Decimal.self, at: index, path: [])
                }
                return decimal as! T
            }
            let string: String
            do {
                string = try stringValue(index)
            } catch {
                throw self.error(error, String.self, at: index, path: path())
            }
            if T.self == Data.self {
                guard let data = Data(base64Encoded: string) else {
                    throw DecodingError.dataCorrupted(DecodingError.Context(
                        codingPath: path(), debugDescription: "Encountered Data is not valid Base64."))
                }
                return data as! T
            }
            guard let url = URL(string: string) else {
                throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: path(), debugDescription: "Invalid URL string."))
            }
            return url as! T
        }

        // MARK: Decoder

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            let entry = tape[current]
            guard entry.kind == _Entry.object else {
                if entry.kind == _Entry.null {
                    throw DecodingError.valueNotFound([String: Any].self, DecodingError.Context(
                        codingPath: codingPath, debugDescription: "Cannot get keyed decoding container -- found null value instead"))
                }
                throw DecodingError.typeMismatch([String: Any].self, DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "Expected to decode \([String: Any].self) but found \(describe(current)) instead."))
            }
            if entry.flags & _Entry.plainKeys == 0 { try validateKeys(current) }
            return KeyedDecodingContainer(_KeyedContainer<Key>(impl: self, object: Int32(current), node: currentNode()))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let entry = tape[current]
            guard entry.kind == _Entry.array else {
                if entry.kind == _Entry.null {
                    throw DecodingError.valueNotFound([Any].self, DecodingError.Context(
                        codingPath: codingPath, debugDescription: "Cannot get unkeyed decoding container -- found null value instead"))
                }
                throw DecodingError.typeMismatch([Any].self, DecodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "Expected to decode \([Any].self) but found \(describe(current)) instead."))
            }
            return _UnkeyedContainer(impl: self, array: Int32(current), node: currentNode())
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

        // MARK: SingleValueDecodingContainer

        func decodeNil() -> Bool { tape[current].kind == _Entry.null }

        func decode(_ type: Bool.Type) throws -> Bool {
            do { return try bool(current) } catch { throw self.error(error, type, at: current, path: codingPath) }
        }

        func decode(_ type: String.Type) throws -> String {
            do { return try stringValue(current) } catch { throw self.error(error, type, at: current, path: codingPath) }
        }

        func decode(_ type: Double.Type) throws -> Double {
            do { return try double(current) } catch { throw self.error(error, type, at: current, path: codingPath) }
        }

        func decode(_ type: Float.Type) throws -> Float {
            do { return try float(current) } catch { throw self.error(error, type, at: current, path: codingPath) }
        }

        func decode(_ type: Int.Type) throws -> Int { try decodeInteger() }
        func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger() }
        func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger() }
        func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger() }
        func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger() }
        func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger() }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger() }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger() }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger() }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger() }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try unwrapCurrent(type)
        }

        @inline(__always)
        func decodeInteger<T: FixedWidthInteger>() throws -> T {
            do { return try integer(current) } catch { throw self.error(error, T.self, at: current, path: codingPath) }
        }
    }
}

// MARK: - Keyed container

extension FastJSONDecoder {
    fileprivate struct _KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        // One reference and two integers: the container box copies this on every call.
        let impl: _Impl
        let object: Int32
        let node: Int32

        var codingPath: [any CodingKey] { impl.path(node, nil) }

        var allKeys: [Key] { impl.allKeys(Int(object)).compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { impl.lookup(key.stringValue, in: Int(object)) >= 0 }

        @inline(__always)
        func value(for key: Key) throws -> Int {
            let index = impl.lookup(key.stringValue, in: Int(object))
            guard index >= 0 else {
                throw DecodingError.keyNotFound(key, DecodingError.Context(
                    codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
            }
            return index
        }

        /// The value for `key` if present and not null.
        @inline(__always)
        func presentValue(for key: Key) -> Int? {
            let index = impl.lookup(key.stringValue, in: Int(object))
            guard index >= 0, impl.tape[index].kind != _Entry.null else { return nil }
            return index
        }

        func fail(_ fault: _Fault, _ type: Any.Type, at index: Int, _ key: Key) -> any Error {
            impl.error(fault, type, at: index, path: impl.path(node, key))
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            impl.tape[try value(for: key)].kind == _Entry.null
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
            let index = try value(for: key)
            do { return try impl.bool(index) } catch { throw fail(error, type, at: index, key) }
        }

        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            let index = try value(for: key)
            do { return try impl.stringValue(index) } catch { throw fail(error, type, at: index, key) }
        }

        func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
            let index = try value(for: key)
            do { return try impl.double(index) } catch { throw fail(error, type, at: index, key) }
        }

        func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
            let index = try value(for: key)
            do { return try impl.float(index) } catch { throw fail(error, type, at: index, key) }
        }

        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

        @inline(__always)
        func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
            let index = try value(for: key)
            do { return try impl.integer(index) } catch { throw fail(error, T.self, at: index, key) }
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try impl.unwrap(type, at: try value(for: key), parent: node, key: key)
        }

        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
            guard let index = presentValue(for: key) else { return nil }
            do { return try impl.bool(index) } catch { throw fail(error, type, at: index, key) }
        }

        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            guard let index = presentValue(for: key) else { return nil }
            do { return try impl.stringValue(index) } catch { throw fail(error, type, at: index, key) }
        }

        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
            guard let index = presentValue(for: key) else { return nil }
            do { return try impl.double(index) } catch { throw fail(error, type, at: index, key) }
        }

        func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
            guard let index = presentValue(for: key) else { return nil }
            do { return try impl.float(index) } catch { throw fail(error, type, at: index, key) }
        }

        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try integerIfPresent(key) }
        func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try integerIfPresent(key) }
        func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try integerIfPresent(key) }
        func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try integerIfPresent(key) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try integerIfPresent(key) }
        func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try integerIfPresent(key) }
        func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try integerIfPresent(key) }
        func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try integerIfPresent(key) }
        func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try integerIfPresent(key) }
        func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try integerIfPresent(key) }

        @inline(__always)
        func integerIfPresent<T: FixedWidthInteger>(_ key: Key) throws -> T? {
            guard let index = presentValue(for: key) else { return nil }
            do { return try impl.integer(index) as T } catch { throw fail(error, T.self, at: index, key) }
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            guard let index = presentValue(for: key) else { return nil }
            return try impl.unwrap(type, at: index, parent: node, key: key)
        }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            let index = try value(for: key)
            return try impl.within(index, parent: node, key: key) { try impl.container(keyedBy: type) }
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            let index = try value(for: key)
            return try impl.within(index, parent: node, key: key) { try impl.unkeyedContainer() }
        }

        func superDecoder() throws -> any Decoder {
            superDecoder(_Key.string("super"))
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            superDecoder(key)
        }

        private func superDecoder(_ key: some CodingKey) -> any Decoder {
            let index = impl.lookup(key.stringValue, in: Int(object))
            return _Impl(sharing: impl, current: index >= 0 ? index : impl.nullIndex, parent: node, key: key)
        }
    }
}

// MARK: - Unkeyed container

extension FastJSONDecoder {
    fileprivate struct _UnkeyedContainer: UnkeyedDecodingContainer {
        // Three words, so that the existential holds it inline.
        let impl: _Impl
        let array: Int32
        let node: Int32
        /// The tape index of the next element (the array's end when there is none).
        var cursor: Int32
        var index: Int32 = 0

        init(impl: _Impl, array: Int32, node: Int32) {
            self.impl = impl
            self.array = array
            self.node = node
            cursor = array + 1
        }

        var codingPath: [any CodingKey] { impl.path(node, nil) }
        var count: Int? { Int(impl.tape[Int(array)].a) }
        var isAtEnd: Bool { Int(index) >= Int(impl.tape[Int(array)].a) }
        var currentIndex: Int { Int(index) }

        @inline(__always)
        var end: Int32 { Int32(bitPattern: impl.tape[Int(array)].b) }

        @inline(__always)
        mutating func advance() {
            if cursor < end { cursor = Int32(impl.next(after: Int(cursor))) }
            index += 1
        }

        @inline(__always)
        func next(_ type: Any.Type, message: String = "Unkeyed container is at end.") throws -> Int {
            guard cursor < end else {
                throw DecodingError.valueNotFound(type, DecodingError.Context(
                    codingPath: impl.path(node, _Key.index(currentIndex)), debugDescription: message))
            }
            return Int(cursor)
        }

        /// The next element if there is one and it is not null.
        @inline(__always)
        func presentNext() -> Int? {
            guard cursor < end, impl.tape[Int(cursor)].kind != _Entry.null else { return nil }
            return Int(cursor)
        }

        func fail(_ fault: _Fault, _ type: Any.Type, at element: Int) -> any Error {
            impl.error(fault, type, at: element, path: impl.path(node, _Key.index(currentIndex)))
        }

        mutating func decodeNil() throws -> Bool {
            let element = try next(Never.self)
            guard impl.tape[element].kind == _Entry.null else { return false }
            advance()
            return true
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool {
            let element = try next(type)
            do {
                let value = try impl.bool(element)
                advance()
                return value
            } catch { throw fail(error, type, at: element) }
        }

        mutating func decode(_ type: String.Type) throws -> String {
            let element = try next(type)
            do {
                let value = try impl.stringValue(element)
                advance()
                return value
            } catch { throw fail(error, type, at: element) }
        }

        mutating func decode(_ type: Double.Type) throws -> Double {
            let element = try next(type)
            do {
                let value = try impl.double(element)
                advance()
                return value
            } catch { throw fail(error, type, at: element) }
        }

        mutating func decode(_ type: Float.Type) throws -> Float {
            let element = try next(type)
            do {
                let value = try impl.float(element)
                advance()
                return value
            } catch { throw fail(error, type, at: element) }
        }

        mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
        mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

        @inline(__always)
        mutating func integer<T: FixedWidthInteger>() throws -> T {
            let element = try next(T.self)
            do {
                let value: T = try impl.integer(element)
                advance()
                return value
            } catch { throw fail(error, T.self, at: element) }
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let element = try next(type)
            let value = try impl.unwrap(type, at: element, parent: node, key: _Key.index(currentIndex))
            advance()
            return value
        }

        // Foundation's decodeIfPresent returns nil at the end and still advances the index.

        mutating func decodeIfPresent(_ type: Bool.Type) throws -> Bool? {
            guard let element = presentNext() else { advance(); return nil }
            do {
                let value = try impl.bool(element)
                advance()
                return value
            } catch { throw fail(error, type, at: element) }
        }

        mutating func decodeIfPresent(_ type: String.Type) throws -> String? {
            guard let element = presentNext() else { advance(); return nil }
            do {
                let value = try impl.stringValue(element)
                advance()
                return value
            } catch { throw fail(error, type, at: element) }
        }

        mutating func decodeIfPresent(_ type: Double.Type) throws -> Double? {
            guard let element = presentNext() else { advance(); return nil }
            do {
                let value = try impl.double(element)
                advance()
                return value
            } catch { throw fail(error, type, at: element) }
        }

        mutating func decodeIfPresent(_ type: Float.Type) throws -> Float? {
            guard let element = presentNext() else { advance(); return nil }
            do {
                let value = try impl.float(element)
                advance()
                return value
            } catch { throw fail(error, type, at: element) }
        }

        mutating func decodeIfPresent(_ type: Int.Type) throws -> Int? { try integerIfPresent() }
        mutating func decodeIfPresent(_ type: Int8.Type) throws -> Int8? { try integerIfPresent() }
        mutating func decodeIfPresent(_ type: Int16.Type) throws -> Int16? { try integerIfPresent() }
        mutating func decodeIfPresent(_ type: Int32.Type) throws -> Int32? { try integerIfPresent() }
        mutating func decodeIfPresent(_ type: Int64.Type) throws -> Int64? { try integerIfPresent() }
        mutating func decodeIfPresent(_ type: UInt.Type) throws -> UInt? { try integerIfPresent() }
        mutating func decodeIfPresent(_ type: UInt8.Type) throws -> UInt8? { try integerIfPresent() }
        mutating func decodeIfPresent(_ type: UInt16.Type) throws -> UInt16? { try integerIfPresent() }
        mutating func decodeIfPresent(_ type: UInt32.Type) throws -> UInt32? { try integerIfPresent() }
        mutating func decodeIfPresent(_ type: UInt64.Type) throws -> UInt64? { try integerIfPresent() }

        @inline(__always)
        mutating func integerIfPresent<T: FixedWidthInteger>() throws -> T? {
            guard let element = presentNext() else { advance(); return nil }
            do {
                let value: T = try impl.integer(element)
                advance()
                return value
            } catch { throw fail(error, T.self, at: element) }
        }

        mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
            guard let element = presentNext() else { advance(); return nil }
            let value = try impl.unwrap(type, at: element, parent: node, key: _Key.index(currentIndex))
            advance()
            return value
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type
        ) throws -> KeyedDecodingContainer<NestedKey> {
            let element = try next(KeyedDecodingContainer<NestedKey>.self)
            let container = try impl.within(element, parent: node, key: _Key.index(currentIndex)) {
                try impl.container(keyedBy: type)
            }
            advance()
            return container
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let element = try next((any UnkeyedDecodingContainer).self)
            let container = try impl.within(element, parent: node, key: _Key.index(currentIndex)) {
                try impl.unkeyedContainer()
            }
            advance()
            return container
        }

        mutating func superDecoder() throws -> any Decoder {
            let element = try next((any Decoder).self, message: "Cannot get superDecoder() -- unkeyed container is at end.")
            let decoder = _Impl(sharing: impl, current: element, parent: node, key: _Key.index(currentIndex))
            advance()
            return decoder
        }
    }
}
