// A Decodable that walks any document through every container API and logs what it sees,
// so that two decoders can be compared on behaviour rather than on a single value.

import Foundation

struct AnyKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

/// Decodes anything and nothing: used to step over an element of an unkeyed container.
struct Skip: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// A comparable summary of an error: its case, type and coding path. The message is kept
/// only where both decoders must agree on it (not for "not valid JSON").
func summary(_ error: any Error) -> String {
    // Invalid JSON found while decoding reaches init(from:) as Foundation's internal JSONError,
    // or FastJSONDecoder's counterpart.
    guard let error = error as? DecodingError else { return "other (invalid JSON)" }
    switch error {
    case let .keyNotFound(key, context):
        return "keyNotFound \(key.stringValue) at \(render(context.codingPath)): \(context.debugDescription)"
    case let .typeMismatch(type, context):
        return "typeMismatch \(type) at \(render(context.codingPath)): \(context.debugDescription)"
    case let .valueNotFound(type, context):
        return "valueNotFound \(type) at \(render(context.codingPath)): \(context.debugDescription)"
    case let .dataCorrupted(context):
        let message = context.debugDescription
        let invalidJSON = message == foundationInvalidJSON || message.hasPrefix("The given data was not valid JSON: ")
        return "dataCorrupted at \(render(context.codingPath))" + (invalidJSON ? "" : ": \(message)")
    @unknown default:
        return "unknown \(error)"
    }
}

func attempt<T>(_ body: () throws -> T) -> String {
    do { return "ok \(try body())" } catch { return "error \(summary(error))" }
}

/// Like `attempt`, but ignores what the error is: for values that contain `[String: X]`,
/// whose first failing member Foundation picks in hash order.
func attemptKind<T>(_ body: () throws -> T) -> String {
    do { return "ok \(try body())" } catch { return "error" }
}

/// Keys in the order of their Unicode scalars (String's `<` is not a total order on
/// strings with combining marks and control characters).
func sortedKeys(_ keys: [AnyKey]) -> [String] {
    keys.map(\.stringValue).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
}

struct Explorer: Decodable, Equatable {
    var log: [String] = []

    init(from decoder: any Decoder) throws {
        Self.explore(decoder, &log, depth: 0)
    }

    static func explore(_ decoder: any Decoder, _ log: inout [String], depth: Int) {
        log.append("decoder at \(render(decoder.codingPath)), userInfo \(decoder.userInfo.count)")
        guard depth < 6 else { return }
        do {
            let container = try decoder.container(keyedBy: AnyKey.self)
            exploreKeyed(container, &log, depth: depth)
            return
        } catch {
            log.append("keyed: \(summary(error))")
        }
        do {
            var container = try decoder.unkeyedContainer()
            exploreUnkeyed(&container, &log, depth: depth)
            return
        } catch {
            log.append("unkeyed: \(summary(error))")
        }
        do {
            exploreSingle(try decoder.singleValueContainer(), &log)
        } catch {
            log.append("single: \(summary(error))")
        }
    }

    static func exploreSingle(_ c: any SingleValueDecodingContainer, _ log: inout [String]) {
        log.append("single at \(render(c.codingPath)) nil \(c.decodeNil())")
        log.append("Bool " + attempt { try c.decode(Bool.self) })
        log.append("String " + attempt { try c.decode(String.self) })
        log.append("Double " + attempt { try c.decode(Double.self) })
        log.append("Float " + attempt { try c.decode(Float.self) })
        log.append("Int " + attempt { try c.decode(Int.self) })
        log.append("Int8 " + attempt { try c.decode(Int8.self) })
        log.append("UInt64 " + attempt { try c.decode(UInt64.self) })
        log.append("Int? " + attempt { try c.decode(Int?.self) })
        log.append("[Int] " + attempt { try c.decode([Int].self) })
        log.append("Date " + attempt { try c.decode(Date.self) })
        log.append("Data " + attempt { try c.decode(Data.self) })
        log.append("URL " + attempt { try c.decode(URL.self) })
        log.append("Decimal " + attempt { try c.decode(Decimal.self) })
        log.append("LocalDate " + attempt { try c.decode(LocalDate.self) })
    }

    static func exploreKeyed(_ c: KeyedDecodingContainer<AnyKey>, _ log: inout [String], depth: Int) {
        let keys = sortedKeys(c.allKeys)
        log.append("keyed at \(render(c.codingPath)) keys \(keys)")
        for name in keys + ["missing"] {
            let key = AnyKey(name)
            log.append("\(name): contains \(c.contains(key)) nil " + attempt { try c.decodeNil(forKey: key) })
            log.append("  Bool " + attempt { try c.decode(Bool.self, forKey: key) })
            log.append("  Bool? " + attempt { try c.decodeIfPresent(Bool.self, forKey: key) })
            log.append("  String " + attempt { try c.decode(String.self, forKey: key) })
            log.append("  String? " + attempt { try c.decodeIfPresent(String.self, forKey: key) })
            log.append("  Int " + attempt { try c.decode(Int.self, forKey: key) })
            log.append("  Int? " + attempt { try c.decodeIfPresent(Int.self, forKey: key) })
            log.append("  UInt8 " + attempt { try c.decode(UInt8.self, forKey: key) })
            log.append("  Int32? " + attempt { try c.decodeIfPresent(Int32.self, forKey: key) })
            log.append("  Double " + attempt { try c.decode(Double.self, forKey: key) })
            log.append("  Float? " + attempt { try c.decodeIfPresent(Float.self, forKey: key) })
            log.append("  LocalDate? " + attempt { try c.decodeIfPresent(LocalDate.self, forKey: key) })
            log.append("  [String] " + attempt { try c.decode([String].self, forKey: key) })
            log.append("  [String]? " + attempt { try c.decodeIfPresent([String].self, forKey: key) })
            log.append("  Date " + attempt { try c.decode(Date.self, forKey: key) })
            log.append("  JSONValue " + attemptKind { try c.decode(JSONValue.self, forKey: key) == .null })
            do {
                let nested = try c.nestedContainer(keyedBy: AnyKey.self, forKey: key)
                exploreKeyed(nested, &log, depth: depth + 1)
            } catch {
                log.append("  nested keyed: \(summary(error))")
            }
            do {
                var nested = try c.nestedUnkeyedContainer(forKey: key)
                exploreUnkeyed(&nested, &log, depth: depth + 1)
            } catch {
                log.append("  nested unkeyed: \(summary(error))")
            }
            if depth < 2 {
                do {
                    explore(try c.superDecoder(forKey: key), &log, depth: depth + 1)
                } catch {
                    log.append("  super: \(summary(error))")
                }
            }
        }
        if depth < 2 {
            do {
                explore(try c.superDecoder(), &log, depth: depth + 1)
            } catch {
                log.append("super(): \(summary(error))")
            }
        }
    }

    static func exploreUnkeyed(_ c: inout any UnkeyedDecodingContainer, _ log: inout [String], depth: Int) {
        log.append("unkeyed at \(render(c.codingPath)) count \(String(describing: c.count)) atEnd \(c.isAtEnd)")
        while !c.isAtEnd {
            let index = c.currentIndex
            var probe = c
            log.append("[\(index)] nil " + attempt { try probe.decodeNil() } + " -> \(probe.currentIndex)")
            probe = c
            log.append("  Bool " + attempt { try probe.decode(Bool.self) })
            probe = c
            log.append("  String? " + attempt { try probe.decodeIfPresent(String.self) } + " -> \(probe.currentIndex)")
            probe = c
            log.append("  Int " + attempt { try probe.decode(Int.self) })
            probe = c
            log.append("  UInt16? " + attempt { try probe.decodeIfPresent(UInt16.self) })
            probe = c
            log.append("  Double " + attempt { try probe.decode(Double.self) })
            probe = c
            log.append("  Float " + attempt { try probe.decode(Float.self) })
            probe = c
            log.append("  LocalDate " + attempt { try probe.decode(LocalDate.self) })
            probe = c
            log.append("  [String]? " + attempt { try probe.decodeIfPresent([String].self) })
            probe = c
            log.append("  Decimal " + attempt { try probe.decode(Decimal.self) })
            probe = c
            do {
                let nested = try probe.nestedContainer(keyedBy: AnyKey.self)
                exploreKeyed(nested, &log, depth: depth + 1)
            } catch {
                log.append("  nested keyed: \(summary(error))")
            }
            probe = c
            do {
                var nested = try probe.nestedUnkeyedContainer()
                exploreUnkeyed(&nested, &log, depth: depth + 1)
            } catch {
                log.append("  nested unkeyed: \(summary(error))")
            }
            if depth < 2 {
                probe = c
                do {
                    explore(try probe.superDecoder(), &log, depth: depth + 1)
                } catch {
                    log.append("  super: \(summary(error))")
                }
            }
            log.append("  skip " + attempt { try c.decode(Skip.self) } + " -> \(c.currentIndex)")
        }
        var end = c
        log.append("end: Int " + attempt { try end.decode(Int.self) })
        log.append("end: nil " + attempt { try end.decodeNil() })
        log.append("end: String? " + attempt { try end.decodeIfPresent(String.self) } + " -> \(end.currentIndex) atEnd \(end.isAtEnd)")
        log.append("end: Skip? " + attempt { try end.decodeIfPresent(LocalDate.self) } + " -> \(end.currentIndex)")
        end = c
        log.append("end: nested " + attempt { _ = try end.nestedContainer(keyedBy: AnyKey.self); return "container" })
        log.append("end: nested unkeyed " + attempt { _ = try end.nestedUnkeyedContainer(); return "container" })
        log.append("end: super " + attempt { _ = try end.superDecoder(); return "decoder" })
    }
}
