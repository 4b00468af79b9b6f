// The decoder object: the document's memory, the current value and its coding path.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FastJSONDecoder {
    /// The decoder, the single-value container, and the owner of the document's memory.
    ///
    /// Like Foundation's implementation, one instance serves a whole decode: decoding a
    /// nested value temporarily points it at that value and its coding path. Coding paths
    /// live in an arena of nodes so that containers hold just an index; the last key of the
    /// current path becomes a node only when a container is created at the current value.
    final class _Impl: Decoder, SingleValueDecodingContainer {
        let base: UnsafePointer<UInt8>
        let tape: UnsafePointer<_Entry>
        let nullIndex: Int
        /// Where the scanner met a trailing comma (-1: nowhere), for a strict decode to refuse.
        let trailingComma: Int
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
            trailingComma = scanner.trailingComma
            owner = nil
        }

        /// A super decoder for the value at `index`, whose path is `other`'s `parent` plus `key`.
        init(sharing other: _Impl, current: Int, parent: Int32, key: any CodingKey) {
            base = other.base
            tape = other.tape
            nullIndex = other.nullIndex
            trailingComma = other.trailingComma
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

        // The decoder's other files extend `_Impl`; these make the tape's types visible there unqualified.
        typealias _Entry = FastJSONDecoder._Entry
        typealias _Fault = FastJSONDecoder._Fault
        typealias _InvalidJSON = FastJSONDecoder._InvalidJSON
        typealias _Key = FastJSONDecoder._Key
        typealias _PathNode = FastJSONDecoder._PathNode
        typealias _KeyedContainer = FastJSONDecoder._KeyedContainer
        typealias _UnkeyedContainer = FastJSONDecoder._UnkeyedContainer

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
    }
}
