import Benchmarking
import DudaoKernel
import DudaoTestSupport
import Evaluation
import Foundation
import Rectification

/// What the tests of phases 3–5 share: the three plugins, validation probes, and the ledger
/// items the store would derive from records.
enum PhaseTestKit {
    static let plugins: [any Plugin] = [BenchmarkingPlugin(), RectificationPlugin(), EvaluationPlugin()]

    static func harness(_ campaign: Campaign? = nil) throws -> RuleHarness {
        try RuleHarness(campaign: campaign ?? Fixtures.campaign(), plugins: plugins)
    }

    static func date(_ text: String) -> LocalDate { Fixtures.date(text) }

    /// Sets `clauses[id][key]` (not a parameter: `window`, `appliesTo`) in a campaign's JSON object.
    static func setClauseField(_ object: inout [String: Any], clause: String, key: String, value: Any) {
        guard var clauses = object["clauses"] as? [[String: Any]],
              let index = clauses.firstIndex(where: { $0["id"] as? String == clause }) else { return }
        clauses[index][key] = value
        object["clauses"] = clauses
    }

    /// The field paths of the issues found when `B`'s example, edited by `edit`, is validated for `unit`.
    static func issuePaths<B: RecordBody>(_ type: B.Type, unit: String? = nil, unitValue: CampaignUnit? = nil,
                                          campaign: Campaign? = nil,
                                          edit: (inout [String: Any]) -> Void) throws -> [String] {
        let campaign = try campaign ?? Fixtures.campaign()
        let recordType = RecordType(B.self, plugin: String(B.recordType.prefix { $0 != "/" }))
        var object = try dictionary(JSONSerialization.jsonObject(with: recordType.example))
        edit(&object)
        let body = try JSONSerialization.data(withJSONObject: object)
        switch recordType.validate(body, campaign: campaign, unit: unitValue ?? unit.flatMap(campaign.unit)) {
        case .success: return []
        case .failure(let error): return error.issues.map(\.path)
        }
    }

    private static func dictionary(_ value: Any) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw DudaoError("不是对象", "not an object") }
        return object
    }

    /// The ledger items the store derives from `records` (R3), as envelopes of the records' units.
    static func ledgerItems(for records: [RecordEnvelope], maker: inout RecordMaker) throws -> [RecordEnvelope] {
        let registry = try PluginRegistry(plugins: plugins)
        var items: [RecordEnvelope] = []
        for record in records {
            guard let type = registry.recordType(record.type) else { continue }
            for problem in type.ledgerProblems(record.body, recordID: record.id, unit: record.unit) {
                items.append(maker.make(problem, unit: record.unit, id: "item-\(record.id)"))
            }
        }
        return items
    }

    /// The transitions that take `item` through supervision and feedback to closure on `day`.
    static func close(_ item: RecordEnvelope, on day: String, maker: inout RecordMaker) -> [RecordEnvelope] {
        let on = date(day)
        return [
            maker.make(LedgerTransition(item: item.id, action: .supervise, role: .office, on: on, comment: "督办"), unit: item.unit),
            maker.make(LedgerTransition(item: item.id, action: .feedback, role: .unit, on: on, comment: "已整改"), unit: item.unit),
            maker.make(LedgerTransition(item: item.id, action: .close, role: .office, on: on, comment: "销号", closeChecks: .allMet),
                       unit: item.unit),
        ]
    }

    /// The score weights the registry says where to find, read from `campaign`.
    static func weights(_ registry: PluginRegistry, campaign: Campaign) -> [String: Double] {
        guard let source = registry.scoreWeights,
              let object = campaign.clause(source.clause)?.parameters[source.key]?.objectValue else { return [:] }
        return object.compactMapValues(\.doubleValue)
    }

    /// The score context of `unit`, from the engine's ledger and cells, as the bureau builds it.
    static func scoreContext(_ engine: ComplianceEngine, unit id: String, records: [RecordEnvelope], asOf: LocalDate) throws -> ScoreContext {
        guard let unit = engine.campaign.unit(id) else { throw DudaoError("未知单位", "unknown unit \(id)") }
        let mine = records.filter { $0.unit == id }
        return ScoreContext(campaign: engine.campaign, calendar: engine.calendar, unit: unit, asOf: asOf, records: mine,
                            ledger: engine.ledger(mine, asOf: asOf), cells: engine.cells(for: unit, records: records, asOf: asOf))
    }
}
