import DudaoKernel
import Foundation
import Hummingbird

extension BureauServer {
    func addPageRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in try await self.page(request) { try await self.overview($0) } }
        router.get("/grid") { request, _ in try await self.page(request, cacheKey: "grid") { try await self.grid($0) } }
        router.get("/grid/cell") { request, _ in try await self.page(request) { try await self.cellDetail($0) } }
        router.get("/units/{unit}") { request, context in
            let unit = context.parameters.get("unit") ?? ""
            return try await self.page(request) { try await self.unitPage($0, unit: unit) }
        }
        router.get("/records/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.page(request) { try self.recordPage($0, id: id) }
        }
        router.get("/leaders") { request, _ in try await self.page(request) { try await self.leadersPage($0) } }
        router.get("/evaluation") { request, _ in try await self.page(request) { try await self.evaluationPage($0) } }
        router.get("/sync") { request, _ in try await self.page(request) { try self.syncPage($0) } }
    }

    func unitName(_ id: String, _ t: Tr) -> String { model.campaign.unit(id).map { t.text($0.name) } ?? id }

    func unitLink(_ id: String, _ t: Tr, asOf: LocalDate) -> String {
        "<a href=\"/units/\(urlEncode(id))?at=\(asOf)\">\(esc(unitName(id, t)))</a>"
    }

    func overview(_ c: PageContext) async throws -> Page {
        let t = c.t
        let snapshot = try await model.snapshot(asOf: c.asOf)
        let counts = snapshot.counts
        let campaign = model.campaign
        let dueSoon = snapshot.summary.dueSoon
        let cards = [
            (t("已完成", "Met"), counts[.met] ?? 0, "s-met"), (t("逾期完成", "Met late"), counts[.metLate] ?? 0, "s-met-late"),
            (t("即将到期", "Due soon"), dueSoon, "s-due"), (t("已逾期", "Overdue"), counts[.overdue] ?? 0, "s-overdue"),
            (t("逾期台账", "Overdue ledger items"), snapshot.ledger.filter { $0.isOverdue(asOf: c.asOf) }.count, "s-overdue"),
        ].map { "<div class=\"card\"><span class=\"s \($0.2)\">\(esc($0.0))</span><b>\($0.1)</b></div>" }.joined()
        let phases = campaign.phases.map { phase -> [String] in
            let progress = snapshot.summary.phases[phase.id] ?? BureauSnapshot.PhaseProgress()
            let percent = progress.judged == 0 ? 0 : progress.done * 100 / progress.judged
            let bar = "<svg width=\"220\" height=\"12\"><rect width=\"220\" height=\"12\" fill=\"#eceff1\"/><rect width=\"\(percent * 220 / 100)\" height=\"12\" fill=\"#3f8f55\"/></svg>"
            return [esc(t.text(phase.title)), bar + " \(percent)%", "\(progress.overdue)"]
        }
        let arrears: [[String]] = snapshot.summary.arrears.prefix(10).map { [unitLink($0.unit, t, asOf: c.asOf), "\($0.cells)", "\($0.items)"] }
        let trend = try await model.trend(asOf: c.asOf)
        return Page(title: t("总览", "Overview"), active: "overview", body: """
            <div class="cards">\(cards)</div>
            <h2>\(t("各阶段进度", "Progress by phase"))</h2>
            \(htmlTable([t("阶段", "Phase"), t("完成", "Done"), t("逾期项", "Overdue")], phases))
            <h2>\(t("按月趋势", "Trend by month"))</h2>
            \(trendChart(trend, t))
            <h2>\(t("需要“回头看”的单位", "Units needing a look-back (回头看)"))</h2>
            \(arrears.isEmpty ? "<p class=\"muted\">\(t("没有欠账单位", "No unit in arrears"))</p>" : htmlTable([t("单位", "Unit"), t("逾期事项", "Overdue cells"), t("逾期台账", "Overdue ledger items")], arrears))
            """)
    }

    func trendChart(_ points: [BureauModel.TrendPoint], _ t: Tr) -> String {
        guard !points.isEmpty else { return "" }
        let height = 160.0, step = 56.0
        let top = Double(max(1, points.map { $0.met + $0.late + $0.overdue }.max() ?? 1))
        var bars = ""
        for (index, point) in points.enumerated() {
            let x = 40 + Double(index) * step
            var y = height
            for (value, colour) in [(point.met, "#6fbf83"), (point.late, "#f0c95a"), (point.overdue, "#d9534f")] {
                let h = Double(value) / top * (height - 10)
                y -= h
                bars += "<rect x=\"\(x)\" y=\"\(y)\" width=\"36\" height=\"\(h)\" fill=\"\(colour)\"><title>\(point.month): \(value)</title></rect>"
            }
            bars += "<text x=\"\(x + 18)\" y=\"\(height + 14)\" font-size=\"11\" text-anchor=\"middle\">\(point.month.suffix(2))</text>"
        }
        let legend = [(t("已完成", "met"), "#6fbf83"), (t("逾期完成", "late"), "#f0c95a"), (t("已逾期", "overdue"), "#d9534f")]
            .enumerated().map { "<rect x=\"\(40 + $0.offset * 90)\" y=\"\(height + 24)\" width=\"10\" height=\"10\" fill=\"\($0.element.1)\"/><text x=\"\(54 + $0.offset * 90)\" y=\"\(height + 33)\" font-size=\"11\">\(esc($0.element.0))</text>" }.joined()
        return "<svg width=\"\(Int(60 + Double(points.count) * step))\" height=\"\(Int(height + 40))\" role=\"img\">\(bars)\(legend)</svg>"
    }

    func grid(_ c: PageContext) async throws -> Page {
        let t = c.t
        let snapshot = try await model.snapshot(asOf: c.asOf)
        let campaign = model.campaign
        let kind = c.query["kind"].flatMap(UnitKind.init(rawValue:))
        let filters = ([("", t("全部", "all"))] + UnitKind.allCases.map { ($0.rawValue, t.text($0.title)) })
            .map { "<a href=\"/grid?kind=\($0.0)&at=\(c.asOf)\">\(esc($0.1))</a>" }.joined()
        var rows: [[String]] = []
        for group in UnitKind.allCases where kind == nil || kind == group {
            let units = campaign.units.filter { $0.kind == group && (c.user?.covers($0.id, in: campaign) ?? false) }
            guard !units.isEmpty else { continue }
            // The roll-up row of the kind: the worst state per clause.
            let squares = snapshot.summary.squares
            rows.append(["<b>\(esc(t.text(group.title)))</b>"] + campaign.clauses.map { clause in
                let group = units.compactMap { squares[$0.id]?[clause.id] }
                let overdue = group.reduce(0) { $0 + $1.overdue }
                return badge(worst(group.map(\.state)), t, text: overdue > 0 ? "\(overdue)" : "·")
            })
            for unit in units {
                rows.append([unitLink(unit.id, t, asOf: c.asOf)] + campaign.clauses.map { clause in
                    let square = squares[unit.id]?[clause.id] ?? BureauSnapshot.Square(state: .notApplicable, overdue: 0)
                    let state = square.state
                    let overdue = square.overdue
                    let label = state == .notApplicable ? "—" : overdue > 0 ? "\(overdue)" : state == .met ? "✓" : state == .metLate ? "✓" : "…"
                    return badge(state, t, text: label, link: "/grid/cell?unit=\(urlEncode(unit.id))&clause=\(clause.id)&at=\(c.asOf)",
                                 title: "\(clause.id) \(t.text(clause.title)): \(t.text(state.title))")
                })
            }
        }
        let headers = [t("单位", "Unit")] + campaign.clauses.map(\.id)
        return Page(title: t("完成情况（单位 × 条款）", "Compliance (units × clauses)"), active: "grid", body: """
            <p class="filters">\(filters) · <a href="/export/grid.csv?at=\(c.asOf)">CSV</a></p>
            <p class="muted">\(t("数字为逾期项数；✓ 已完成；… 待完成；— 不适用。点击单元格查看周期明细与依据记录。",
                                 "Numbers count overdue cells; ✓ met; … due; — not applicable. Click a cell for its periods and records."))</p>
            \(htmlTable(headers, rows, classes: "grid"))
            """)
    }

    func cellDetail(_ c: PageContext) async throws -> Page {
        let t = c.t
        let unit = c.query["unit"] ?? "", clauseID = c.query["clause"] ?? ""
        guard let clause = model.campaign.clause(clauseID), model.campaign.unit(unit) != nil else {
            throw HTTPError(.notFound, message: t("没有这个单元格", "no such cell"))
        }
        guard c.user?.covers(unit, in: model.campaign) == true else { throw HTTPError(.forbidden) }
        let snapshot = try await model.snapshot(asOf: c.asOf)
        let cells = snapshot.statuses[unit]?.cells.filter { $0.clause == clauseID } ?? []
        let rows = cells.map { cell in
            [esc(cell.rule), esc(cell.period.label), badge(cell.state, t, text: t.text(cell.state.title) + (cell.daysLeft.map { t("（剩\($0)天）", " (\($0)d)") } ?? "")),
             esc(cell.deadline?.description ?? ""), cell.recordIDs.map { "<a href=\"/records/\(urlEncode($0))\">\(esc(String($0.prefix(12))))</a>" }.joined(separator: " "),
             esc(cell.note.map(t.text) ?? "")]
        }
        return Page(title: "\(unitName(unit, t)) · \(clause.id) \(t.text(clause.title))", active: "grid", body: """
            <div class="clause-text"><b>\(clause.id)</b> \(esc(clause.text))<br><span class="muted">\(esc(clause.schedule ?? "")) · \(esc(clause.responsibleText ?? ""))</span></div>
            \(htmlTable([t("规则", "Rule"), t("周期", "Period"), t("状态", "State"), t("期限", "Deadline"), t("依据记录", "Records"), t("说明", "Note")], rows))
            """)
    }

    func recordPage(_ c: PageContext, id: String) throws -> Page {
        let t = c.t
        guard let record = try model.workspace.store.record(id: id), c.user?.covers(record.unit, in: model.campaign) == true else {
            throw HTTPError(.notFound, message: t("没有这条记录", "no such record"))
        }
        let pretty = (try? JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: record.body), options: [.prettyPrinted, .sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: record.body, as: UTF8.self)
        let type = model.workspace.registry.recordType(record.type)
        let missing = record.evidence.filter { !((try? model.workspace.store.evidencePresent([$0]))?.contains($0) ?? false) }
        return Page(title: (type.map { t.text($0.title) } ?? record.type) + " · " + unitName(record.unit, t), active: "grid", body: """
            \(htmlTable([t("字段", "Field"), t("值", "Value")], [
                [t("编号", "id"), esc(record.id)], [t("类型", "type"), esc(record.type)], [t("单位", "unit"), unitLink(record.unit, t, asOf: c.asOf)],
                [t("作者", "author"), esc(record.author ?? "—")], [t("来源节点", "origin"), esc("\(record.origin) #\(record.sequence)")],
                [t("证据", "evidence"), esc(record.evidence.joined(separator: " ")) + (missing.isEmpty ? "" : " <span class=\"s s-due\">\(t("证据尚未到达", "evidence not yet arrived"))</span>")],
                [t("状态", "state"), record.deleted ? t("已删除", "deleted") : t("有效", "live")],
            ]))
            <pre style="background:#fff;border:1px solid #d9dde3;padding:10px">\(esc(pretty))</pre>
            """)
    }
}
