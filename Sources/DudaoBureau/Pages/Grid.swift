import DudaoKernel
import DudaoWeb
import Foundation
import Hummingbird

extension BureauServer {
    /// A row of the grid: a kind's roll-up, or a unit.
    enum GridRow: Sendable {
        case group(UnitKind, [CampaignUnit])
        case unit(CampaignUnit)
    }

    func grid(_ c: PageContext) async throws -> Page {
        let t = c.t
        let snapshot = try await model.snapshot(asOf: c.asOf)
        let campaign = model.campaign
        let squares = snapshot.summary.squares
        let kind = c.query["kind"].flatMap(UnitKind.init(rawValue:))
        // From an overview card: only the units with a clause in that state.
        let state = c.query["state"].flatMap(CellState.init(rawValue:))
        let filters = ([("", t("全部", "all"))] + UnitKind.allCases.map { ($0.rawValue, t.text($0.title)) }).map { value, title -> HTML in
            "<a href=\"\(Link("/grid", query: ["kind": value, "state": state?.rawValue, "at": c.asOf.description]))\">\(title)</a>"
        }.joined()
        var rows: [GridRow] = []
        for group in UnitKind.allCases where kind == nil || kind == group {
            let units = campaign.units.filter { unit in
                // A retired unit leaves the grid from its retirement day; its history stays on its unit page.
                unit.kind == group && !unit.isRetired(on: c.asOf) && (c.user?.covers(unit.id, in: campaign) ?? false)
                    && (state == nil || squares[unit.id]?.values.contains { $0.state == state } == true)
            }
            guard !units.isEmpty else { continue }
            rows.append(.group(group, units))
            rows += units.map(GridRow.unit)
        }
        let asOf = c.asOf
        let unitColumn = Table<GridRow>.Column(t("单位", "Unit")) { row in
            switch row {
            case .group(let kind, _): "<b>\(t.text(kind.title))</b>"
            case .unit(let unit): self.unitLink(unit.id, t, asOf: asOf)
            }
        }
        let clauseColumns = campaign.clauses.map { clause in
            let title = t.text(clause.title)
            return Table<GridRow>.Column(html: "<span title=\"\(clause.id) \(title)\">\(clause.id)<small>\(title)</small></span>") { row in
                switch row {
                case .group(_, let units):
                    // The roll-up of the kind: the worst state of its units, and their overdue cells.
                    let group = units.compactMap { squares[$0.id]?[clause.id] }
                    let overdue = group.reduce(0) { $0 + $1.overdue }
                    return Badge(CellState.worst(group.map(\.state)), t, text: overdue > 0 ? "\(overdue)" : "·").html
                case .unit(let unit):
                    let square = squares[unit.id]?[clause.id] ?? BureauSnapshot.Square(state: .notApplicable, overdue: 0)
                    let label = square.state == .notApplicable ? "—" : square.overdue > 0 ? "\(square.overdue)"
                        : square.state == .met || square.state == .metLate ? "✓" : "…"
                    return Badge(square.state, t, text: label, link: self.cellLink(unit: unit.id, clause: clause.id, asOf: asOf),
                                 tooltip: "\(clause.id) \(title): \(t.text(square.state.title))").html
                }
            }
        }
        let table = Table([unitColumn] + clauseColumns, rows: rows, classes: "grid")
        return Page(title: t("完成情况（单位 × 条款）", "Compliance (units × clauses)"), active: "grid", body: """
            <p class="filters">\(filters) · <a href="\(Link("/export/grid.csv", query: ["at": asOf.description]))">CSV</a>\
            \(state.map { s -> HTML in " · \(t("只看有此状态的单位：", "units with a clause in this state: "))\(Badge(s, t).html)" })</p>
            \(legend(t))
            <div class="scroll grid-box">\(table.html)</div>
            """)
    }

    /// What each mark of the grid means, every one of them.
    func legend(_ t: Tr) -> HTML {
        let items: [(CellState, String, String)] = [
            (.met, "✓", t("已完成", "met")), (.metLate, "✓", t("逾期完成（黄色）", "met late (yellow)")), (.due, "…", t("待完成", "due")),
            (.overdue, "2", t("数字：逾期项数", "a number: overdue cells")), (.notApplicable, "—", t("不适用", "not applicable")),
            (.met, "·", t("分类汇总行：无逾期，颜色为该类最差状态", "a kind's roll-up row: nothing overdue, coloured by its worst state")),
        ]
        let marks = items.map { state, mark, meaning -> HTML in
            "<span class=\"item\">\(Badge(state, t, text: mark).html) \(meaning)</span>"
        }.joined()
        return """
            <div class="legend">\(marks)<span class="item muted">\(t("点击单元格查看周期明细与依据记录。", "Click a cell for its periods and records."))</span></div>
            """
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
        let table = Table<ComplianceCell>([
            .init(t("要求", "Requirement")) { cell in "\(self.model.workspace.registry.ruleTitle(cell.rule, clause: cell.clause).map(t.text) ?? cell.rule)" },
            .init(t("周期", "Period"), class: "nowrap") { "\($0.period.label)" },
            .init(t("状态", "State")) { cell in
                Badge(cell.state, t, text: t.text(cell.state.title) + (cell.daysLeft.map { t("（剩\($0)天）", " (\($0)d)") } ?? "")).html
            },
            .init(t("期限", "Deadline"), class: "date") { cell in
                guard let deadline = cell.deadline else { return "" }
                guard let assumed = clause.assumption(forDeadline: deadline) else { return "\(deadline.description)" }
                return "\(deadline.description) <span class=\"assumed\" title=\"\(t.text(assumed.reason))\">※ \(t.text(assumed.label))</span>"
            },
            .init(t("依据记录", "Records")) { cell in
                cell.recordIDs.map { id -> HTML in "<a href=\"\(self.recordLink(id))\">\(self.recordLabel(id))</a>" }.joined(separator: " ")
            },
            .init(t("说明", "Note")) { "\($0.note.map(t.text) ?? "")" },
        ], rows: cells, scrolls: true)
        return Page(title: "\(unitName(unit, t)) · \(clause.id) \(t.text(clause.title))", active: "grid", body: """
            <div class="clause-text"><b>\(clause.id)</b> \(clause.text)<br><span class="muted">\(clause.schedule ?? "") · \(clause.responsibleText ?? "")</span></div>
            \(table.html)
            \(parameterSources(clause, t))
            """)
    }

    /// The clause's settings and where each comes from: the plan's words, or the campaign office's
    /// own setting (labelled as such, with its reason), so a reader can tell the plan from the office.
    func parameterSources(_ clause: Clause, _ t: Tr) -> HTML {
        let parameters = clause.sourcedParameters
        guard !parameters.isEmpty else { return .empty }
        let table = Table<SourcedParameter>([
            .init(t("参数", "Setting")) { "\($0.name)" },
            .init(t("取值", "Value")) { "\($0.value.compactText)" },
            .init(t("来源", "Source")) { parameter in
                switch parameter.source {
                case .quote(let quote): "\(t("原文", "plan")) “\(quote)”"
                case .assumption(let reason):
                    "<span class=\"assumed\">※ \(ParameterSource.assumptionLabel(t.language))</span> \(t.text(reason))"
                }
            },
        ], rows: parameters, scrolls: true)
        let assumed = parameters.filter(\.source.isAssumption).count
        return """
            <h2>\(t("参数及来源", "Settings and their sources"))</h2>
            <p class="muted">\(t("共 \(parameters.count) 项，其中 \(assumed) 项为督导办设定（原文未规定），可在活动文件中修改。",
                                 "\(parameters.count) settings, \(assumed) of them the campaign office's own (not in the plan); they can be changed in the campaign file."))</p>
            \(table.html)
            """
    }

    /// A record's short name in a list: the part of its id that tells it from its neighbours (ids
    /// share their node's prefix, so the start alone is the same for all of them).
    func recordLabel(_ id: String) -> String {
        id.count <= 14 ? id : "…" + id.suffix(12)
    }

    func recordPage(_ c: PageContext, id: String) throws -> Page {
        let t = c.t
        guard let record = try model.workspace.store.record(id: id), c.user?.covers(record.unit, in: model.campaign) == true else {
            throw HTTPError(.notFound, message: t("没有这条记录", "no such record"))
        }
        let type = model.workspace.registry.recordType(record.type)
        let missing = record.evidence.filter { !((try? model.workspace.store.evidencePresent([$0]))?.contains($0) ?? false) }
        let notArrived: HTML? = missing.isEmpty ? nil : " \(Badge(.due, t, text: t("证据尚未到达", "evidence not yet arrived")).html)"
        let view = RecordView(campaign: model.campaign, registry: model.workspace.registry)
        // What the unit wrote, field by field in words; then where the version came from.
        let body = FieldTable((t("项目", "Field"), t("内容", "Value")), record.deleted ? [] : view.rows(record, t))
        let about = FieldTable((t("字段", "Field"), t("值", "Value")), [
            (t("单位", "Unit"), unitLink(record.unit, t, asOf: c.asOf)), (t("填写人", "Author"), "\(personName(record.author) ?? "—")"),
            (t("类型", "Type"), "\(view.typeTitle(record.type, t))"),
            (t("证据", "Evidence"), "\(record.evidence.joined(separator: " "))\(notArrived)"),
            (t("状态", "State"), "\(record.deleted ? t("已删除", "deleted") : t("有效", "live"))"),
            (t("编号", "Record id"), "<code>\(record.id)</code>"), (t("来源节点", "Origin"), "<code>\(record.origin) #\(record.sequence)</code>"),
        ])
        return Page(title: (type.map { t.text($0.title) } ?? record.type) + " · " + unitName(record.unit, t), active: "grid", body: """
            \(record.deleted ? "" : body.html)
            <h2>\(t("记录信息", "About this record"))</h2>
            \(about.html)
            """)
    }
}
