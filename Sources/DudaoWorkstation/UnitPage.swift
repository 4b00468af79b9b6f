import DudaoKernel
import DudaoWeb
import DudaoWorkspace
import Foundation
import Hummingbird

/// 我的单位: the unit's profile from the campaign, its report as the bureau prints it (cells,
/// ledger, the plugins' sections) and a preview of its score with each part explained — the same
/// scoring plan and report parts as the bureau's unit page and `dudao report unit`.
extension WorkstationServer {
    func addUnitRoutes(to router: Router<WorkstationRequestContext>) {
        router.get("/unit") { request, context in
            try await self.page(request, context) { try self.unitPage($0) }
        }
    }

    static func roleTitle(_ role: Person.Role, _ t: Tr) -> String {
        switch role {
        case .bureauLeader: t("局领导", "bureau leader")
        case .unitHead: t("单位负责人", "head of unit")
        case .operator: t("操作员", "operator")
        }
    }

    func unitPage(_ c: WorkstationPageContext) throws -> Page {
        let t = c.t
        let asOf = c.asOf
        let records = try workspace.records(unit: unit.id)
        let set = RecordSet(records, cache: workspace.engine.cache)
        let ledger = workspace.engine.ledger(set, asOf: asOf)
        let cells = workspace.engine.cells(for: unit, records: set, ledger: ledger, asOf: asOf)
        let people = campaign.people.filter { $0.unit == unit.id }
        let leaders = campaign.leaders(responsibleFor: unit.id)
        let clauses = campaign.clauses.filter { $0.applies(to: unit) }
        let profile = FieldTable((t("项目", "Field"), t("内容", "Value")), [
            (t("单位", "Unit"), "\(t.text(unit.name))"),
            (t("类别", "Kind"), "\(t.text(unit.kind.title))"),
            (t("上级", "Parent"), "\(unit.parent.flatMap { campaign.unit($0) }.map { t.text($0.name) } ?? "—")"),
            (t("人员", "People"), "\(people.map { "\($0.name)（\($0.roles.map { Self.roleTitle($0, t) }.joined(separator: "、"))）" }.joined(separator: "；"))"),
            (t("联系局领导", "Bureau leaders in charge"), "\(leaders.map(\.name).joined(separator: "、"))"),
            (t("适用条款", "Clauses that bind the unit"), "\(clauses.map(\.id).joined(separator: " "))"),
            (t("活动期间", "Campaign"), "\(campaign.window.start) – \(campaign.window.end)"),
        ])
        // The cells as the report prints them: the latest period of each rule, and every overdue one.
        var latest: [String: ComplianceCell] = [:]
        for cell in cells where latest[cell.rule].map({ $0.period < cell.period }) ?? true { latest[cell.rule] = cell }
        let shown = cells.filter { $0.state != .notApplicable && ($0.state == .overdue || latest[$0.rule] == $0) }
        let cellTable = Table<ComplianceCell>([
            .init(t("条款", "Clause")) { "\($0.clause)" },
            .init(t("要求", "Requirement")) { cell in
                "\(self.workspace.registry.ruleTitle(cell.rule, clause: cell.clause).map(t.text) ?? cell.rule)"
            },
            .init(t("周期", "Period"), class: "nowrap") { "\($0.period.label)" },
            .init(t("状态", "State")) { Badge($0.state, t).html },
            .init(t("说明", "Note")) { "\($0.note.map(t.text) ?? "")" },
        ], rows: shown, scrolls: true)
        let ledgerTable = Table<LedgerItemState>([
            .init(t("事项", "Item"), class: "title") { "<a href=\"\(Link("/ledger", $0.id))\">\($0.item.title)</a>" },
            .init(t("来源", "Source")) { "\(t.text($0.item.source.title))" },
            .init(t("状态", "State"), class: "nowrap") { "\(t.text($0.state.title))\($0.isOverdue(asOf: asOf) ? " " + Badge(.overdue, t).html : .empty)" },
            .init(t("期限", "Deadline"), class: "date") { "\($0.deadline?.description ?? "—")" },
        ], rows: ledger, scrolls: true)
        let context = ReportContext(campaign: campaign, unit: unit, asOf: asOf, language: t.language,
                                    records: records.filter { !$0.deleted }, ledger: ledger)
        let plan = workspace.scoringPlan
        let score: HTML = plan.score(unit, records: set, ledger: ledger, cells: cells, asOf: asOf).map {
            UnitReportParts.score($0, ranked: false, t)
        } ?? "<p class=\"muted\">\(t("本单位不参加这项考核。", "This assessment does not cover the unit."))</p>"
        let assumed: HTML? = plan.weightSource?.isAssumption == true
            ? "<p class=\"assumed\">\(t("权重为督导办设定，原文未规定。", "The weights are the campaign office's own, not the plan's."))</p>" : nil
        let counts = Dictionary(grouping: cells, by: \.state).mapValues(\.count)
        let revisions = revisionNotes(t)
        return Page(title: t.text(unit.name), active: "unit", body: """
            \(profile.html)
            <h2>\(t("得分预览", "Score preview"))</h2>
            <p class="muted">\(t("按本机已有的记录、用教育局的考核办法计算；名次要比较全部单位，由教育局排定。",
                                 "Computed from the records on this PC with the bureau's method; the rank compares every unit, so the bureau sets it."))</p>
            \(assumed)
            \(score)
            <h2>\(t("单位报告（截至 \(asOf)）", "The unit's report (as of \(asOf))"))</h2>
            <p class="muted">\(t("已完成", "met")) \(counts[.met] ?? 0) · \(t("逾期完成", "late")) \(counts[.metLate] ?? 0) · \
            \(t("待完成", "due")) \(counts[.due] ?? 0) · \(t("已逾期", "overdue")) \(counts[.overdue] ?? 0) · \
            <span class="noprint">\(t("打印报告：按 Ctrl+P（页面已按打印排版）", "Print the report: press Ctrl+P (the page is laid out for print)"))</span></p>
            \(cellTable.html)
            <h2>\(t("台账", "Ledger")) (\(ledger.count))</h2>
            \(ledger.isEmpty ? "<p class=\"muted\">—</p>" : ledgerTable.html)
            \(UnitReportParts.sections(workspace.registry, context, t))
            <h2>\(t("活动修订", "Campaign revisions"))</h2>
            \(revisions.isEmpty ? "<p class=\"muted\">\(t("教育局尚未修订活动。", "The bureau has not revised the campaign."))</p>" : revisions)
            """)
    }
}
