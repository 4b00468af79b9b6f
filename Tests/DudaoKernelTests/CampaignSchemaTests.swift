import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// `schemas/campaign.schema.json` and the code that loads campaigns agree: the schema names
/// exactly the fields the code reads, requires every field the code requires, and every
/// campaign file in `campaigns/` is valid against it (checked by Python's `jsonschema`).
@Suite struct CampaignSchemaTests {
    static let schemaURL = Fixtures.packageRoot.appendingPathComponent("schemas/campaign.schema.json")

    /// Each object of a schema by its path (`$`, `$.clauses[]`, `$.parameters{}`): its property names and required ones.
    struct Shape: Equatable, CustomStringConvertible {
        var properties: Set<String> = []
        var required: Set<String> = []
        var description: String { "properties \(properties.sorted()), required \(required.sorted())" }
    }

    static func shapes(of schema: JSONValue) -> [String: Shape] {
        var shapes: [String: Shape] = [:]
        func resolve(_ node: JSONValue) -> JSONValue {
            guard let ref = node["$ref"]?.stringValue, ref.hasPrefix("#/") else { return node }
            var target = schema
            for part in ref.dropFirst(2).split(separator: "/") { target = target[String(part)] ?? .null }
            return resolve(target)
        }
        func walk(_ node: JSONValue, _ path: String, depth: Int) {
            guard depth < 12 else { return }
            let node = resolve(node)
            if let properties = node["properties"]?.objectValue {
                var shape = shapes[path] ?? Shape()
                shape.properties.formUnion(properties.keys.filter { !$0.hasPrefix("$") })
                shape.required.formUnion(node["required"]?.stringArray ?? [])
                shapes[path] = shape
                for (name, child) in properties { walk(child, "\(path).\(name)", depth: depth + 1) }
            }
            if let items = node["items"], items.objectValue != nil { walk(items, "\(path)[]", depth: depth + 1) }
            if let values = node["additionalProperties"], values.objectValue != nil { walk(values, "\(path){}", depth: depth + 1) }
            for key in ["allOf", "anyOf", "oneOf"] {
                for branch in node[key]?.arrayValue ?? [] { walk(branch, path, depth: depth + 1) }
            }
        }
        walk(schema, "$", depth: 0)
        return shapes
    }

    @Test func theCommittedSchemaNamesExactlyTheFieldsTheCodeReads() throws {
        let committed = Self.shapes(of: try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: Self.schemaURL)))
        let derived = Self.shapes(of: JSONSchema.describe(Campaign.self, title: LocalizedText(zh: "活动", en: "campaign"), id: "campaign").document)
        #expect(derived["$"]?.properties.contains("clauses") == true, "the code's shape could not be read")
        #expect(derived["$.clauses[]"] != nil)
        for (path, code) in derived.sorted(by: { $0.key < $1.key }) {
            guard let schema = committed[path] else {
                Issue.record("schemas/campaign.schema.json has no object at \(path); the code reads \(code)")
                continue
            }
            #expect(schema.properties == code.properties, "\(path): the schema names \(schema.properties.sorted()), the code reads \(code.properties.sorted())")
            #expect(schema.required.isSuperset(of: code.required),
                    "\(path): the code requires \(code.required.subtracting(schema.required).sorted()) that the schema does not")
        }
    }

    @Test func everyCampaignFileIsValidAgainstTheSchemaAndLoads() throws {
        let folder = Fixtures.packageRoot.appendingPathComponent("campaigns")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(!files.isEmpty)
        let checks = try files.map { file in
            SchemaValidator.Check("campaigns/\(file)", schema: "campaign.schema.json",
                                  json: try Data(contentsOf: folder.appendingPathComponent(file)))
        }
        let errors = try SchemaValidator.errors(checks)
        #expect(errors == [])
        for file in files {
            #expect(throws: Never.self) { try CampaignLoader.load(contentsOf: folder.appendingPathComponent(file).path) }
        }
    }

    /// A broken file is refused by the schema and by the loader alike, both naming the same place.
    @Test(arguments: [
        ("clauses[3]", "appliesTo", #""school""#),
        ("clauses[0]", "window", #"{"start": "2017-03-29"}"#),
        ("roster.units[2]", "kind", #""kindergarten""#),
    ])
    func aBrokenFileIsRefusedByBothTheSchemaAndTheLoader(_ at: String, _ key: String, _ json: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))) as? [String: Any])
        object = Self.set(object, path: at.split(separator: ".").map(String.init), key: key, value: value)
        let data = try JSONSerialization.data(withJSONObject: object)
        let errors = try SchemaValidator.errors([.init("broken", schema: "campaign.schema.json", json: data)])
        #expect(errors.contains { $0.contains("$.\(at)") }, "\(errors)")
        #expect(throws: CampaignFileError.self) { try CampaignLoader.decode(data, file: "broken") }
        do {
            _ = try CampaignLoader.decode(data, file: "broken")
        } catch let error as CampaignFileError {
            #expect(error.message.en.contains("$.\(at)"), "\(error.message.en)")
        }
    }

    /// Sets `key` in the object at `path` (`["clauses[3]"]`, `["roster", "units[2]"]`).
    static func set(_ object: [String: Any], path: [String], key: String, value: Any) -> [String: Any] {
        var object = object
        guard let first = path.first else {
            object[key] = value
            return object
        }
        let name = String(first.prefix { $0 != "[" })
        if let open = first.firstIndex(of: "["), let index = Int(first[first.index(after: open)...].dropLast()) {
            var array = object[name] as? [[String: Any]] ?? []
            array[index] = set(array[index], path: Array(path.dropFirst()), key: key, value: value)
            object[name] = array
        } else {
            object[name] = set(object[name] as? [String: Any] ?? [:], path: Array(path.dropFirst()), key: key, value: value)
        }
        return object
    }
}
