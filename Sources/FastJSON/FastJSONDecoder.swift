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
    /// Whether to refuse, as RFC 8259 does, what `JSONDecoder` reads leniently and another reader
    /// could read otherwise: an object with a key twice (Foundation reads the first value, Python
    /// the last), a trailing comma, and input in UTF-16 or UTF-32 (refused rather than handed to
    /// `JSONDecoder`, which would read it unchecked). Refusals are `dataCorrupted` errors.
    public var strict: Bool

    public init(strict: Bool = false) {
        self.strict = strict
    }

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
                if strict { throw Self.notUTF8 }
                return try JSONDecoder().decode(T.self, from: data)
            }
            guard count - start < Int(UInt32.max) - 16 else {
                if strict { throw Self.notUTF8 }
                return try JSONDecoder().decode(T.self, from: data)
            }
            let bytes = raw.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + start }
            do {
                let impl = try _Impl(bytes: bytes, count: count - start)
                if strict {
                    if impl.trailingComma >= 0 { throw _InvalidJSON(message: "a trailing comma before the closing bracket", offset: impl.trailingComma) }
                    try impl.checkDistinctKeys()
                }
                return try impl.unwrapCurrent(T.self)
            } catch let error as _InvalidJSON {
                throw error.decodingError
            }
        }
    }

    static var notUTF8: DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "The given data was not valid JSON: it is not UTF-8."))
    }
}
