import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// What a plugin's clause tables share: the plugin under test and how bodies become records.
protocol ClauseSuite {
    static var plugin: any Plugin { get }
    /// The records that bodies put in a store; by default the bodies alone.
    static func records(_ unit: String, _ bodies: [any RecordBody]) -> [RecordEnvelope]
}

/// A cell's state and, when due, its days left: what the tables assert.
enum Verdict: Sendable, Hashable, CustomStringConvertible {
    case met, metLate, due(Int), overdue, notApplicable

    init(_ cell: ComplianceCell) {
        switch cell.state {
        case .met: self = .met
        case .metLate: self = .metLate
        case .due: self = .due(cell.daysLeft ?? -1)
        case .overdue: self = .overdue
        case .notApplicable: self = .notApplicable
        }
    }

    var description: String {
        switch self {
        case .met: "met"
        case .metLate: "met-late"
        case .due(let days): "due(\(days))"
        case .overdue: "overdue"
        case .notApplicable: "not-applicable"
        }
    }
}

/// One row of a rule table: a unit, its records, a date, and the verdicts expected per rule.
struct ClauseCase<Suite: ClauseSuite>: Sendable, CustomTestStringConvertible {
    var name: String
    var unit: String
    var records: [RecordEnvelope]
    var asOf: String
    var expected: [String: [Verdict]]

    init(_ name: String, unit: String, _ bodies: [any RecordBody] = [], asOf: String, _ expected: [String: [Verdict]]) {
        self.name = name
        self.unit = unit
        records = Suite.records(unit, bodies)
        self.asOf = asOf
        self.expected = expected
    }

    var testDescription: String { "\(name) @ \(asOf)" }
}

/// A change to a valid example body, and the field path the resulting issue must name.
struct BodyEditCase<Suite: ClauseSuite>: Sendable, CustomTestStringConvertible {
    enum Edit: Sendable {
        case remove(String)
        case set(String, JSONValue)
    }

    var type: String
    var edit: Edit
    var unit: String?
    var path: String

    init(_ type: String, _ edit: Edit, unit: String? = "school-no1-high", path: String) {
        self.type = Suite.plugin.manifest.id + "/" + type
        self.edit = edit
        self.unit = unit
        self.path = path
    }

    var testDescription: String {
        switch edit {
        case .remove(let key): "\(type): without \(key) → \(path)"
        case .set(let key, let value): "\(type): \(key) = \(value) → \(path)"
        }
    }
}

extension ClauseSuite {
    static func records(_ unit: String, _ bodies: [any RecordBody]) -> [RecordEnvelope] {
        var maker = RecordMaker()
        return bodies.map { maker.make($0, unit: unit) }
    }

    /// The verdicts of `rule` for `unit`, in period order.
    static func verdicts(_ campaign: Campaign? = nil, unit: String, rule: String, records: [RecordEnvelope],
                         asOf: String) throws -> [Verdict] {
        let harness = try RuleHarness(campaign: campaign ?? Fixtures.campaign(), plugins: [plugin])
        let clause = String(rule.prefix { $0 != "/" })
        return harness.cells(unit, clause: clause, records: records, asOf: asOf, rule: rule).map(Verdict.init)
    }

    /// The verdicts of `rule` for a bureau leader.
    static func leaderVerdicts(_ campaign: Campaign? = nil, leader: String, rule: String, records: [RecordEnvelope],
                               asOf: String) throws -> [Verdict] {
        let harness = try RuleHarness(campaign: campaign ?? Fixtures.campaign(), plugins: [plugin])
        let clause = String(rule.prefix { $0 != "/" })
        return harness.leaderCells(leader, clause: clause, records: records, asOf: asOf)
            .filter { $0.rule == rule }.map(Verdict.init)
    }

    /// Checks every rule a case names.
    static func check(_ testCase: ClauseCase<Self>, campaign: Campaign? = nil) throws {
        for (rule, expected) in testCase.expected.sorted(by: { $0.key < $1.key }) {
            let actual = try verdicts(campaign, unit: testCase.unit, rule: rule, records: testCase.records, asOf: testCase.asOf)
            #expect(actual == expected, "\(rule)")
        }
    }

    /// The field paths of the issues a changed example body raises.
    static func issuePaths(_ bodyCase: BodyEditCase<Self>) throws -> [String] {
        let campaign = try Fixtures.campaign()
        let type = try #require(try PluginRegistry(plugins: [plugin]).recordType(bodyCase.type))
        var body = try #require(try JSONDecoder().decode(JSONValue.self, from: type.example).objectValue)
        switch bodyCase.edit {
        case .remove(let key): body[key] = nil
        case .set(let key, let value): body[key] = value
        }
        let data = try JSONEncoder().encode(JSONValue.object(body))
        switch type.validate(data, campaign: campaign, unit: bodyCase.unit.flatMap(campaign.unit)) {
        case .success: return []
        case .failure(let error): return error.issues.map(\.path)
        }
    }
}
