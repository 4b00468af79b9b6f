import DudaoWorkspace
import DudaoKernel
import DudaoStore
import Foundation
import DudaoSync
import DudaoWeb
import Hummingbird
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
                    squares[run.clause] = Square(state: CellState.worst(run.states + (squares[run.clause].map { [$0.state] } ?? [])),
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

/// A page's HTML as it goes out: as is, and gzip-compressed for clients that accept it (the grid
/// of a thousand units is 2 MB of HTML and a tenth of that compressed).
struct RenderedPage: Sendable {
    let plain: ByteBuffer
    let gzipped: ByteBuffer?

    init(_ html: String) {
        plain = ByteBuffer(string: html)
        gzipped = html.utf8.count < 1024 ? nil : (try? Zlib.gzip(Data(html.utf8))).map { ByteBuffer(bytes: $0) }
    }
}

/// One unit's part of a snapshot: its status, its share of the summary and its unranked score.
struct UnitEvaluation: Sendable {
    var ledger: [LedgerItemState]
    var status: UnitStatus
    var part: BureauSnapshot.Summary.UnitPart
    var score: UnitScore?
}

/// Unit evaluations kept between snapshots: a unit evaluates again, as of a date, only when its
/// records changed. Rules read nothing but a unit's own records, the campaign and the date, so
/// a kept evaluation of the same record set (the body cache keeps a set while its record versions
/// stand) as of the same date is the evaluation. After one unit's bundle, a snapshot of a
/// thousand units evaluates one.
public final class UnitEvaluations: Sendable {
    private struct Kept {
        var set: RecordSet
        var evaluation: UnitEvaluation
    }

    private let kept = Mutex<[LocalDate: [String: Kept]]>([:])
    /// Dates kept (as many as the snapshots the model keeps); the overview's trend asks for a dozen month-ends and today.
    private let dates: Int

    public init(dates: Int = 16) {
        self.dates = dates
    }

    func evaluation(of unit: String, set: RecordSet, asOf: LocalDate) -> UnitEvaluation? {
        kept.withLock { kept in
            guard let entry = kept[asOf]?[unit], entry.set === set else { return nil }
            return entry.evaluation
        }
    }

    func keep(_ evaluation: UnitEvaluation, of unit: String, set: RecordSet, asOf: LocalDate) {
        kept.withLock { kept in
            if kept[asOf] == nil, kept.count >= dates { kept.removeAll() }
            kept[asOf, default: [:]][unit] = Kept(set: set, evaluation: evaluation)
        }
    }
}

/// The bureau's data as the web interface sees it: one workspace with a shared body cache and
/// snapshots kept until the store changes. When a revision of the campaign is published (by
/// `dudao campaign publish` in another process, say), the next request swaps in a workspace on
/// the new revision and lets go of everything computed under the old one.
public actor BureauModel {
    /// The workspace in force and the revision it was opened on; read from any task, replaced on the actor.
    private let live: LiveWorkspace
    /// Unit evaluations kept across snapshots (of one revision).
    private var evaluations = UnitEvaluations()
    /// Records as last read, so that a snapshot reads again only the versions that changed.
    private let kept = KeptRecords()
    private var snapshots: [LocalDate: BureauSnapshot] = [:]
    private var trends: [LocalDate: (version: String, points: [TrendPoint])] = [:]
    private var pages: [String: (version: String, page: RenderedPage)] = [:]

    /// A rendered page kept until the data changes: pages every account of one role sees alike
    /// (the grid of a thousand units) are rendered, and compressed, once per version, not once per request.
    func page(_ key: String, render: @Sendable () async throws -> String) async throws -> RenderedPage {
        let current = try version()
        if let cached = pages[key], cached.version == current { return cached.page }
        let page = RenderedPage(try await render())
        if pages.count > 64 { pages.removeAll() }
        pages[key] = (current, page)
        return page
    }

    public init(workspace: Workspace) throws {
        live = try LiveWorkspace(workspace)
    }

    /// The workspace on the revision in force when this request began. A handler that reads it
    /// more than once keeps it in a local, so one answer never mixes two revisions.
    public nonisolated var workspace: Workspace { live.workspace }

    public nonisolated var campaign: Campaign { workspace.campaign }

    /// The default date the dashboard evaluates as of: today, or the campaign's end once it is over.
    public nonisolated var defaultDate: LocalDate {
        let workspace = workspace
        return min(workspace.today, workspace.campaign.window.end)
    }

    /// A version string that changes whenever a record is written or merged (the store's HLC, which
    /// every local write and every import moves forward) and whenever the campaign is revised.
    public nonisolated func version() throws -> String {
        let (workspace, revision) = live.state
        return try workspace.store.dataVersion() + "/r\(revision)"
    }

    /// Swaps to a workspace on the revision now in force if another one was published since this
    /// model's was opened; true when it did. Snapshots, trends, pages and unit evaluations computed
    /// under the old revision go with it; decoded record bodies stay (they do not depend on the campaign).
    @discardableResult
    public func adoptPublishedRevision() throws -> Bool {
        guard try live.refresh() else { return false }
        evaluations = UnitEvaluations()
        snapshots = [:]
        trends = [:]
        pages = [:]
        return true
    }

    /// The snapshot as of `asOf`, recomputed only when the data changed.
    public func snapshot(asOf: LocalDate) async throws -> BureauSnapshot {
        let current = try version()
        if let cached = snapshots[asOf], cached.version == current { return cached }
        let snapshot = try await Self.compute(workspace, asOf: asOf, version: current, evaluations: evaluations, kept: kept)
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
    /// With `evaluations`, units whose records did not change since a snapshot as of the same
    /// date are not evaluated again.
    public static func compute(_ workspace: Workspace, asOf: LocalDate, version: String = "",
                               evaluations: UnitEvaluations? = nil, kept: KeptRecords? = nil) async throws -> BureauSnapshot {
        let byUnit = try await workspace.store.recordsByUnit(reusing: kept)
        let engine = workspace.engine
        let campaign = workspace.campaign
        let scoring = workspace.scoringPlan
        let phaseOf = BureauSnapshot.Summary.phases(of: campaign)
        @Sendable func recordSet(_ records: [RecordEnvelope], scope: String) -> RecordSet {
            engine.cache?.recordSet(records, scope: scope) ?? RecordSet(records)
        }
        // Each unit's records are grouped and decoded once, for its cells, ledger and score alike,
        // and kept while they stand; units the roster no longer lists have no cells, but the
        // leaders still see their records.
        let units = campaign.units, leaders = campaign.leaders
        let known = Set(units.map(\.id))
        let scopes = units.map(\.id) + byUnit.keys.filter { !known.contains($0) }.sorted()
        let setOf = await withTaskGroup(of: (String, RecordSet).self) { tasks in
            for scope in scopes {
                tasks.addTask { (scope, recordSet(byUnit[scope] ?? [], scope: "unit:" + scope)) }
            }
            var sets: [String: RecordSet] = [:]
            for await (scope, set) in tasks { sets[scope] = set }
            return sets
        }
        // The leaders' quotas read every unit's records, through the units' own sets.
        let everything = RecordSet(union: scopes.compactMap { setOf[$0] }, cache: engine.cache)
        // Units and leaders are independent: evaluate them all in one task group, on every core.
        enum Evaluated: Sendable {
            case leader(Int, [ComplianceCell])
            case unit(String, UnitEvaluation)
        }
        let (evaluated, leaderCellsByIndex) = await withTaskGroup(of: Evaluated.self) { tasks in
            for index in leaders.indices {
                tasks.addTask { .leader(index, engine.cells(forLeader: leaders[index], records: everything, asOf: asOf)) }
            }
            for unit in units {
                tasks.addTask {
                    let set = setOf[unit.id]!
                    if let kept = evaluations?.evaluation(of: unit.id, set: set, asOf: asOf) { return .unit(unit.id, kept) }
                    let ledger = engine.ledger(set, asOf: asOf)
                    let status = workspace.status(of: unit, records: set, ledger: ledger, asOf: asOf)
                    let score = scoring.score(unit, records: set, ledger: ledger, cells: status.cells, asOf: asOf)
                    let evaluated = UnitEvaluation(ledger: ledger, status: status, part: .init(status, phaseOf: phaseOf), score: score)
                    evaluations?.keep(evaluated, of: unit.id, set: set, asOf: asOf)
                    return .unit(unit.id, evaluated)
                }
            }
            var byUnit: [String: UnitEvaluation] = [:]
            var byLeader: [Int: [ComplianceCell]] = [:]
            for await result in tasks {
                switch result {
                case .leader(let index, let cells): byLeader[index] = cells
                case .unit(let unit, let evaluation): byUnit[unit] = evaluation
                }
            }
            return (byUnit, byLeader)
        }
        let leaderCells = leaders.indices.flatMap { leaderCellsByIndex[$0] ?? [] }
        let unitEvaluations = units.compactMap { evaluated[$0.id] }
        return BureauSnapshot(asOf: asOf, version: version,
                              statuses: Dictionary(uniqueKeysWithValues: unitEvaluations.map { ($0.status.unit, $0.status) }),
                              leaderCells: leaderCells, scores: Scoreboard.ranked(unitEvaluations.compactMap(\.score)),
                              ledger: unitEvaluations.flatMap(\.ledger), recordsByUnit: byUnit,
                              summary: BureauSnapshot.Summary(parts: unitEvaluations.map(\.part)))
    }

    /// Met and overdue counts at each month's end up to `asOf`: the overview's trend.
    public struct TrendPoint: Sendable, Codable {
        public var month: String
        public var met: Int
        public var late: Int
        public var overdue: Int
    }

    public func trend(asOf: LocalDate) async throws -> [TrendPoint] {
        let current = try version()
        if let cached = trends[asOf], cached.version == current { return cached.points }
        let workspace = workspace
        let calendar = workspace.engine.calendar
        var points: [TrendPoint] = []
        for month in calendar.periods(.month, overlapping: workspace.campaign.window) where month.start <= asOf {
            let snapshot = try await snapshot(asOf: min(month.end, asOf))
            let counts = snapshot.counts
            points.append(TrendPoint(month: month.label, met: counts[.met] ?? 0, late: counts[.metLate] ?? 0, overdue: counts[.overdue] ?? 0))
        }
        trends[asOf] = (current, points)
        return points
    }
}
