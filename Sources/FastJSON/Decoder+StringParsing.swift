// Reading booleans and strings from the tape: unescaping and UTF-8 validation.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FastJSONDecoder._Impl {
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
}
