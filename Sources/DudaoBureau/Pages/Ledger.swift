import DudaoWorkspace
import DudaoKernel
import DudaoStore
import Foundation
import Hummingbird

extension BureauServer {
    func addLedgerRoutes(to router: Router<BasicRequestContext>) {
        router.get("/ledger") { request, _ in try await self.page(request) { try await self.ledgerPage($0) } }
        router.get("/ledger/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.page(request) { try await self.ledgerItemPage($0, id: id) }
        }
        router.post("/ledger/{id}/action") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
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
            return Responses.redirect("/ledger/\(urlEncode(id))")
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
        let items = snapshot.ledger.filter { item in
            (c.user?.covers(item.unit, in: campaign) ?? false) && (state == nil || item.state == state)
                && (source == nil || item.item.source == source) && (unit == nil || item.unit == unit)
                && (!overdue || item.isOverdue(asOf: c.asOf)) && (age == nil || (item.state.isOpen && item.age(asOf: c.asOf) >= age!))
        }.sorted { ($0.isOverdue(asOf: c.asOf) ? 0 : 1, $0.deadline ?? c.asOf, $0.id) < ($1.isOverdue(asOf: c.asOf) ? 0 : 1, $1.deadline ?? c.asOf, $1.id) }
        func options<T: RawRepresentable>(_ values: [T], _ selected: T?, _ title: (T) -> String) -> String where T.RawValue == String {
            "<option value=\"\">\(t("全部", "all"))</option>" + values.map {
                "<option value=\"\($0.rawValue)\"\($0.rawValue == selected?.rawValue ? " selected" : "")>\(esc(title($0)))</option>"
            }.joined()
        }
        let unitOptions = "<option value=\"\">\(t("全部", "all"))</option>" + campaign.units.map {
            "<option value=\"\($0.id)\"\($0.id == unit ? " selected" : "")>\(esc(t.text($0.name)))</option>"
        }.joined()
        let ageOptions = ["", "30", "60", "90"].map { "<option value=\"\($0)\"\($0 == (c.query["age"] ?? "") ? " selected" : "")>\($0.isEmpty ? t("不限", "any") : t("≥\($0)天", "≥\($0) days"))</option>" }.joined()
        let filters = """
            <form method="get" class="filters"><input type="hidden" name="at" value="\(c.asOf)">
            \(t("状态", "State")) <select name="state">\(options(LedgerState.allCases, state) { t.text($0.title) })</select>
            \(t("单位", "Unit")) <select name="unit">\(unitOptions)</select>
            \(t("来源", "Source")) <select name="source">\(options(LedgerSource.allCases, source) { t.text($0.title) })</select>
            \(t("在办时长", "Age")) <select name="age">\(ageOptions)</select>
            <label><input type="checkbox" name="overdue" value="1"\(overdue ? " checked" : "")> \(t("只看逾期", "overdue only"))</label>
            <button>\(t("筛选", "Filter"))</button> · <a href="/export/ledger.csv?at=\(c.asOf)">CSV</a></form>
            """
        let rows = items.prefix(500).map { item in
            ["<a href=\"/ledger/\(urlEncode(item.id))?at=\(c.asOf)\">\(esc(item.item.title))</a>", unitLink(item.unit, t, asOf: c.asOf),
             esc(t.text(item.item.source.title)), esc(t.text(item.state.title)) + (item.isOverdue(asOf: c.asOf) ? " " + badge(.overdue, t) : ""),
             esc(item.deadline?.description ?? "—"), "\(item.age(asOf: c.asOf))", esc(item.item.responsiblePerson ?? "—")]
        }
        return Page(title: t("台账（立项 → 督办 → 反馈 → 销号 → 归档）", "Ledger (register → supervise → feedback → close → archive)"), active: "ledger", body: """
            \(filters)<p class="muted">\(items.count) \(t("项", "items"))</p>
            \(htmlTable([t("事项", "Item"), t("单位", "Unit"), t("来源", "Source"), t("状态", "State"), t("期限", "Deadline"), t("天数", "Age"), t("责任人", "Responsible")], Array(rows)))
            """)
    }

    func ledgerItemPage(_ c: PageContext, id: String) async throws -> Page {
        let t = c.t
        guard let item = try model.workspace.ledger().first(where: { $0.id == id }),
              c.user?.covers(item.unit, in: model.campaign) == true else {
            throw HTTPError(.notFound, message: t("没有这个台账事项", "no such ledger item"))
        }
        let history = item.history.map { entry in
            [esc(entry.on.description), esc(t.text(entry.action.title)) + (entry.applied ? "" : t("（未生效）", " (not applied)")),
             esc(t.text(entry.role.title)), esc(entry.person ?? "—"), esc(t.text(entry.from.title) + " → " + t.text(entry.to.title)), esc(entry.comment)]
        }
        var forms = ""
        if let user = c.user, user.role != .viewer, let csrf = c.csrf {
            let role = user.ledgerRole
            let allowed = LedgerAction.allCases.filter { action in
                if case .success = LedgerPolicy.apply(action, by: role, from: item.state) { return true }
                return false
            }
            forms = allowed.map { action in
                """
                <form method="post" action="/ledger/\(urlEncode(id))/action" class="box">
                <input type="hidden" name="csrf" value="\(esc(csrf))"><input type="hidden" name="action" value="\(action.rawValue)">
                <label>\(t("意见", "Comment")) <input name="comment" required size="40"></label>
                \(action == .supervise || action == .reopen ? "<label>\(t("新期限", "New deadline")) <input type=\"date\" name=\"deadline\"></label>" : "")
                <button>\(esc(t.text(action.title)))</button></form>
                """
            }.joined(separator: " ")
        }
        return Page(title: item.item.title, active: "ledger", body: """
            \(htmlTable([t("字段", "Field"), t("内容", "Value")], [
                [t("单位", "Unit"), unitLink(item.unit, t, asOf: c.asOf)], [t("来源", "Source"), esc(t.text(item.item.source.title))],
                [t("状态", "State"), esc(t.text(item.state.title)) + (item.isOverdue(asOf: c.asOf) ? " " + badge(.overdue, t) : "")],
                [t("期限", "Deadline"), esc(item.deadline?.description ?? "—")], [t("措施", "Measures"), esc(item.item.measures.joined(separator: "；"))],
                [t("责任人", "Responsible"), esc(item.item.responsiblePerson ?? "—")], [t("责任部门", "Department"), esc(item.item.department ?? "—")],
                [t("立项日期", "Registered"), esc(item.item.registeredOn.description)],
                [t("来源记录", "Source record"), item.item.sourceRecord.map { "<a href=\"/records/\(urlEncode($0))\">\(esc($0))</a>" } ?? "—"],
            ]))
            <h2>\(t("办理经过", "History"))</h2>
            \(htmlTable([t("日期", "Date"), t("操作", "Action"), t("角色", "Role"), t("人员", "Person"), t("状态", "State"), t("意见", "Comment")], history))
            \(forms.isEmpty ? "" : "<h2>\(t("办理", "Act"))</h2>" + forms)
            """)
    }
}
