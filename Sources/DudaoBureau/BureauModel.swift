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

        /// One unit's share of the summary, computed beside its cells (on any thread).
        struct UnitPart: Sendable {
            var unit: String
            var counts: [CellState: Int] = [:]
            var phases: [String: PhaseProgress] = [:]
            var squares: [String: Square] = [:]
            var dueSoon = 0
            var overdueCells = 0
            var overdueItems = 0

            init(_ status: UnitStatus, phaseOf: [String: String]) {
                unit = status.unit
                // The engine emits a clause's cells together: tally each run, then file it once.
                var tally = [Int](repeating: 0, count: CellState.allCases.count)
                var run: (clause: String, states: [CellState], progress: PhaseProgress)?
                func file() {
                    guard let run else { return }
                    squares[run.clause] = Square(state: worst(run.states + (squares[run.clause].map { [$0.state] } ?? [])),
                                                 overdue: run.states.count { $0 == .overdue } + (squares[run.clause]?.overdue ?? 0))
                    if let phase = phaseOf[run.clause], run.progress.judged > 0 {
                        phases[phase, default: PhaseProgress()].judged += run.progress.judged
                        phases[phase]!.done += run.progress.done
                        phases[phase]!.overdue += run.progress.overdue
                    }
                }
                for cell in status.cells {
                    let state = cell.state
                    tally[CellState.allCases.firstIndex(of: state)!] += 1
                    if run?.clause != cell.clause {
                        file()
                        run = (cell.clause, [], PhaseProgress())
                    }
                    run!.states.append(state)
                    guard state != .notApplicable else { continue }
                    run!.progress.judged += 1
                    if state == .met || state == .metLate { run!.progress.done += 1 }
                    if state == .overdue { run!.progress.overdue += 1 }
                }
                file()
                for (index, state) in CellState.allCases.enumerated() where tally[index] > 0 { counts[state] = tally[index] }
                dueSoon = status.dueSoon.count
                overdueCells = status.overdue.count
                overdueItems = status.overdueLedgerItems.count
            }
        }

        /// Each clause's phase, for `UnitPart`.
        static func phases(of campaign: Campaign) -> [String: String] {
            Dictionary(campaign.clauses.map { ($0.id, $0.phase) }) { first, _ in first }
        }

        init(statuses: [String: UnitStatus], campaign: Campaign) {
            let phaseOf = Self.phases(of: campaign)
            self.init(parts: statuses.values.map { UnitPart($0, phaseOf: phaseOf) })
        }

        init(parts: [UnitPart]) {
            for part in parts {
                counts.merge(part.counts, uniquingKeysWith: +)
                for (phase, progress) in part.phases {
                    phases[phase, default: PhaseProgress()].judged += progress.judged
                    phases[phase]!.done += progress.done
                    phases[phase]!.overdue += progress.overdue
                }
                squares[part.unit] = part.squares
                dueSoon += part.dueSoon
                if part.overdueCells > 0 || part.overdueItems > 0 {
                    arrears.append((part.unit, part.overdueCells, part.overdueItems))
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
        // The snapshots replaced hold a hundred thousand values; they are let go off the actor.
        var replaced = [snapshots.updateValue(snapshot, forKey: asOf)].compactMap { $0 }
        if snapshots.count > 16 {
            replaced += snapshots.filter { $0.key != asOf }.map(\.value)
            snapshots = [asOf: snapshot]
        }
        if !replaced.isEmpty {
            let released = replaced
            Task.detached(priority: .background) { _ = released.count }
        }
        return snapshot
    }

    /// Computes a snapshot from the store: every unit's cells, the leaders' cells, scores and the ledger.
    public static func compute(_ workspace: Workspace, asOf: LocalDate, version: String = "") throws -> BureauSnapshot {
        let records = try workspace.store.records()
        let byUnit = Dictionary(grouping: records) { $0.unit }
        let engine = workspace.engine
        let campaign = workspace.campaign
        let scoring = workspace.scoringPlan
        let phaseOf = BureauSnapshot.Summary.phases(of: campaign)
        @Sendable func recordSet(_ records: [RecordEnvelope], scope: String) -> RecordSet {
            engine.cache?.recordSet(records, scope: scope) ?? RecordSet(records)
        }
        // All records, for the leaders' quotas: set up by whichever task needs it first.
        let allRecords = Mutex<RecordSet?>(nil)
        @Sendable func everything() -> RecordSet {
            allRecords.withLock { set in
                if set == nil { set = recordSet(records, scope: "*") }
                return set!
            }
        }
        // Units are independent: evaluate them on every core, then the leaders' quotas.
        // Each unit's records are grouped and decoded once, for its cells, ledger and score alike.
        let units = campaign.units, leaders = campaign.leaders
        struct Evaluated: Sendable {
            var status: UnitStatus
            var part: BureauSnapshot.Summary.UnitPart
            var score: UnitScore?
        }
        let results = Mutex<[String: Evaluated]>([:])
        let leaderResults = Mutex<[Int: [ComplianceCell]]>([:])
        DispatchQueue.concurrentPerform(iterations: 1 + units.count + leaders.count) { index in
            if index == 0 {
                _ = everything()
            } else if index <= units.count {
                let unit = units[index - 1]
                let set = recordSet(byUnit[unit.id] ?? [], scope: "unit:" + unit.id)
                let ledger = engine.ledger(set, asOf: asOf)
                let status = workspace.status(of: unit, records: set, ledger: ledger, asOf: asOf)
                let score = scoring.score(unit, records: set, ledger: ledger, cells: status.cells, asOf: asOf)
                let evaluated = Evaluated(status: status, part: .init(status, phaseOf: phaseOf), score: score)
                results.withLock { $0[unit.id] = evaluated }
            } else {
                let leader = index - 1 - units.count
                let cells = engine.cells(forLeader: leaders[leader], records: everything(), asOf: asOf)
                leaderResults.withLock { $0[leader] = cells }
            }
        }
        let evaluated = results.withLock { $0 }
        let leaderCells = leaderResults.withLock { cells in leaders.indices.flatMap { cells[$0] ?? [] } }
        return BureauSnapshot(asOf: asOf, version: version, statuses: evaluated.mapValues(\.status), leaderCells: leaderCells,
                              scores: Scoreboard.ranked(evaluated.values.compactMap(\.score)),
                              ledger: engine.ledger(everything(), asOf: asOf), recordsByUnit: byUnit,
                              summary: BureauSnapshot.Summary(parts: evaluated.values.map(\.part)))
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
