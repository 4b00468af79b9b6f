// Generic values (including Foundation types), the `Decoder` requirements and the single-value container.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension FastJSONDecoder._Impl {
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
