// Runs Foundation's JSONDecoder and FastJSONDecoder on the same input and compares the outcomes.

import struct FastJSON.FastJSONDecoder
import struct DudaoKernel.SplitMix64
import Foundation

/// What a decode produced, in a form that can be compared across decoders.
enum Outcome: Equatable, CustomStringConvertible {
    case value(String)
    case keyNotFound(key: String, path: String, description: String)
    case typeMismatch(type: String, path: String, description: String)
    case valueNotFound(type: String, path: String, description: String)
    /// `description` is nil for Foundation's "not valid JSON", whose wording differs.
    case dataCorrupted(path: String, description: String?)
    case other(String)

    var description: String {
        switch self {
        case .value(let value): "value \(value)"
        case let .keyNotFound(key, path, description): "keyNotFound(\(key)) at \(path): \(description)"
        case let .typeMismatch(type, path, description): "typeMismatch(\(type)) at \(path): \(description)"
        case let .valueNotFound(type, path, description): "valueNotFound(\(type)) at \(path): \(description)"
        case let .dataCorrupted(path, description): "dataCorrupted at \(path): \(description ?? "<not valid JSON>")"
        case .other(let error): "other error \(error)"
        }
    }

    var isFailure: Bool {
        if case .value = self { return false }
        return true
    }

    /// The kind of outcome, without paths or messages.
    var kind: String {
        switch self {
        case .value: "value"
        case .keyNotFound: "keyNotFound"
        case .typeMismatch: "typeMismatch"
        case .valueNotFound: "valueNotFound"
        case .dataCorrupted: "dataCorrupted"
        case .other: "other"
        }
    }
}

/// A coding path as text; each key shows its string value and, if any, its int value.
func render(_ path: [any CodingKey]) -> String {
    "$" + path.map { key in key.intValue.map { "[\(key.stringValue)#\($0)]" } ?? ".\(key.stringValue)" }.joined()
}

/// Failures of the "not valid JSON" kind that FastJSONDecoder reports with a different message.
let foundationInvalidJSON = "The given data was not valid JSON."

func outcome<T: Decodable & Equatable>(_ body: () throws -> T, fast: Bool) -> (Outcome, T?) {
    do {
        let value = try body()
        var text = ""
        dump(value, to: &text)
        return (.value(text), value)
    } catch let error as DecodingError {
        switch error {
        case let .keyNotFound(key, context):
            return (.keyNotFound(key: key.stringValue, path: render(context.codingPath), description: context.debugDescription), nil)
        case let .typeMismatch(type, context):
            return (.typeMismatch(type: "\(type)", path: render(context.codingPath), description: context.debugDescription), nil)
        case let .valueNotFound(type, context):
            return (.valueNotFound(type: "\(type)", path: render(context.codingPath), description: context.debugDescription), nil)
        case let .dataCorrupted(context):
            let message = context.debugDescription
            if !fast && message == foundationInvalidJSON { return (.dataCorrupted(path: render(context.codingPath), description: nil), nil) }
            // FastJSONDecoder says where; it hands UTF-16 and UTF-32 input to JSONDecoder.
            if fast && (message == foundationInvalidJSON
                || message.hasPrefix("The given data was not valid JSON: ") && message.contains("at byte offset ")) {
                return (.dataCorrupted(path: render(context.codingPath), description: nil), nil)
            }
            return (.dataCorrupted(path: render(context.codingPath), description: message), nil)
        @unknown default:
            return (.other("\(error)"), nil)
        }
    } catch {
        return (.other("\(error)"), nil)
    }
}

struct Comparison: CustomStringConvertible {
    var foundation: Outcome
    var fast: Outcome
    /// Both decoded values are equal (values are compared with `==`, not by description).
    var valuesEqual: Bool
    var matches: Bool {
        if case .value = foundation, case .value = fast { return valuesEqual }
        return foundation == fast
    }
    var description: String {
        if case .value(let a) = foundation, case .value(let b) = fast {
            // Show the first line that differs.
            let left = a.split(separator: "\n"), right = b.split(separator: "\n")
            for (index, (x, y)) in zip(left, right).enumerated() where x != y {
                return "\n  line \(index)\n  Foundation: \(x)\n  FastJSON:   \(y)"
            }
            return "\n  \(left.count) vs \(right.count) lines"
        }
        return "\n  Foundation: \(foundation)\n  FastJSON:   \(fast)"
    }
}

/// Decodes `data` as `T` with both decoders.
func compare<T: Decodable & Equatable>(_ type: T.Type, _ data: Data) -> Comparison {
    let (foundation, a) = outcome({ try JSONDecoder().decode(T.self, from: data) }, fast: false)
    let (fast, b) = outcome({ try FastJSONDecoder().decode(T.self, from: data) }, fast: true)
    return Comparison(foundation: foundation, fast: fast, valuesEqual: a != nil && a == b)
}

func compare<T: Decodable & Equatable>(_ type: T.Type, _ json: String) -> Comparison {
    compare(type, Data(json.utf8))
}

/// Both decoders succeed with equal values, or both fail. For `[String: X]` values with
/// more than one bad member: Foundation takes `allKeys` from a hash table, so which member
/// fails first, and thus the kind and path of the error, is not deterministic.
func compareLoosely<T: Decodable & Equatable>(_ type: T.Type, _ data: Data) -> Comparison? {
    let result = compare(type, data)
    if result.matches || result.foundation.isFailure && result.fast.isFailure { return nil }
    return result
}

func describe(_ data: Data) -> String {
    if let text = String(data: data, encoding: .utf8) { return text }
    return data.map { String(format: "%02x", $0) }.joined(separator: " ")
}

// MARK: - Random JSON

/// Writes random JSON text: strings with escapes, Chinese text and surrogate pairs, numbers
/// in every syntax, whitespace, duplicate keys and the trailing commas Foundation accepts.
struct JSONWriter {
    var random: SplitMix64
    var text = ""

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    mutating func pick<C: Collection>(_ c: C) -> C.Element { c.randomElement(using: &random)! }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    mutating func whitespace() {
        guard chance(0.2) else { return }
        for _ in 0..<int(1...3) { text += pick([" ", "\n", "\t", "\r\n", "  "]) }
    }

    static let words = ["敢转争", "校办 李明", "学习会", "总务处", "party-constitution", "abc", "", "x", "Ünïcödé", "😀", "a\"b", "tab\there",
                        "line\nbreak", "back\\slash", "slash/", "\u{7F}", "\u{1F}", "é", "e\u{301}", "K", "\u{212A}"]

    mutating func string(key: Bool = false) {
        text += "\""
        for _ in 0..<int(0...(key ? 2 : 4)) {
            let word = pick(Self.words)
            for scalar in word.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += chance(0.5) ? "\\n" : "\\u000a"
                case "\t": text += "\\t"
                case "/" where chance(0.5): text += "\\/"
                case _ where scalar.value < 0x20: text += String(format: "\\u%04X", scalar.value)
                case _ where scalar.value >= 0x80 && chance(0.3):
                    for unit in String(scalar).utf16 { text += String(format: chance(0.5) ? "\\u%04x" : "\\u%04X", unit) }
                default: text.unicodeScalars.append(scalar)
                }
            }
            if chance(0.1) { text += pick(["\\b", "\\f", "\\r", "\\u0000", "\\u4e2d"]) }
        }
        text += "\""
    }

    mutating func number() {
        switch int(0...9) {
        case 0: text += String(int(-1000...1000))
        case 1: text += String(Int.random(in: Int.min...Int.max, using: &random))
        case 2: text += String(Double.random(in: -1e6...1e6, using: &random))
        case 3: text += "\(int(0...99)).\(int(0...9999))"
        case 4: text += "\(pick(["", "-"]))\(int(1...9))\(pick(["e", "E"]))\(pick(["", "+", "-"]))\(int(0...320))"
        case 5: text += pick(["0", "-0", "0.0", "-0.0", "0e0", "1E-400", "1e400", "9007199254740993", "18446744073709551616",
                              "-9223372036854775808", "9223372036854775807", "3.0", "3.5", "1.7976931348623157e308", "4.9e-324",
                              "0.1", "123456789012345678901234567890", "1.0000000000000001", "2e-324", "255", "256", "-128", "-129"])
        case 6: text += "\(int(1...9))\(int(0...99)).\(int(0...99))e\(pick(["", "+", "-"]))\(int(0...30))"
        case 7: text += String(Float.random(in: -1e3...1e3, using: &random))
        case 8: text += String(UInt64.random(in: 0...UInt64.max, using: &random))
        default: text += String(int(0...100))
        }
    }

    mutating func value(depth: Int) {
        whitespace()
        switch depth > 3 ? int(0...5) : int(0...8) {
        case 0: text += "null"
        case 1: text += pick(["true", "false"])
        case 2, 3: number()
        case 4, 5: string()
        case 6: array(depth: depth)
        default: object(depth: depth)
        }
        whitespace()
    }

    mutating func array(depth: Int) {
        text += "["
        let count = int(0...4)
        for index in 0..<count {
            value(depth: depth + 1)
            if index < count - 1 || chance(0.05) { text += "," }
        }
        whitespace()
        text += "]"
    }

    mutating func object(depth: Int) {
        text += "{"
        let count = int(0...5)
        var keys: [String] = []
        for index in 0..<count {
            whitespace()
            let start = text.endIndex
            if chance(0.1), let key = keys.randomElement(using: &random) {
                text += key  // a duplicate key
            } else {
                string(key: true)
            }
            keys.append(String(text[start...]))
            whitespace()
            text += ":"
            value(depth: depth + 1)
            if index < count - 1 || chance(0.05) { text += "," }
        }
        whitespace()
        text += "}"
    }
}

/// Random changes to a valid document: byte flips, insertions, deletions, truncations.
func mutations(of data: Data, seed: UInt64, count: Int) -> [Data] {
    var random = SplitMix64(seed: seed)
    let specials: [UInt8] = Array("\"\\,:[]{}0123456789-+.eEtfnul \t\n".utf8) + [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xE4, 0xED, 0xF0, 0xFF]
    var results: [Data] = []
    for _ in 0..<count {
        var bytes = [UInt8](data)
        let edits = Int.random(in: 1...2, using: &random)
        for _ in 0..<edits where !bytes.isEmpty {
            let position = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0...5, using: &random) {
            case 0: bytes[position] = specials.randomElement(using: &random)!
            case 1: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 2: bytes.insert(specials.randomElement(using: &random)!, at: position)
            case 3: bytes.remove(at: position)
            case 4: bytes.removeSubrange(position...)
            default:
                let end = min(bytes.count, position + Int.random(in: 1...8, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
            }
        }
        results.append(Data(bytes))
    }
    return results
}
