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
    /// What this node says about builds (missing plugins, kept changes, other campaign contents); nil when nothing.
    public var compatibility: Compatibility?
}

extension Workspace {
    /// The status of `unit` (this agent's unit when nil) as of `asOf`.
    public func status(unit unitID: String? = nil, asOf: LocalDate) throws -> UnitStatus {
        guard let unitID = unitID ?? identity.unit, let unit = campaign.unit(unitID) else {
            throw DudaoError("请用 --unit 指明单位", "name the unit with --unit")
        }
        let records = try store.records(unit: unit.id)
        var found = self.status(of: unit, records: records, asOf: asOf)
        found.compatibility = try notableCompatibility(unit: unit.id)
        return found
    }

    /// `compatibility(unit:)`, or nil when there is nothing to say.
    public func notableCompatibility(unit: String?) throws -> Compatibility? {
        let found = try compatibility(unit: unit)
        return found.isEmpty ? nil : found
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

    /// The 5.2 assessment (the first assessment of kind `evaluation` the plugins declare), ranked as of `asOf`; the office's combined ranking when no plugin declares one.
    public func evaluation(asOf: LocalDate) throws -> [UnitScore] {
        evaluation(byUnit: Dictionary(grouping: try store.records(), by: \.unit), asOf: asOf)
    }

    /// The 5.2 assessment from records already read, grouped by unit.
    public func evaluation(byUnit: [String: [RecordEnvelope]], asOf: LocalDate) -> [UnitScore] {
        rank(byUnit: byUnit, plan: scoringPlan, asOf: asOf)
    }

    /// The units scored and ranked by `assessment` as of `asOf`.
    public func assessment(_ assessment: Assessment, asOf: LocalDate) throws -> [UnitScore] {
        rank(byUnit: Dictionary(grouping: try store.records(), by: \.unit), plan: scoringPlan(for: assessment), asOf: asOf)
    }

    func rank(byUnit: [String: [RecordEnvelope]], plan: ScoringPlan, asOf: LocalDate) -> [UnitScore] {
        Scoreboard.ranked(campaign.units.compactMap { unit in
            let set = RecordSet(byUnit[unit.id] ?? [], cache: engine.cache)
            let ledger = engine.ledger(set, asOf: asOf)
            return plan.score(unit, records: set, ledger: ledger,
                              cells: engine.cells(for: unit, records: set, ledger: ledger, asOf: asOf), asOf: asOf)
        })
    }

    /// The plan of the 5.2 assessment: the first declared assessment, else the office's combined weights.
    public var scoringPlan: ScoringPlan {
        if let first = registry.assessments.first(where: { $0.kind == .evaluation }) { return scoringPlan(for: first) }
        return combinedScoringPlan
    }

    /// The office's combined ranking: every score part present, weighted by `registry.scoreWeights`
    /// over the parts' default weights (`ScoreWeights`).
    public var combinedScoringPlan: ScoringPlan {
        let source = registry.scoreWeights
        let clause = source.flatMap { campaign.clause($0.clause) }
        return ScoringPlan(engine: engine, parts: registry.scoreParts, weights: registry.rankingWeights(in: campaign),
                           clause: clause, weightSource: source.flatMap { clause?.source(of: $0.key) })
    }

    /// How `assessment` scores a unit: the registered parts it weighs, with the campaign's weights.
    public func scoringPlan(for assessment: Assessment) -> ScoringPlan {
        ScoringPlan(engine: engine, parts: registry.scoreParts, weights: assessment.weights(in: campaign, registry: registry),
                    clause: campaign.clause(assessment.clause), weightSource: assessment.weightsSource(in: campaign))
    }
}

/// How an assessment scores a unit: the registered score parts with the campaign's weights.
public struct ScoringPlan: Sendable {
    let engine: ComplianceEngine
    public let parts: [ScorePart]
    public let weights: [String: Double]
    /// The clause holding the weights; it says which units the evaluation covers.
    let clause: Clause?
    /// Where the weights come from; an assumption marks them as the office's own.
    public let weightSource: ParameterSource?

    /// Whether the evaluation scores `unit`.
    public func covers(_ unit: CampaignUnit) -> Bool { clause?.applies(to: unit) ?? true }

    /// The unranked score of `unit`, or nil when the evaluation does not cover it.
    public func score(_ unit: CampaignUnit, records: RecordSet, ledger: [LedgerItemState], cells: [ComplianceCell],
                      asOf: LocalDate) -> UnitScore? {
        guard covers(unit) else { return nil }
        let context = ScoreContext(campaign: engine.campaign, calendar: engine.calendar, unit: unit, asOf: asOf,
                                   records: records, ledger: ledger, cells: cells)
        var score = Scoreboard.score(context, parts: parts, weights: weights)
        for index in score.parts.indices { score.parts[index].weightSource = weightSource }
        return score
    }
}

extension Workspace {
    /// R2's view as of `asOf`: heads, key units and units with prominent problems, each with how
    /// often it has been supervised (inspections, look-backs, leader visits).
    public func supervisionFocus(asOf: LocalDate) throws -> SupervisionFocus {
        let byUnit = Dictionary(grouping: try store.records(), by: \.unit)
        let facts = campaign.units.map { unit in
            let set = RecordSet(byUnit[unit.id] ?? [], cache: engine.cache)
            let ledger = engine.ledger(set, asOf: asOf)
            var supervisions: [String: Int] = [:]
            for event in registry.supervisionEvents { supervisions[event.recordType] = event.count(set, asOf) }
            return SupervisionFocus.UnitFacts(unit: unit, supervisions: supervisions, ledger: ledger,
                                              cells: engine.cells(for: unit, records: set, ledger: ledger, asOf: asOf))
        }
        return SupervisionFocus.compute(facts, campaign: campaign, asOf: asOf)
    }
}

extension Workspace {
    /// Section 二's method pairs across each unit's inspections as of `asOf` (明查与暗访相结合 …).
    public func methodMixes(asOf: LocalDate) throws -> [MethodMix] {
        let inspections = try store.records(type: Inspection.recordType)
        let byUnit = Dictionary(grouping: inspections.filter { !$0.deleted }, by: \.unit)
        return campaign.units.map { unit in
            let bodies = (byUnit[unit.id] ?? []).compactMap { try? $0.decode(Inspection.self) }
            return MethodMix.of(bodies, unit: unit.id, campaign: campaign, asOf: asOf)
        }
    }
}
