// The unkeyed container: a cursor over an array's elements.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FastJSONDecoder {
    struct _UnkeyedContainer: UnkeyedDecodingContainer {
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
