import DudaoWorkspace
import DudaoKernel
import DudaoStore
import Foundation
import DudaoWeb
import Hummingbird

extension BureauServer {
    func addLedgerRoutes(to router: Router<BureauRequestContext>) {
        router.get("/ledger") { request, _ in try await self.page(request) { try await self.ledgerPage($0) } }
        router.get("/ledger/{id}") { request, context in
            let id = context.pathParameter("id")
            return try await self.page(request) { try await self.ledgerItemPage($0, id: id) }
        }
        router.post("/ledger/{id}/action") { request, context -> Response in
            let id = context.pathParameter("id")
            let (page, user, fields) = try await self.authorisedForm(request)
            let t = page.t
            guard user.role != .viewer else {
                throw HTTPError(.forbidden, message: t("只读账号不能处理台账", "a viewer account cannot act on the ledger"))
            }
            guard let action = fields["action"].flatMap(LedgerAction.init(rawValue:)) else {
                throw HTTPError(.badRequest, message: t("未知操作", "unknown action"))
            }
            let comment = fields["comment"]?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !comment.isEmpty else { throw HTTPError(.badRequest, message: t("请填写意见", "a comment is required")) }
            let workspace = self.model.workspace
            guard let item = try workspace.ledger().first(where: { $0.id == id }) else {
                throw HTTPError(.notFound, message: t("没有这个台账事项", "no such ledger item"))
            }
            guard user.covers(item.unit, in: self.model.campaign) else {
                throw HTTPError(.forbidden, message: t("该单位不在您的分包或分管范围内", "this unit is not assigned to you"))
            }
            let deadline = fields["deadline"].flatMap { $0.isEmpty ? nil : LocalDate($0) }
            do {
                try workspace.transition(item: id, action: action, comment: comment, deadline: deadline,
                                         person: user.role == .leader ? user.person : nil)
                if action == .reopen {
                    let lookBack = LookBack(on: workspace.today, reason: comment, reopenedItems: [id], nextVisitBy: deadline)
                    try workspace.store.append([try NewRecord(lookBack, unit: item.unit, author: user.person)], actor: user.name)
                }
            } catch let refusal as LedgerRefusal {
                throw HTTPError(.forbidden, message: t.text(refusal.message))
            } catch let failure as any DudaoFailure {
                throw HTTPError(.forbidden, message: t.text(failure.message))
            }
            let done = Flash(.ok, t("已\(t.text(action.title))：\(item.item.title)", "\(t.text(action.title)): \(item.item.title)"))
            return Responses.redirect(self.ledgerLink(id).description, headers: [.setCookie: done.setCookie])
        }
    }

    func ledgerPage(_ c: PageContext) async throws -> Page {
        let t = c.t
        let snapshot = try await model.snapshot(asOf: c.asOf)
        let campaign = model.campaign
        let state = c.query["state"].flatMap(LedgerState.init(rawValue:))
        let source = c.query["source"].flatMap(LedgerSource.init(rawValue:))
        let unit = c.query["unit"].flatMap { $0.isEmpty ? nil : $0 }
        let overdue = c.query["overdue"] == "1"
        let age = c.query["age"].flatMap(Int.init)
        let asOf = c.asOf
        let items = snapshot.ledger.filter { item in
            (c.user?.covers(item.unit, in: campaign) ?? false) && (state == nil || item.state == state)
                && (source == nil || item.item.source == source) && (unit == nil || item.unit == unit)
                && (!overdue || item.isOverdue(asOf: asOf)) && (age == nil || (item.state.isOpen && item.age(asOf: asOf) >= age!))
        }.sorted { ($0.isOverdue(asOf: asOf) ? 0 : 1, $0.deadline ?? asOf, $0.id) < ($1.isOverdue(asOf: asOf) ? 0 : 1, $1.deadline ?? asOf, $1.id) }
        let all = [(value: "", label: t("全部", "all"))]
        let filters = Form.get(.none, """
            \(Field.hidden("at", asOf.description))
            \(Field.select(t("状态", "State"), name: "state", options: all + LedgerState.allCases.map { ($0.rawValue, t.text($0.title)) },
                           selected: state?.rawValue ?? ""))
            \(Field.select(t("单位", "Unit"), name: "unit", options: all + campaign.units.map { ($0.id, t.text($0.name)) }, selected: unit ?? ""))
            \(Field.select(t("来源", "Source"), name: "source", options: all + LedgerSource.allCases.map { ($0.rawValue, t.text($0.title)) },
                           selected: source?.rawValue ?? ""))
            \(Field.select(t("在办时长", "Age"), name: "age", options: ["", "30", "60", "90"].map { ($0, $0.isEmpty ? t("不限", "any") : t("≥\($0)天", "≥\($0) days")) },
                           selected: c.query["age"] ?? ""))
            \(Field.checkbox(t("只看逾期", "overdue only"), name: "overdue", checked: overdue, inline: true))
            \(Field.submit(t("筛选", "Filter"))) <a href="\(Link("/export/ledger.csv", query: ["at": asOf.description]))">CSV</a>
            """)
        let table = Table<LedgerItemState>([
            .init(t("事项", "Item"), class: "title") { "<a href=\"\(self.ledgerLink($0.id, asOf: asOf))\">\($0.item.title)</a>" },
            .init(t("单位", "Unit")) { self.unitLink($0.unit, t, asOf: asOf) },
            .init(t("来源", "Source")) { "\(t.text($0.item.source.title))" },
            .init(t("状态", "State"), class: "nowrap") { self.ledgerState($0, t, asOf: asOf) },
            .init(t("期限", "Deadline"), class: "date") { "\($0.deadline?.description ?? "—")" },
            .init(t("天数", "Age"), class: "num") { "\($0.age(asOf: asOf))" },
            .init(t("责任人", "Responsible")) { "\($0.item.responsiblePerson ?? "—")" },
        ], rows: Array(items.prefix(500)), scrolls: true)
        return Page(title: t("台账（立项 → 督办 → 反馈 → 销号 → 归档）", "Ledger (register → supervise → feedback → close → archive)"), active: "ledger", body: """
            \(filters.html)<p class="muted">\(items.count) \(t("项", "items"))</p>
            \(table.html)
            """)
    }

    func ledgerItemPage(_ c: PageContext, id: String) async throws -> Page {
        let t = c.t
        guard let item = try model.workspace.ledger().first(where: { $0.id == id }),
              c.user?.covers(item.unit, in: model.campaign) == true else {
            throw HTTPError(.notFound, message: t("没有这个台账事项", "no such ledger item"))
        }
        let history = Table<LedgerItemState.Entry>([
            .init(t("日期", "Date"), class: "date") { "\($0.on)" },
            .init(t("操作", "Action")) { "\(t.text($0.action.title))\($0.applied ? "" : t("（未生效）", " (not applied)"))" },
            .init(t("角色", "Role")) { "\(t.text($0.role.title))" },
            .init(t("人员", "Person")) { "\($0.person ?? "—")" },
            .init(t("状态", "State"), class: "nowrap") { "\(t.text($0.from.title)) → \(t.text($0.to.title))" },
            .init(t("意见", "Comment")) { "\($0.comment)" },
        ], rows: item.history, scrolls: true)
        var forms: [HTML] = []
        if let user = c.user, user.role != .viewer, let csrf = c.csrf {
            let role = user.ledgerRole
            let allowed = LedgerAction.allCases.filter { action in
                if case .success = LedgerPolicy.apply(action, by: role, from: item.state) { return true }
                return false
            }
            forms = allowed.map { action in
                let deadline: HTML? = action == .supervise || action == .reopen ? Field.date(t("新期限", "New deadline"), name: "deadline") : nil
                return Form.post(Link("/ledger", id, "action"), csrf: csrf, """
                    \(Field.hidden("action", action.rawValue))
                    \(Field.text(t("意见", "Comment"), name: "comment", required: true, size: 40))
                    \(deadline)
                    \(Field.submit(t.text(action.title)))
                    """).html
            }
        }
        let sourceRecord: HTML = item.item.sourceRecord.map { "<a href=\"\(recordLink($0))\">\($0)</a>" } ?? "—"
        let fields = FieldTable((t("字段", "Field"), t("内容", "Value")), [
            (t("单位", "Unit"), unitLink(item.unit, t, asOf: c.asOf)), (t("来源", "Source"), "\(t.text(item.item.source.title))"),
            (t("状态", "State"), ledgerState(item, t, asOf: c.asOf)),
            (t("期限", "Deadline"), "\(item.deadline?.description ?? "—")"), (t("措施", "Measures"), "\(item.item.measures.joined(separator: "；"))"),
            (t("责任人", "Responsible"), "\(item.item.responsiblePerson ?? "—")"), (t("责任部门", "Department"), "\(item.item.department ?? "—")"),
            (t("立项日期", "Registered"), "\(item.item.registeredOn)"), (t("来源记录", "Source record"), sourceRecord),
        ])
        let act: HTML? = forms.isEmpty ? nil : "<h2>\(t("办理", "Act"))</h2>\(forms.joined(separator: " "))"
        return Page(title: item.item.title, active: "ledger", body: """
            \(fields.html)
            <h2>\(t("办理经过", "History"))</h2>
            \(history.html)
            \(act)
            """)
    }
}
