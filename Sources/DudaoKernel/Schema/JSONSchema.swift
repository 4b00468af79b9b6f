/// A JSON Schema (draft 2020-12) document, derived from a Codable body type.
public struct JSONSchema: Sendable, Hashable {
    public var document: JSONValue

    /// The schema of `type`, found by decoding it once through a recording decoder: every
    /// property, whether it is required, its JSON type, dates as `YYYY-MM-DD` and enums with their cases.
    public static func describe<T: Decodable>(_ type: T.Type, title: LocalizedText, id: String) -> JSONSchema {
        let shape = (try? SchemaProbe.probe(T.self).shape) ?? .any
        guard case .object(var root) = shape.json else { return JSONSchema(document: shape.json) }
        root["$schema"] = .string("https://json-schema.org/draft/2020-12/schema")
        root["$id"] = .string("https://dudao.example/schemas/\(id).schema.json")
        root["title"] = .string("\(title.zh) / \(title.en)")
        return JSONSchema(document: .object(root))
    }
}

/// The shape of a decodable value as the probe saw it.
indirect enum SchemaShape {
    case string, integer, number, boolean, date, any
    case enumeration([String])
    case array(SchemaShape)
    case map(SchemaShape)
    case object([(name: String, shape: SchemaShape, required: Bool)])

    var json: JSONValue {
        switch self {
        case .string: return .object(["type": .string("string")])
        case .integer: return .object(["type": .string("integer")])
        case .number: return .object(["type": .string("number")])
        case .boolean: return .object(["type": .string("boolean")])
        case .any: return .object([:])
        case .date:
            return .object(["type": .string("string"), "format": .string("date"),
                            "pattern": .string("^\\d{4}-\\d{2}-\\d{2}$")])
        case .enumeration(let cases):
            return .object(["type": .string("string"), "enum": .array(cases.map(JSONValue.string))])
        case .array(let element):
            return .object(["type": .string("array"), "items": element.json])
        case .map(let value):
            return .object(["type": .string("object"), "additionalProperties": value.json])
        case .object(let properties):
            var props: [String: JSONValue] = [:]
            for property in properties { props[property.name] = property.shape.json }
            return .object([
                "type": .string("object"),
                "properties": .object(props),
                "required": .array(properties.filter(\.required).map { .string($0.name) }),
                "additionalProperties": .bool(false),
            ])
        }
    }
}

protocol SchemaArrayProbe {
    static func probeArray() throws -> (shape: SchemaShape, value: Any)
}

extension Array: SchemaArrayProbe where Element: Decodable {
    static func probeArray() throws -> (shape: SchemaShape, value: Any) {
        (.array(try SchemaProbe.probe(Element.self).shape), [Element]())
    }
}

protocol SchemaMapProbe {
    static func probeMap() throws -> (shape: SchemaShape, value: Any)
}

extension Dictionary: SchemaMapProbe where Key == String, Value: Decodable {
    static func probeMap() throws -> (shape: SchemaShape, value: Any) {
        (.map(try SchemaProbe.probe(Value.self).shape), [String: Value]())
    }
}

enum SchemaProbe {
    struct Failure: Error {}

    static func probe<T: Decodable>(_ type: T.Type) throws -> (shape: SchemaShape, value: T) {
        func cast(_ shape: SchemaShape, _ value: Any) throws -> (shape: SchemaShape, value: T) {
            guard let typed = value as? T else { throw Failure() }
            return (shape, typed)
        }
        switch type {
        case is String.Type: return try cast(.string, "")
        case is Bool.Type: return try cast(.boolean, false)
        case is Int.Type: return try cast(.integer, 0)
        case is Int64.Type: return try cast(.integer, Int64(0))
        case is Int32.Type: return try cast(.integer, Int32(0))
        case is Double.Type: return try cast(.number, 0.0)
        case is LocalDate.Type: return try cast(.date, LocalDate(dayNumber: 0))
        case is JSONValue.Type: return try cast(.any, JSONValue.null)
        default: break
        }
        if let enumType = type as? any CaseIterable.Type {
            let cases: [Any] = (enumType.allCases as any Collection).map { $0 as Any }
            let raw = cases.compactMap { ($0 as? any RawRepresentable)?.rawValue as? String }
            guard let first = cases.first else { throw Failure() }
            return try cast(.enumeration(raw), first)
        }
        if let arrayType = type as? any SchemaArrayProbe.Type {
            let probed = try arrayType.probeArray()
            return try cast(probed.shape, probed.value)
        }
        if let mapType = type as? any SchemaMapProbe.Type {
            let probed = try mapType.probeMap()
            return try cast(probed.shape, probed.value)
        }
        let recorder = ObjectRecorder()
        let value = try T(from: RecordingDecoder(recorder: recorder))
        return (.object(recorder.properties), value)
    }
}

final class ObjectRecorder {
    var properties: [(name: String, shape: SchemaShape, required: Bool)] = []
}

struct RecordingDecoder: Decoder {
    let recorder: ObjectRecorder
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RecordingKeyedContainer<Key>(recorder: recorder))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw SchemaProbe.Failure() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw SchemaProbe.Failure() }
}

struct RecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: ObjectRecorder
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let probed = try SchemaProbe.probe(T.self)
        recorder.properties.append((key.stringValue, probed.shape, true))
        return probed.value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let probed = try SchemaProbe.probe(T.self)
        recorder.properties.append((key.stringValue, probed.shape, false))
        return nil
    }

    // Synthesized Codable calls these for optional primitives; their defaults would decode as required.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        let probed = try SchemaProbe.probe(T.self)
        recorder.properties.append((key.stringValue, probed.shape, false))
        return nil
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        throw SchemaProbe.Failure()
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw SchemaProbe.Failure() }
    func superDecoder() throws -> any Decoder { throw SchemaProbe.Failure() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw SchemaProbe.Failure() }
}
