// The keyed container: members looked up by comparing UTF-8 bytes.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FastJSONDecoder {
    struct _KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
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
