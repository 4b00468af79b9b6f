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
        let cells = engine.cells(for: unit, records: records, asOf: asOf)
        var counts: [String: Int] = [:]
        for state in CellState.allCases { counts[state.rawValue] = 0 }
        for cell in cells { counts[cell.state.rawValue, default: 0] += 1 }
        let soon = cells.filter { $0.state == .due && ($0.daysLeft ?? .max) <= campaign.dueSoonDays }
        let ledger = engine.ledger(records, asOf: asOf)
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

    /// Scores and ranks from records already read; `cells` gives each unit's cells when the caller has them.
    public func evaluation(byUnit: [String: [RecordEnvelope]], cells: [String: [ComplianceCell]]? = nil,
                           asOf: LocalDate) -> [UnitScore] {
        let source = registry.scoreWeights
        let clause = source.flatMap { campaign.clause($0.clause) }
        let weights = (clause?.parameters[source?.key ?? ""]?.objectValue ?? [:]).compactMapValues(\.doubleValue)
        let units = campaign.units.filter { clause?.applies(to: $0) ?? true }
        let contexts = units.map { unit in
            let mine = byUnit[unit.id] ?? []
            return ScoreContext(campaign: campaign, calendar: engine.calendar, unit: unit, asOf: asOf, records: mine,
                                ledger: engine.ledger(mine, asOf: asOf),
                                cells: cells?[unit.id] ?? engine.cells(for: unit, records: mine, asOf: asOf),
                                cache: engine.cache)
        }
        return Scoreboard.rank(contexts, parts: registry.scoreParts, weights: weights)
    }
}
