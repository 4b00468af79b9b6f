import DudaoAgent
import DudaoKernel
import DudaoStore
import Foundation
import GRDB
import Synchronization

/// Everything the dashboard shows as of one date, computed once per version of the data.
public struct BureauSnapshot: Sendable {
    public var asOf: LocalDate
    public var version: String
    public var statuses: [String: UnitStatus]
    public var leaderCells: [ComplianceCell]
    public var scores: [UnitScore]
    public var ledger: [LedgerItemState]
    public var recordsByUnit: [String: [RecordEnvelope]]
    /// The aggregates the pages show, computed once with the snapshot rather than per request.
    public var summary: Summary

    public var cells: [ComplianceCell] { statuses.values.flatMap(\.cells) }

    /// Counts of each state over all unit cells.
    public var counts: [CellState: Int] { summary.counts }

    /// One (unit, clause) square of the grid: its worst state and how many of its cells are overdue.
    public struct Square: Sendable, Hashable {
        public var state: CellState
        public var overdue: Int
    }

    public struct PhaseProgress: Sendable, Hashable {
        public var done = 0
        public var judged = 0
        public var overdue = 0
    }

    public struct Summary: Sendable {
        public var counts: [CellState: Int] = [:]
        public var dueSoon = 0
        public var phases: [String: PhaseProgress] = [:]
        public var squares: [String: [String: Square]] = [:]
        /// Units with overdue cells or overdue ledger items, most first.
        public var arrears: [(unit: String, cells: Int, items: Int)] = []

        init(statuses: [String: UnitStatus], campaign: Campaign) {
            let phaseOf = Dictionary(uniqueKeysWithValues: campaign.clauses.map { ($0.id, $0.phase) })
            for (unit, status) in statuses {
                var byClause: [String: [CellState]] = [:]
                for cell in status.cells {
                    counts[cell.state, default: 0] += 1
                    byClause[cell.clause, default: []].append(cell.state)
                    guard cell.state != .notApplicable, let phase = phaseOf[cell.clause] else { continue }
                    phases[phase, default: PhaseProgress()].judged += 1
                    if cell.state == .met || cell.state == .metLate { phases[phase]!.done += 1 }
                    if cell.state == .overdue { phases[phase]!.overdue += 1 }
                }
                squares[unit] = byClause.mapValues { Square(state: worst($0), overdue: $0.filter { $0 == .overdue }.count) }
                dueSoon += status.dueSoon.count
                if !status.overdue.isEmpty || !status.overdueLedgerItems.isEmpty {
                    arrears.append((unit, status.overdue.count, status.overdueLedgerItems.count))
                }
            }
            arrears.sort { a, b in a.cells + a.items != b.cells + b.items ? a.cells + a.items > b.cells + b.items : a.unit < b.unit }
        }
    }
}

/// The bureau's data as the web interface sees it: one workspace with a shared body cache and
/// snapshots kept until the store changes.
public actor BureauModel {
    public let workspace: Workspace
    private var snapshots: [LocalDate: BureauSnapshot] = [:]
    private var trends: [LocalDate: (version: String, points: [TrendPoint])] = [:]
    private var pages: [String: (version: String, html: String)] = [:]

    /// A rendered page kept until the data changes: pages every account of one role sees alike
    /// (the grid of a thousand units) are rendered once per version, not once per request.
    public func page(_ key: String, render: @Sendable () async throws -> String) async throws -> String {
        let current = try version()
        if let cached = pages[key], cached.version == current { return cached.html }
        let html = try await render()
        if pages.count > 64 { pages.removeAll() }
        pages[key] = (current, html)
        return html
    }

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    public nonisolated var campaign: Campaign { workspace.campaign }

    /// The default date the dashboard evaluates as of: today, or the campaign's end once it is over.
    public nonisolated var defaultDate: LocalDate { min(workspace.today, workspace.campaign.window.end) }

    /// A version string that changes whenever a record is written or merged: the store's HLC,
    /// which every local write and every import moves forward.
    public nonisolated func version() throws -> String {
        try workspace.store.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'hlc'") ?? "" }
    }

    /// The snapshot as of `asOf`, recomputed only when the data changed.
    public func snapshot(asOf: LocalDate) throws -> BureauSnapshot {
        let current = try version()
        if let cached = snapshots[asOf], cached.version == current { return cached }
        let snapshot = try Self.compute(workspace, asOf: asOf, version: current)
        if snapshots.count > 16 { snapshots.removeAll() }
        snapshots[asOf] = snapshot
        return snapshot
    }

    /// Computes a snapshot from the store: every unit's cells, the leaders' cells, scores and the ledger.
    public static func compute(_ workspace: Workspace, asOf: LocalDate, version: String = "") throws -> BureauSnapshot {
        let records = try workspace.store.records()
        let byUnit = Dictionary(grouping: records, by: \.unit)
        let engine = workspace.engine
        // Units are independent: evaluate them on every core.
        let units = workspace.campaign.units
        let results = Mutex<[String: UnitStatus]>([:])
        DispatchQueue.concurrentPerform(iterations: units.count) { index in
            let unit = units[index]
            let status = workspace.status(of: unit, records: byUnit[unit.id] ?? [], asOf: asOf)
            results.withLock { $0[unit.id] = status }
        }
        let statuses = results.withLock { $0 }
        let allByType = Dictionary(grouping: records, by: \.type)
        let leaderCells = workspace.campaign.leaders.flatMap {
            engine.cells(forLeader: $0, records: records, asOf: asOf, byType: allByType)
        }
        let scores = workspace.evaluation(byUnit: byUnit, cells: statuses.mapValues(\.cells), asOf: asOf)
        return BureauSnapshot(asOf: asOf, version: version, statuses: statuses, leaderCells: leaderCells, scores: scores,
                              ledger: engine.ledger(records, asOf: asOf), recordsByUnit: byUnit,
                              summary: BureauSnapshot.Summary(statuses: statuses, campaign: workspace.campaign))
    }

    /// Met and overdue counts at each month's end up to `asOf`: the overview's trend.
    public struct TrendPoint: Sendable, Codable {
        public var month: String
        public var met: Int
        public var late: Int
        public var overdue: Int
    }

    public func trend(asOf: LocalDate) throws -> [TrendPoint] {
        let current = try version()
        if let cached = trends[asOf], cached.version == current { return cached.points }
        let calendar = workspace.engine.calendar
        var points: [TrendPoint] = []
        for month in calendar.periods(.month, overlapping: workspace.campaign.window) where month.start <= asOf {
            let snapshot = try snapshot(asOf: min(month.end, asOf))
            let counts = snapshot.counts
            points.append(TrendPoint(month: month.label, met: counts[.met] ?? 0, late: counts[.metLate] ?? 0, overdue: counts[.overdue] ?? 0))
        }
        trends[asOf] = (current, points)
        return points
    }
}
