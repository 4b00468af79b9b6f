import DudaoKernel
import Foundation

/// A unit's compliance as of a date: every cell, and what is due soon or overdue.
public struct UnitStatus: Sendable, Codable {
    public var unit: String
    public var asOf: LocalDate
    public var cells: [ComplianceCell]
    public var counts: [String: Int]
    public var dueSoon: [ComplianceCell]
    public var overdue: [ComplianceCell]
    public var overdueLedgerItems: [String]
}

extension Workspace {
    /// The status of `unit` (this agent's unit when nil) as of `asOf`.
    public func status(unit unitID: String? = nil, asOf: LocalDate) throws -> UnitStatus {
        guard let unitID = unitID ?? identity.unit, let unit = campaign.unit(unitID) else {
            throw DudaoError("请用 --unit 指明单位", "name the unit with --unit")
        }
        let records = try store.records(unit: unit.id)
        return status(of: unit, records: records, asOf: asOf)
    }

    /// The status of `unit` from records already read.
    public func status(of unit: CampaignUnit, records: [RecordEnvelope], asOf: LocalDate) -> UnitStatus {
        let set = RecordSet(records.filter { $0.unit == unit.id }, cache: engine.cache)
        return status(of: unit, records: set, ledger: engine.ledger(set, asOf: asOf), asOf: asOf)
    }

    /// The status of `unit` from its record set and its ledger as of `asOf`.
    public func status(of unit: CampaignUnit, records: RecordSet, ledger: [LedgerItemState], asOf: LocalDate) -> UnitStatus {
        let cells = engine.cells(for: unit, records: records, ledger: ledger, asOf: asOf)
        var counts: [String: Int] = [:]
        for state in CellState.allCases { counts[state.rawValue] = 0 }
        for cell in cells { counts[cell.state.rawValue, default: 0] += 1 }
        let soon = cells.filter { $0.state == .due && ($0.daysLeft ?? .max) <= campaign.dueSoonDays }
        return UnitStatus(unit: unit.id, asOf: asOf, cells: cells, counts: counts, dueSoon: soon,
                          overdue: cells.filter { $0.state == .overdue },
                          overdueLedgerItems: ledger.filter { $0.isOverdue(asOf: asOf) }.map(\.id))
    }

    /// Every bureau leader's quota cells as of `asOf`, from all records the bureau holds.
    public func leaderCells(asOf: LocalDate) throws -> [ComplianceCell] {
        let records = try store.records()
        return campaign.leaders.flatMap { engine.cells(forLeader: $0, records: records, asOf: asOf) }
    }

    /// Scores and ranks the units the evaluation covers (the clause holding the weights), as of `asOf`.
    public func evaluation(asOf: LocalDate) throws -> [UnitScore] {
        evaluation(byUnit: Dictionary(grouping: try store.records(), by: \.unit), asOf: asOf)
    }

    /// Scores and ranks from records already read, grouped by unit.
    public func evaluation(byUnit: [String: [RecordEnvelope]], asOf: LocalDate) -> [UnitScore] {
        let plan = scoringPlan
        return Scoreboard.ranked(campaign.units.compactMap { unit in
            let set = RecordSet(byUnit[unit.id] ?? [], cache: engine.cache)
            let ledger = engine.ledger(set, asOf: asOf)
            return plan.score(unit, records: set, ledger: ledger,
                              cells: engine.cells(for: unit, records: set, ledger: ledger, asOf: asOf), asOf: asOf)
        })
    }

    /// The evaluation's parts, the campaign's weights for them and the units it covers.
    public var scoringPlan: ScoringPlan {
        let source = registry.scoreWeights
        let clause = source.flatMap { campaign.clause($0.clause) }
        let weights = (clause?.parameters[source?.key ?? ""]?.objectValue ?? [:]).compactMapValues(\.doubleValue)
        return ScoringPlan(engine: engine, parts: registry.scoreParts, weights: weights, clause: clause)
    }
}

/// How the evaluation (5.2) scores a unit: the registered score parts with the campaign's weights.
public struct ScoringPlan: Sendable {
    let engine: ComplianceEngine
    public let parts: [ScorePart]
    public let weights: [String: Double]
    /// The clause holding the weights; it says which units the evaluation covers.
    let clause: Clause?

    /// Whether the evaluation scores `unit`.
    public func covers(_ unit: CampaignUnit) -> Bool { clause?.applies(to: unit) ?? true }

    /// The unranked score of `unit`, or nil when the evaluation does not cover it.
    public func score(_ unit: CampaignUnit, records: RecordSet, ledger: [LedgerItemState], cells: [ComplianceCell],
                      asOf: LocalDate) -> UnitScore? {
        guard covers(unit) else { return nil }
        let context = ScoreContext(campaign: engine.campaign, calendar: engine.calendar, unit: unit, asOf: asOf,
                                   records: records, ledger: ledger, cells: cells)
        return Scoreboard.score(context, parts: parts, weights: weights)
    }
}
