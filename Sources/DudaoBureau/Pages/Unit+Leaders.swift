import DudaoKernel
import DudaoWeb
import Foundation
import Hummingbird

extension BureauServer {
    func unitPage(_ c: PageContext, unit id: String) async throws -> Page {
        let t = c.t
        guard let unit = model.campaign.unit(id) else { throw HTTPError(.notFound, message: t("没有这个单位", "no such unit")) }
        guard c.user?.covers(id, in: model.campaign) == true else { throw HTTPError(.forbidden) }
        let asOf = c.asOf
        let snapshot = try await model.snapshot(asOf: asOf)
        let status = snapshot.statuses[id]
        let records = (snapshot.recordsByUnit[id] ?? []).filter { !$0.deleted }
        let cells = (status?.cells ?? []).filter { $0.state != .notApplicable && ($0.state != .met || $0.period.end >= asOf.adding(days: -31)) }
        let cellTable = Table<ComplianceCell>([
            .init(t("条款", "Clause")) { "\($0.clause)" },
            .init(t("要求", "Requirement")) { cell in "\(self.model.workspace.registry.ruleTitle(cell.rule, clause: cell.clause).map(t.text) ?? cell.rule)" },
            .init(t("周期", "Period"), class: "nowrap") { "\($0.period.label)" },
            .init(t("状态", "State")) { Badge($0.state, t, link: self.cellLink(unit: id, clause: $0.clause, asOf: asOf)).html },
            .init(t("说明", "Note")) { "\($0.note.map(t.text) ?? "")" },
        ], rows: cells, scrolls: true)
        let ledger = snapshot.ledger.filter { $0.unit == id }
        let ledgerTable = Table<LedgerItemState>([
            .init(t("事项", "Item"), class: "title") { "<a href=\"\(self.ledgerLink($0.id, asOf: asOf))\">\($0.item.title)</a>" },
            .init(t("来源", "Source")) { "\(t.text($0.item.source.title))" },
            .init(t("状态", "State"), class: "nowrap") { self.ledgerState($0, t, asOf: asOf) },
            .init(t("期限", "Deadline"), class: "date") { "\($0.deadline?.description ?? "—")" },
        ], rows: ledger, scrolls: true)
        let registry = model.workspace.registry
        let calendar = model.workspace.engine.calendar
        @Sendable func day(_ record: RecordEnvelope) -> LocalDate {
            calendar.localDate(of: Date(timeIntervalSince1970: Double(record.hlc.wall) / 1000))
        }
        // The timeline as of the page's date: nothing written after it.
        let timeline = Table<RecordEnvelope>([
            .init(t("日期", "Date"), class: "date") { "\(day($0))" },
            .init(t("记录", "Record")) { record in
                "<a href=\"\(self.recordLink(record.id))\">\(registry.recordType(record.type).map { t.text($0.title) } ?? record.type)</a>"
            },
            .init(t("作者", "Author")) { "\(self.personName($0.author) ?? "")" },
            .init(t("证据", "Evidence")) { $0.evidence.isEmpty ? .empty : "📎 \($0.evidence.count)" },
        ], rows: Array(records.filter { day($0) <= asOf }.sorted { $0.hlc > $1.hlc }.prefix(40)), scrolls: true)
        // The plugins' report sections: targets, articles, appeals … as each plugin lays them out.
        let reportContext = ReportContext(campaign: model.campaign, unit: unit, asOf: asOf, language: t.language,
                                          records: records, ledger: ledger)
        let sections = UnitReportParts.sections(registry, reportContext, t)
        let evidence = Set(records.flatMap(\.evidence))
        let score = snapshot.scores.first { $0.unit == id }
        let scoreTable: HTML = score.map { score in
            UnitReportParts.score(score, ranked: true, t)
        } ?? "<p class=\"muted\">\(t("本单位不参加考核排名", "This unit is not ranked"))</p>"
        let counts = status?.counts ?? [:]
        return Page(title: t.text(unit.name), active: "grid", body: """
            <p class="muted">\(t.text(unit.kind.title)) · \(t("已完成", "met")) \(counts["met"] ?? 0) · \(t("逾期完成", "late")) \(counts["met-late"] ?? 0) · \
            \(t("待完成", "due")) \(counts["due"] ?? 0) · \(t("已逾期", "overdue")) \(counts["overdue"] ?? 0) · \
            <span class="noprint muted">\(t("打印报告：按 Ctrl+P（页面已按打印排版）", "Print the report: press Ctrl+P (the page is laid out for print)"))</span></p>
            \(revokedKeysLine(unit: id, t))
            <h2>\(t("考核得分", "Score"))</h2>\(scoreTable)
            <h2>\(t("条款完成情况", "Cells by clause"))</h2>
            \(cellTable.html)
            <h2>\(t("台账", "Ledger")) (\(ledger.count))</h2>
            \(ledgerTable.html)
            \(sections)
            <h2>\(t("证据材料", "Evidence")) (\(evidence.count))</h2>
            <p class="muted">\(evidence.sorted().map { String($0.prefix(16)) }.joined(separator: " · "))</p>
            <h2>\(t("最近记录", "Timeline"))</h2>
            \(timeline.html)
            \(try kitSection(c, unit: id))
            """)
    }

    func leadersPage(_ c: PageContext) async throws -> Page {
        let t = c.t
        let asOf = c.asOf
        let snapshot = try await model.snapshot(asOf: asOf)
        let campaign = model.campaign
        let leaders = campaign.leaders.filter { c.user?.role != .leader || c.user?.person == $0.id }
        let sections = leaders.map { leader -> HTML in
            let cells = snapshot.leaderCells.filter { $0.subject == .person(leader.id) }
            let byClause = Dictionary(grouping: cells, by: \.clause).sorted { $0.key < $1.key }.map { (clause: $0.key, cells: $0.value) }
            let table = Table<(clause: String, cells: [ComplianceCell])>([
                .init(t("条款", "Clause")) { "\($0.clause)" },
                .init(t("按月 / 期限", "By month / deadline")) { row in
                    row.cells.map { cell in
                        Badge(cell.state, t, text: cell.period.kind == .month ? String(cell.period.label.suffix(2)) : t.text(cell.state.title),
                              tooltip: cell.note.map(t.text)).html
                    }.joined(separator: " ")
                },
            ], rows: byClause, scrolls: true)
            let units = leader.assignedUnits + leader.officesInCharge
            let overdue = snapshot.ledger.filter { units.contains($0.unit) && $0.isOverdue(asOf: asOf) }
            let overdueLinks = overdue.prefix(8).map { "<a href=\"\(ledgerLink($0.id, asOf: asOf))\">\($0.item.title)</a>" as HTML }
            return """
                <h2>\(leader.name)</h2>
                <p class="muted">\(t("分包单位", "Assigned units")): \(leader.assignedUnits.map { unitLink($0, t, asOf: asOf) }.joined(separator: "、")) ·
                \(t("分管科室", "Offices in charge")): \(leader.officesInCharge.map { unitLink($0, t, asOf: asOf) }.joined(separator: "、"))</p>
                \(table.html)
                <p>\(t("所辖单位逾期台账", "Overdue ledger items in their units")): \(overdue.count) \(overdueLinks.joined(separator: "；"))</p>
                """
        }
        let clauses = Set(snapshot.leaderCells.map(\.clause)).sorted().joined(separator: t("、", ", "))
        return Page(title: t("局领导督导情况（\(clauses)）", "Bureau leaders (\(clauses))"), active: "leaders", body: "\(sections)")
    }

    func evaluationPage(_ c: PageContext) async throws -> Page {
        let t = c.t
        let asOf = c.asOf
        let snapshot = try await model.snapshot(asOf: asOf)
        let scores = c.user.map { self.scores(snapshot, user: $0) } ?? []
        let parts = scores.first?.parts ?? []
        let partColumns = parts.indices.map { index in
            Table<UnitScore>.Column("\(t.text(parts[index].title)) (\(Int(parts[index].weight)))", class: "num") { score in
                guard index < score.parts.count else { return .empty }
                let part = score.parts[index]
                return "<span title=\"\(t.text(part.explanation))\">\(String(format: "%.2f", part.points))</span>"
            }
        }
        let table = Table<UnitScore>([
            .init(t("名次", "Rank"), class: "num") { "\($0.rank)" },
            .init(t("单位", "Unit")) { self.unitLink($0.unit, t, asOf: asOf) },
            .init(t("总分", "Total"), class: "num") { "<b>\(String(format: "%.2f", $0.total))</b>" },
        ] + partColumns, rows: scores, scrolls: true)
        // What the assessment is, in the plan's words, and whose its weights are.
        let assessment = model.workspace.registry.assessments.first { $0.kind == .evaluation }
        let clause = assessment.flatMap { model.campaign.clause($0.clause) }
        let assumedWeights = parts.contains { $0.weightSource?.isAssumption == true }
        let basis: HTML = clause.map { clause in
            "<div class=\"clause-text\"><b>\(clause.id)</b> \(clause.text)</div>"
        } ?? .empty
        let weights = assumedWeights
            ? t("权重为督导办设定，原文未规定（可在活动文件中修改）。", "The weights are the campaign office's own, not the plan's (set in the campaign file).")
            : t("权重依据活动文件原文。", "The weights follow the plan's words.")
        let title = assessment.map { "\(t.text($0.title))（\($0.clause)）" } ?? t("考核评价", "Evaluation")
        return Page(title: title, active: "evaluation", body: """
            \(basis)
            <p class="filters"><a href="\(Link("/export/evaluation.csv", query: ["at": asOf.description, "lang": t.language.rawValue]))">CSV</a> · \
            <span class="muted">\(t("按各单位争先进位阶段性目标、总体目标的完成情况评价；悬停得分查看依据。",
                                     "Scored from each unit's stage and overall targets; hover a score for its explanation.")) \
            <span class="assumed">\(weights)</span></span></p>
            \(table.html)
            """)
    }
}
