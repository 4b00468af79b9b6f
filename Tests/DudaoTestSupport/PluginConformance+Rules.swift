import DudaoKernel
import Foundation

extension PluginConformance {
    /// Every rule for every unit of the roster, as of the campaign's last day, with the examples
    /// filed as that unit: "not applicable" wherever the clause does not bind the unit; cells,
    /// and no parameter missing from the campaign, wherever it does. Leader rules are evaluated
    /// for every bureau leader.
    static func ruleFailures(_ rules: [any Rule], registry: PluginRegistry, campaign: Campaign,
                             filed: [String: [FiledExample]]) -> [String] {
        let engine: ComplianceEngine
        do {
            engine = try ComplianceEngine(campaign: campaign, registry: registry)
        } catch {
            return ["the compliance engine does not start: \(error)"]
        }
        let asOf = campaign.clauses.map(\.window.end).reduce(campaign.window.end, max)
        var failures: [String] = []
        var maker = RecordMaker(origin: "conformance")
        for unit in campaign.units {
            let records = (filed[unit.id] ?? []).map { example in
                maker.make(type: example.type.id, body: example.body, unit: unit.id)
            }
            let cells = engine.cells(for: unit, records: records, asOf: asOf)
            for rule in rules where rule.scope == .unit {
                guard let clause = campaign.clause(rule.clause) else { continue }
                let own = cells.filter { $0.rule == rule.id }
                if !clause.applies(to: unit) {
                    if let cell = own.first(where: { $0.state != .notApplicable }) {
                        failures.append("rule \(rule.id): \(unit.kind.rawValue) \(unit.id) is not bound by clause \(clause.id) but gets \(cell.state) for \(cell.period.label)")
                    }
                    continue
                }
                if own.isEmpty { failures.append("rule \(rule.id): no cell for \(unit.kind.rawValue) \(unit.id), which clause \(clause.id) binds") }
                if let missing = own.first(where: { $0.note?.en.hasPrefix("campaign file lacks") == true }) {
                    failures.append("rule \(rule.id) for \(unit.id): \(missing.note?.en ?? "")")
                }
            }
        }
        if rules.contains(where: { $0.scope == .leader }) {
            let records = filed.values.flatMap { $0 }.map { maker.make(type: $0.type.id, body: $0.body, unit: $0.unit.id) }
            for leader in campaign.leaders {
                let cells = engine.cells(forLeader: leader, records: records, asOf: asOf)
                for rule in rules where rule.scope == .leader && !cells.contains(where: { $0.rule == rule.id }) {
                    failures.append("rule \(rule.id): no cell for leader \(leader.id)")
                }
            }
        }
        return failures
    }
}
