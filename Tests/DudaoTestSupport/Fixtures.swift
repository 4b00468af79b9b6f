import DudaoKernel
import Foundation

/// Paths and values every test target shares.
public enum Fixtures {
    /// The package root, found from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped campaign file.
    public static var campaignPath: String {
        packageRoot.appendingPathComponent("campaigns/gan-zhuan-zheng-2017.json").path
    }

    /// The shipped campaign, loaded and checked.
    public static func campaign() throws -> Campaign {
        try CampaignLoader.load(contentsOf: campaignPath)
    }

    /// The shipped campaign with `change` applied to its JSON first: how tests vary dates and quotas.
    public static func campaign(editing change: (inout [String: Any]) throws -> Void) throws -> Campaign {
        let data = try Data(contentsOf: URL(fileURLWithPath: campaignPath))
        var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        try change(&object)
        return try CampaignLoader.decode(try JSONSerialization.data(withJSONObject: object), file: "edited campaign")
    }

    /// Sets the value of parameter `key` of clause `id` in a campaign's JSON object, keeping its
    /// source; a new parameter gets an assumption naming the test as its source.
    public static func setParameter(_ object: inout [String: Any], clause: String, key: String, value: Any) {
        var clauses = object["clauses"] as! [[String: Any]]
        let index = clauses.firstIndex { $0["id"] as? String == clause }!
        var parameters = clauses[index]["parameters"] as! [[String: Any]]
        setParameter(&parameters, key: key, value: value)
        clauses[index]["parameters"] = parameters
        object["clauses"] = clauses
    }

    /// Sets the value of campaign-level parameter `key`, keeping its source.
    public static func setCampaignParameter(_ object: inout [String: Any], key: String, value: Any) {
        var parameters = object["parameters"] as! [[String: Any]]
        setParameter(&parameters, key: key, value: value)
        object["parameters"] = parameters
    }

    private static func setParameter(_ parameters: inout [[String: Any]], key: String, value: Any) {
        if let position = parameters.firstIndex(where: { $0["name"] as? String == key }) {
            parameters[position]["value"] = value
        } else {
            parameters.append(["name": key, "value": value,
                               "source": ["assumption": ["zh": "测试设定", "en": "set by a test"]]])
        }
    }

    /// A hand-written test campaign in the old shape (parameters as an object, no sources) made
    /// loadable: every parameter, window and unit list gets an assumption naming the test.
    public static func sourced(_ json: String) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let test: [String: Any] = ["assumption": ["zh": "测试设定", "en": "set by a test"]]
        func list(_ value: Any?) -> [[String: Any]] {
            guard let map = value as? [String: Any] else { return value as? [[String: Any]] ?? [] }
            return map.keys.sorted().map { ["name": $0, "value": map[$0]!, "source": test] }
        }
        object["parameters"] = list(object["parameters"])
        object["sources"] = object["sources"] ?? ["window.start": test, "window.end": test]
        object["clauses"] = (object["clauses"] as? [[String: Any]] ?? []).map { clause in
            var clause = clause
            clause["parameters"] = list(clause["parameters"])
            clause["sources"] = clause["sources"] ?? ["window": test, "appliesTo": test]
            return clause
        }
        return try JSONSerialization.data(withJSONObject: object)
    }

    public static func date(_ text: String) -> LocalDate { LocalDate(text)! }

    /// A fresh temporary directory, unique per call.
    public static func temporaryDirectory(_ name: String = "dudao") -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Builds record envelopes in memory for rule tests: increasing HLCs, predictable ids.
public struct RecordMaker: Sendable {
    public var origin: String
    public private(set) var sequence: Int64 = 0

    public init(origin: String = "test-node") {
        self.origin = origin
    }

    /// An envelope holding `body` for `unit`; its id is `<unit>-<sequence>` unless given.
    public mutating func make<B: RecordBody>(_ body: B, unit: String, id: String? = nil, author: String? = nil) -> RecordEnvelope {
        sequence += 1
        let data = try! RecordCoding.encode(body)
        return RecordEnvelope(id: id ?? "\(unit)-\(sequence)", unit: unit, type: B.recordType, body: data, author: author,
                              hlc: HLC(wall: 1_490_000_000_000 + sequence * 1000), origin: origin, sequence: sequence)
    }

    /// An envelope holding `body`, bytes already encoded, of record type `type` for `unit`.
    public mutating func make(type: String, body: Data, unit: String) -> RecordEnvelope {
        sequence += 1
        return RecordEnvelope(id: "\(unit)-\(sequence)", unit: unit, type: type, body: body, author: nil,
                              hlc: HLC(wall: 1_490_000_000_000 + sequence * 1000), origin: origin, sequence: sequence)
    }
}

/// Evaluates a registry's rules for tests and answers "what is the state of this cell".
public struct RuleHarness: Sendable {
    public let engine: ComplianceEngine

    public init(campaign: Campaign, plugins: [any Plugin]) throws {
        engine = try ComplianceEngine(campaign: campaign, registry: try PluginRegistry(plugins: plugins))
    }

    /// The cells of `unit` for `clause` as of `asOf`.
    public func cells(_ unit: String, clause: String, records: [RecordEnvelope], asOf: String, rule: String? = nil) -> [ComplianceCell] {
        let unit = engine.campaign.unit(unit)!
        return engine.cells(for: unit, records: records, asOf: LocalDate(asOf)!)
            .filter { $0.clause == clause && (rule == nil || $0.rule == rule) }
    }

    /// The states of `unit`'s cells for `clause`, in period order.
    public func states(_ unit: String, clause: String, records: [RecordEnvelope], asOf: String, rule: String? = nil) -> [CellState] {
        cells(unit, clause: clause, records: records, asOf: asOf, rule: rule).map(\.state)
    }

    /// The cells of a bureau leader for `clause`.
    public func leaderCells(_ leader: String, clause: String, records: [RecordEnvelope], asOf: String) -> [ComplianceCell] {
        engine.cells(forLeader: engine.campaign.person(leader)!, records: records, asOf: LocalDate(asOf)!)
            .filter { $0.clause == clause }
    }
}
