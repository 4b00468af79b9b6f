// The tape: one descriptor per value of the document, and the small types the readers share.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FastJSONDecoder {
    /// One value of the document. Strings and numbers are byte ranges of the input; objects
    /// and arrays are followed by their contents and record where their next sibling starts.
    struct _Entry {
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
    struct _InvalidJSON: Error {
        let message: String
        let offset: Int

        var decodingError: DecodingError {
            .dataCorrupted(DecodingError.Context(
                codingPath: [], debugDescription: "The given data was not valid JSON: \(message) at byte offset \(offset)."))
        }
    }

    /// Failures of the primitive readers; callers turn them into `DecodingError`s with their
    /// coding path and the expected type.
    enum _Fault: Error {
        case mismatch
        case null
        case corrupt(_InvalidJSON)
    }

    /// A coding key of a path this decoder creates: an array index or a plain string.
    enum _Key: CodingKey {
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
    struct _PathNode {
        let parent: Int32
        let key: any CodingKey
    }
}
