import DudaoKernel
import DudaoWeb
import Foundation

/// One rule for what an account sees: the office and viewers the whole campaign; a leader only
/// their assigned units and offices in charge — on every page, API answer and CSV (counts,
/// evaluation and sync included). A leader's evaluation keeps each unit's rank in the whole campaign.
extension BureauServer {
    /// Whether the account sees every unit.
    func seesAll(_ user: BureauUser?) -> Bool { user.map { $0.role != .leader } ?? false }

    /// The units the account sees.
    func visibleUnits(_ user: BureauUser?) -> [CampaignUnit] {
        model.campaign.units.filter { user?.covers($0.id, in: model.campaign) ?? false }
    }

    /// The ranked scores of the units the account sees.
    func scores(_ snapshot: BureauSnapshot, user: BureauUser) -> [UnitScore] {
        seesAll(user) ? snapshot.scores : snapshot.scores.filter { user.covers($0.unit, in: model.campaign) }
    }

    /// The overview's aggregates over the units the account sees.
    func summary(_ snapshot: BureauSnapshot, user: BureauUser?) -> BureauSnapshot.Summary {
        guard !seesAll(user) else { return snapshot.summary }
        let phaseOf = BureauSnapshot.Summary.phases(of: model.campaign)
        return BureauSnapshot.Summary(parts: visibleUnits(user).compactMap { snapshot.statuses[$0.id] }.map { .init($0, phaseOf: phaseOf) })
    }

    /// The overview's monthly trend over the units the account sees.
    func trend(asOf: LocalDate, user: BureauUser?) async throws -> [BureauModel.TrendPoint] {
        guard !seesAll(user) else { return try await model.trend(asOf: asOf) }
        let units = visibleUnits(user).map(\.id)
        let calendar = model.workspace.engine.calendar
        var points: [BureauModel.TrendPoint] = []
        for month in calendar.periods(.month, overlapping: model.campaign.window) where month.start <= asOf {
            let snapshot = try await model.snapshot(asOf: min(month.end, asOf))
            var point = BureauModel.TrendPoint(month: month.label, met: 0, late: 0, overdue: 0)
            for unit in units {
                let counts = snapshot.statuses[unit]?.counts ?? [:]
                point.met += counts[CellState.met.rawValue] ?? 0
                point.late += counts[CellState.metLate.rawValue] ?? 0
                point.overdue += counts[CellState.overdue.rawValue] ?? 0
            }
            points.append(point)
        }
        return points
    }

    /// The sync state of the units the account sees, days counted to `asOf` (the page's date,
    /// not the wall clock). A leader sees their units' rows and refusals; held bundles, which
    /// name no unit until they apply, only as their units' counts.
    func syncStatus(for user: BureauUser, asOf: LocalDate) throws -> SyncStatus {
        var status = try syncStatus()
        for index in status.units.indices {
            status.units[index].daysSince = status.units[index].lastReceived.flatMap(LocalDate.init).map { max(0, $0.days(until: asOf)) }
        }
        guard !seesAll(user) else { return status }
        let campaign = model.campaign
        status.units = status.units.filter { user.covers($0.unit, in: campaign) }
        status.refused = status.refused.filter { $0.unit.map { user.covers($0, in: campaign) } ?? false }
        status.held = []
        return status
    }
}
