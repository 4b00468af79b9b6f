// Reading integers and floating-point numbers, with Foundation's acceptance rules.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FastJSONDecoder._Impl {
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
}
