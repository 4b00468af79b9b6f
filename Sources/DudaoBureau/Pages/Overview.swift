import DudaoKernel
import DudaoWeb
import Foundation
import Hummingbird

extension BureauServer {
    func addPageRoutes(to router: Router<BureauRequestContext>) {
        router.get("/") { request, _ in try await self.page(request) { try await self.overview($0) } }
        router.get("/grid") { request, _ in try await self.page(request, cacheKey: "grid") { try await self.grid($0) } }
        router.get("/grid/cell") { request, _ in try await self.page(request) { try await self.cellDetail($0) } }
        router.get("/units/{unit}") { request, context in
            let unit = context.pathParameter("unit")
            return try await self.page(request) { try await self.unitPage($0, unit: unit) }
        }
        router.get("/records/{id}") { request, context in
            let id = context.pathParameter("id")
            return try await self.page(request) { try self.recordPage($0, id: id) }
        }
        router.get("/leaders") { request, _ in try await self.page(request) { try await self.leadersPage($0) } }
        router.get("/evaluation") { request, _ in try await self.page(request) { try await self.evaluationPage($0) } }
        router.get("/sync") { request, _ in try await self.page(request) { try self.syncPage($0) } }
    }

    func overview(_ c: PageContext) async throws -> Page {
        let t = c.t
        let snapshot = try await model.snapshot(asOf: c.asOf)
        // A leader's overview counts their own units only (see Scope.swift).
        let summary = self.summary(snapshot, user: c.user)
        let counts = summary.counts
        let campaign = model.campaign
        let at = c.asOf.description
        // Each card opens the list it counts.
        let cards: [(title: String, count: Int, state: CellState, link: Link)] = [
            (t("已完成", "Met"), counts[.met] ?? 0, .met, Link("/grid", query: ["state": CellState.met.rawValue, "at": at])),
            (t("逾期完成", "Met late"), counts[.metLate] ?? 0, .metLate, Link("/grid", query: ["state": CellState.metLate.rawValue, "at": at])),
            (t("即将到期", "Due soon"), summary.dueSoon, .due, Link("/grid", query: ["state": CellState.due.rawValue, "at": at])),
            (t("已逾期", "Overdue"), counts[.overdue] ?? 0, .overdue, Link("/grid", query: ["state": CellState.overdue.rawValue, "at": at])),
            (t("逾期台账", "Overdue ledger items"), snapshot.ledger.filter { $0.isOverdue(asOf: c.asOf) && c.user?.covers($0.unit, in: campaign) == true }.count, .overdue,
             Link("/ledger", query: ["overdue": "1", "at": at])),
        ]
        let cardRow = cards.map { card -> HTML in
            "<a class=\"card\" href=\"\(card.link)\">\(Badge(card.state, t, text: card.title).html)<b>\(card.count)</b></a>"
        }.joined()
        let phases = Table<Campaign.Phase>([
            .init(t("阶段", "Phase")) { "\(t.text($0.title))" },
            .init(t("完成", "Done")) { phase in
                let progress = summary.phases[phase.id] ?? BureauSnapshot.PhaseProgress()
                let percent = progress.judged == 0 ? 0 : progress.done * 100 / progress.judged
                return "\(ProgressBar(percent: percent).html) \(percent)%"
            },
            .init(t("逾期项", "Overdue"), class: "num") { "\((summary.phases[$0.id] ?? BureauSnapshot.PhaseProgress()).overdue)" },
        ], rows: campaign.phases)
        let arrears = Table<(unit: String, cells: Int, items: Int)>([
            .init(t("单位", "Unit")) { self.unitLink($0.unit, t, asOf: c.asOf) },
            .init(t("逾期事项", "Overdue cells"), class: "num") { "\($0.cells)" },
            .init(t("逾期台账", "Overdue ledger items"), class: "num") { "\($0.items)" },
        ], rows: Array(summary.arrears.prefix(10)))
        let trend = try await self.trend(asOf: c.asOf, user: c.user)
        let chart = StackedBarChart(series: [.init(t("已完成", "met"), style: "bar-met"), .init(t("逾期完成", "late"), style: "bar-late"),
                                             .init(t("已逾期", "overdue"), style: "bar-overdue")],
                                    columns: trend.map { .init(label: $0.month, short: String($0.month.suffix(2)), values: [$0.met, $0.late, $0.overdue]) })
        let noArrears: HTML = "<p class=\"muted\">\(t("没有欠账单位", "No unit in arrears"))</p>"
        return Page(title: t("总览", "Overview"), active: "overview", body: """
            <div class="cards">\(cardRow)</div>
            <h2>\(t("各阶段进度", "Progress by phase"))</h2>
            \(phases.html)
            <h2>\(t("按月趋势", "Trend by month"))</h2>
            \(chart.html)
            <h2>\(t("需要“回头看”的单位", "Units needing a look-back (回头看)"))</h2>
            \(arrears.rows.isEmpty ? noArrears : arrears.html)
            """)
    }
}
