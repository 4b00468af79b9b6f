import DudaoKernel
import Foundation
import Hummingbird

extension BureauServer {
    func unitPage(_ c: PageContext, unit id: String) async throws -> Page {
        let t = c.t
        guard let unit = model.campaign.unit(id) else { throw HTTPError(.notFound, message: t("没有这个单位", "no such unit")) }
        guard c.user?.covers(id, in: model.campaign) == true else { throw HTTPError(.forbidden) }
        let snapshot = try await model.snapshot(asOf: c.asOf)
        let status = snapshot.statuses[id]
        let records = (snapshot.recordsByUnit[id] ?? []).filter { !$0.deleted }
        let cells = (status?.cells ?? []).filter { $0.state != .notApplicable }
        let cellRows = cells.filter { $0.state != .met || $0.period.end >= c.asOf.adding(days: -31) }.map { cell in
            [cell.clause, esc(cell.rule), esc(cell.period.label),
             badge(cell.state, t, link: "/grid/cell?unit=\(urlEncode(id))&clause=\(cell.clause)&at=\(c.asOf)"), esc(cell.note.map(t.text) ?? "")]
        }
        let ledger = snapshot.ledger.filter { $0.unit == id }
        let ledgerRows = ledger.map { item in
            ["<a href=\"/ledger/\(urlEncode(item.id))?at=\(c.asOf)\">\(esc(item.item.title))</a>", esc(t.text(item.item.source.title)),
             esc(t.text(item.state.title)) + (item.isOverdue(asOf: c.asOf) ? " " + badge(.overdue, t) : ""), esc(item.deadline?.description ?? "—")]
        }
        let registry = model.workspace.registry
        let timeline = records.sorted { $0.hlc > $1.hlc }.prefix(40).map { record in
            [esc(model.workspace.engine.calendar.localDate(of: Date(timeIntervalSince1970: Double(record.hlc.wall) / 1000)).description),
             "<a href=\"/records/\(urlEncode(record.id))\">\(esc(registry.recordType(record.type).map { t.text($0.title) } ?? record.type))</a>",
             esc(record.author ?? ""), record.evidence.isEmpty ? "" : "📎 \(record.evidence.count)"]
        }
        // The plugins' report sections: targets, articles, appeals … as each plugin lays them out.
        let reportContext = ReportContext(campaign: model.campaign, unit: unit, asOf: c.asOf, language: t.language,
                                          records: records, ledger: ledger)
        let sections = registry.reports.map { section -> String in
            let table = section.build(reportContext)
            guard !table.rows.isEmpty else { return "" }
            return "<h2>\(section.clause.map { "[\($0)] " } ?? "")\(esc(t.text(section.title)))</h2>"
                + htmlTable(table.columns, table.rows.map { $0.map(esc) })
        }.joined()
        let evidence = Set(records.flatMap(\.evidence))
        let score = snapshot.scores.first { $0.unit == id }
        let scoreTable = score.map { score in
            "<p><b>\(t("总分", "Total")) \(String(format: "%.2f", score.total))</b> · \(t("名次", "rank")) \(score.rank)</p>"
                + htmlTable([t("评分项", "Part"), t("权重", "Weight"), t("得分", "Points"), t("依据", "Explanation")],
                            score.parts.map { [esc(t.text($0.title)), String(format: "%.0f", $0.weight), String(format: "%.2f", $0.points), esc(t.text($0.explanation))] })
        } ?? "<p class=\"muted\">\(t("本单位不参加考核排名", "This unit is not ranked"))</p>"
        let counts = status?.counts ?? [:]
        return Page(title: "\(t.text(unit.name))（\(unit.id)）", active: "grid", body: """
            <p class="muted">\(esc(t.text(unit.kind.title))) · \(t("已完成", "met")) \(counts["met"] ?? 0) · \(t("逾期完成", "late")) \(counts["met-late"] ?? 0) · \(t("待完成", "due")) \(counts["due"] ?? 0) · \(t("已逾期", "overdue")) \(counts["overdue"] ?? 0) · <a class="noprint" href="javascript:print()">\(t("打印报告", "Print report"))</a></p>
            <h2>\(t("考核得分", "Score"))</h2>\(scoreTable)
            <h2>\(t("条款完成情况", "Cells by clause"))</h2>
            \(htmlTable([t("条款", "Clause"), t("规则", "Rule"), t("周期", "Period"), t("状态", "State"), t("说明", "Note")], cellRows))
            <h2>\(t("台账", "Ledger")) (\(ledger.count))</h2>
            \(htmlTable([t("事项", "Item"), t("来源", "Source"), t("状态", "State"), t("期限", "Deadline")], ledgerRows))
            \(sections)
            <h2>\(t("证据材料", "Evidence")) (\(evidence.count))</h2>
            <p class="muted">\(evidence.sorted().map { esc(String($0.prefix(16))) }.joined(separator: " · "))</p>
            <h2>\(t("最近记录", "Timeline"))</h2>
            \(htmlTable([t("日期", "Date"), t("记录", "Record"), t("作者", "Author"), t("证据", "Evidence")], Array(timeline)))
            """)
    }

    func leadersPage(_ c: PageContext) async throws -> Page {
        let t = c.t
        let snapshot = try await model.snapshot(asOf: c.asOf)
        let campaign = model.campaign
        let leaders = campaign.leaders.filter { c.user?.role != .leader || c.user?.person == $0.id }
        var body = ""
        for leader in leaders {
            let cells = snapshot.leaderCells.filter { $0.subject == .person(leader.id) }
            let byClause = Dictionary(grouping: cells, by: \.clause).sorted { $0.key < $1.key }
            let rows = byClause.map { clause, cells in
                [clause, cells.map { badge($0.state, t, text: $0.period.kind == .month ? String($0.period.label.suffix(2)) : t.text($0.state.title),
                                           title: $0.note.map(t.text)) }.joined(separator: " ")]
            }
            let units = leader.assignedUnits + leader.officesInCharge
            let overdue = snapshot.ledger.filter { units.contains($0.unit) && $0.isOverdue(asOf: c.asOf) }
            body += """
                <h2>\(esc(leader.name))（\(esc(leader.id))）</h2>
                <p class="muted">\(t("分包单位", "Assigned units")): \(leader.assignedUnits.map { unitLink($0, t, asOf: c.asOf) }.joined(separator: "、")) ·
                \(t("分管科室", "Offices in charge")): \(leader.officesInCharge.map { unitLink($0, t, asOf: c.asOf) }.joined(separator: "、"))</p>
                \(htmlTable([t("条款", "Clause"), t("按月 / 期限", "By month / deadline")], rows))
                <p>\(t("所辖单位逾期台账", "Overdue ledger items in their units")): \(overdue.count) \(overdue.prefix(8).map { "<a href=\"/ledger/\(urlEncode($0.id))\">\(esc($0.item.title))</a>" }.joined(separator: "；"))</p>
                """
        }
        let clauses = Set(snapshot.leaderCells.map(\.clause)).sorted().joined(separator: t("、", ", "))
        return Page(title: t("局领导督导情况（\(clauses)）", "Bureau leaders (\(clauses))"), active: "leaders", body: body)
    }

    func evaluationPage(_ c: PageContext) async throws -> Page {
        let t = c.t
        let scores = try await model.snapshot(asOf: c.asOf).scores
        let parts = scores.first?.parts ?? []
        let rows = scores.map { score in
            ["\(score.rank)", unitLink(score.unit, t, asOf: c.asOf), String(format: "<b>%.2f</b>", score.total)]
                + score.parts.map { "<span title=\"\(esc(t.text($0.explanation)))\">\(String(format: "%.2f", $0.points))</span>" }
        }
        return Page(title: t("考核评价（5.2）", "Evaluation (5.2)"), active: "evaluation", body: """
            <p class="filters"><a href="/export/evaluation.csv?at=\(c.asOf)">CSV</a> · <span class="muted">\(t("悬停得分查看依据；权重来自活动文件。", "Hover a score for its explanation; weights come from the campaign file."))</span></p>
            \(htmlTable([t("名次", "Rank"), t("单位", "Unit"), t("总分", "Total")] + parts.map { t.text($0.title) + " (\(Int($0.weight)))" }, rows))
            """)
    }

    func syncPage(_ c: PageContext) throws -> Page {
        let t = c.t
        let status = try syncStatus()
        let stale = Int(c.query["days"] ?? "") ?? 30
        let rows = status.units.map { unit in
            [unitLink(unit.unit, t, asOf: c.asOf), unit.enrolled ? "✓" : badge(.due, t, text: t("未登记密钥", "no key enrolled")),
             esc(unit.lastReceived ?? t("从未", "never")),
             (unit.daysSince ?? Int.max) > stale ? badge(.overdue, t, text: unit.daysSince.map { t("\($0) 天未同步", "\($0) days") } ?? t("从未同步", "never synced")) : "\(unit.daysSince ?? 0)",
             "\(unit.held)", "\(unit.refused)"]
        }
        let held = status.held.map { [esc($0.bundle), esc($0.sender), esc($0.waitsFor)] }
        let refused = status.refused.prefix(50).map { [esc($0.at), esc($0.unit ?? "?"), esc($0.bundle ?? "?"), esc($0.reason)] }
        return Page(title: t("数据同步", "Sync"), active: "sync", body: """
            \(htmlTable([t("单位", "Unit"), t("密钥", "Key"), t("最近收到", "Last bundle"), t("距今天数", "Days since"), t("暂存", "Held"), t("拒收", "Refused")], rows))
            <h2>\(t("暂存的数据包（等待缺失的变更）", "Held bundles (waiting for missing changes)"))</h2>
            \(held.isEmpty ? "<p class=\"muted\">—</p>" : htmlTable([t("数据包", "Bundle"), t("发送节点", "Sender"), t("等待", "Waits for")], held))
            <h2>\(t("拒收的数据包", "Refused bundles"))</h2>
            \(refused.isEmpty ? "<p class=\"muted\">—</p>" : htmlTable([t("日期", "Date"), t("单位", "Unit"), t("数据包", "Bundle"), t("原因", "Reason")], Array(refused)))
            """)
    }
}
