import DudaoWorkspace
import DudaoKernel
import DudaoStore
import Foundation
import DudaoWeb
import Hummingbird

/// The office's ledger forms: register an item (立项), and supervise / close / reject / look back /
/// archive one. Every action carries the date chosen on the form (the page's "as of" date by
/// default, within the campaign and not after today), never the wall clock, and the account that acted.
/// A bad field is shown beside the field, in the page's language, and nothing is stored.
extension BureauServer {
    func addLedgerRoutes(to router: Router<BureauRequestContext>) {
        router.get("/ledger") { request, _ in try await self.page(request) { try await self.ledgerPage($0) } }
        router.get("/ledger/new") { request, _ in
            try await self.page(request) { c in
                try self.requireActor(c.user, c.t)
                return self.registerPage(c, values: [:], errors: FormErrors())
            }
        }
        router.post("/ledger/new") { request, _ -> Response in
            let (c, user, fields) = try await self.authorisedForm(request)
            try self.requireActor(user, c.t)
            var errors = FormErrors()
            guard let item = self.validatedItem(fields, user: user, c.t, errors: &errors) else {
                return self.pageResponse(c, self.registerPage(c, values: fields, errors: errors), status: .unprocessableContent)
            }
            let stored: RecordEnvelope
            do {
                stored = try self.model.workspace.registerItem(item.body, unit: item.unit, person: user.role == .leader ? user.person : nil)
            } catch let error as RecordValidationError {
                for issue in error.issues { errors.add(Self.registerField(issue.path), c.t.text(issue.reason)) }
                return self.pageResponse(c, self.registerPage(c, values: fields, errors: errors), status: .unprocessableContent)
            } catch let failure as any DudaoFailure {
                throw HTTPError(.forbidden, message: c.t.text(failure.message))
            }
            let done = Flash(.ok, c.t("已立项：\(item.body.title)", "Registered: \(item.body.title)"))
            return Responses.redirect(self.ledgerLink(stored.id, asOf: item.body.registeredOn).description, headers: [.setCookie: done.setCookie])
        }
        router.get("/ledger/{id}") { request, context in
            let id = context.pathParameter("id")
            return try await self.page(request) { try await self.ledgerItemPage($0, id: id) }
        }
        router.post("/ledger/{id}/action") { request, context -> Response in
            try await self.act(request, id: context.pathParameter("id"))
        }
    }

    /// Office and leaders act on the ledger; a viewer may not.
    func requireActor(_ user: BureauUser?, _ t: Tr) throws {
        guard let user, user.role != .viewer else {
            throw HTTPError(.forbidden, message: t("只读账号不能处理台账", "a viewer account cannot act on the ledger"))
        }
    }

    /// Supervise, close, reject, look back or archive, as the form says, on the form's date.
    func act(_ request: Request, id: String) async throws -> Response {
        let (c, user, fields) = try await authorisedForm(request)
        let t = c.t
        try requireActor(user, t)
        guard let action = fields["action"].flatMap(LedgerAction.init(rawValue:)) else {
            throw HTTPError(.badRequest, message: t("未知操作", "unknown action"))
        }
        let workspace = model.workspace
        guard let item = try workspace.ledger().first(where: { $0.id == id }) else {
            throw HTTPError(.notFound, message: t("没有这个台账事项", "no such ledger item"))
        }
        guard user.covers(item.unit, in: model.campaign) else {
            throw HTTPError(.forbidden, message: t("该单位不在您的分包或分管范围内", "this unit is not assigned to you"))
        }
        // The wrong role is refused (403), the wrong state too (409): the page was stale.
        if case .failure(let refusal) = LedgerPolicy.apply(action, by: user.ledgerRole, from: item.state) {
            throw HTTPError(refusal.wrongRole ? .forbidden : .conflict, message: t.text(refusal.message))
        }
        var errors = FormErrors()
        let notBefore = item.history.last?.on ?? item.item.registeredOn
        // The form always sends its date; a client that sends none acts on the page's date.
        let date = actionDate(fields["on"] ?? max(min(c.asOf, latestActionDate), notBefore).description, notBefore: notBefore, t, errors: &errors)
        let comment = fields["comment"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if comment.isEmpty { errors.add("comment", t("请填写意见", "a comment is required")) }
        var deadline: LocalDate?
        if let text = fields["deadline"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            deadline = LocalDate(text)
            if deadline == nil {
                errors.add("deadline", t("期限格式应为 YYYY-MM-DD", "the deadline must be YYYY-MM-DD"))
            } else if let date, deadline! <= date {
                errors.add("deadline", t("新期限须晚于办理日期 \(date)", "the new deadline must be after the date of the action, \(date)"))
            }
        }
        // R1: an item is closed only when all four 不放过 are ticked.
        var closeChecks: CloseChecks?
        if action == .close {
            let checks = CloseChecks(awarenessRaised: fields["check-awarenessRaised"] != nil, problemsFocused: fields["check-problemsFocused"] != nil,
                                     measuresInPlace: fields["check-measuresInPlace"] != nil, publicSatisfied: fields["check-publicSatisfied"] != nil)
            if !checks.unmet.isEmpty {
                errors.add("checks", t("“四个不放过”未全部满足，不能销号：", "Not all four no-let-gos are met, so the item cannot be closed: ")
                                + checks.unmet.map { t.text($0.title) }.joined(separator: t("；", "; ")))
            }
            closeChecks = checks
        }
        guard errors.isEmpty, let date else {
            var shown = c
            if let date { shown.asOf = date }
            let page = try await ledgerItemPage(shown, id: id, failed: FailedForm(form: action, values: fields, errors: errors))
            return pageResponse(shown, page, status: .unprocessableContent)
        }
        do {
            try workspace.transition(item: id, action: action, comment: comment, on: date, deadline: deadline,
                                     person: user.role == .leader ? user.person : nil, closeChecks: closeChecks, account: user.name)
            if action == .reopen {
                let lookBack = LookBack(on: date, reason: comment, reopenedItems: [id], nextVisitBy: deadline)
                try workspace.store.append([try NewRecord(lookBack, unit: item.unit, author: user.person)], actor: user.name)
            }
        } catch let refusal as LedgerRefusal {
            throw HTTPError(.conflict, message: t.text(refusal.message))
        } catch let failure as any DudaoFailure {
            throw HTTPError(.forbidden, message: t.text(failure.message))
        }
        let done = Flash(.ok, t("已\(t.text(action.title))：\(item.item.title)（\(date)）", "\(t.text(action.title)): \(item.item.title) (\(date))"))
        return Responses.redirect(ledgerLink(id, asOf: date).description, headers: [.setCookie: done.setCookie])
    }

    /// The field of the register form a record validation path points at.
    static func registerField(_ path: String) -> String {
        if path.hasPrefix("measures") { return "measures" }
        if path == "registeredOn" { return "on" }
        if path == "responsiblePerson" { return "responsible" }
        return ["title", "deadline", "department"].contains(path) ? path : "form"
    }

    /// The item a register form describes, or nil with every error noted.
    func validatedItem(_ fields: [String: String], user: BureauUser, _ t: Tr, errors: inout FormErrors) -> (unit: String, body: LedgerItem)? {
        let campaign = model.campaign
        let unit = fields["unit"] ?? ""
        if campaign.unit(unit) == nil {
            errors.add("unit", t("请选择单位", "choose a unit"))
        } else if !user.covers(unit, in: campaign) {
            errors.add("unit", t("该单位不在您的分包或分管范围内", "this unit is not assigned to you"))
        }
        let source = LedgerSource(rawValue: fields["source"] ?? "")
        if source == nil { errors.add("source", t("请选择来源", "choose where the problem came from")) }
        let title = (fields["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", t("请填写事项名称", "give the item a title")) }
        if title.count > 200 { errors.add("title", t("事项名称不超过 200 字", "the title is at most 200 characters")) }
        let measures = (fields["measures"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if measures.isEmpty { errors.add("measures", t("请填写整改措施（每行一条）", "give the measures, one per line")) }
        let date = actionDate(fields["on"], notBefore: nil, t, errors: &errors)
        let deadline = LocalDate((fields["deadline"] ?? "").trimmingCharacters(in: .whitespaces))
        if deadline == nil {
            errors.add("deadline", t("请填写整改期限（YYYY-MM-DD）", "give the deadline (YYYY-MM-DD)"))
        } else if let date, deadline! <= date {
            errors.add("deadline", t("期限须晚于立项日期 \(date)", "the deadline must be after the registration date, \(date)"))
        }
        let responsible = fields["responsible"] ?? ""
        if let person = campaign.person(responsible) {
            let belongs = person.unit == unit || LedgerPolicy.leader(person, mayActOn: unit)
            if campaign.unit(unit) != nil, !belongs {
                errors.add("responsible", t("\(person.name) 不是该单位的人员", "\(person.name) is not one of the unit's people"))
            }
        } else {
            errors.add("responsible", t("请从名单中选择责任人", "choose the responsible person from the roster"))
        }
        let department = (fields["department"] ?? "").trimmingCharacters(in: .whitespaces)
        // R3: a department and a responsible person for each item (明确具体部门，责任落实到人).
        if department.isEmpty { errors.add("department", t("请填写责任部门", "give the responsible department")) }
        guard errors.isEmpty, let source, let date, let deadline else { return nil }
        let detail = (fields["detail"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return (unit, LedgerItem(title: title, detail: detail.isEmpty ? nil : detail, source: source, measures: measures, deadline: deadline,
                                 responsiblePerson: responsible, department: department.isEmpty ? nil : department, registeredOn: date,
                                 account: user.name))
    }

    /// The register form, with what was posted and what was wrong with it.
    func registerPage(_ c: PageContext, values: [String: String], errors: FormErrors) -> Page {
        let t = c.t
        let campaign = model.campaign
        let units = [(value: "", label: t("— 请选择 —", "— choose —"))]
            + campaign.units.filter { c.user?.covers($0.id, in: campaign) ?? false }.map { (value: $0.id, label: t.text($0.name)) }
        let sources = LedgerSource.allCases.map { (value: $0.rawValue, label: t.text($0.title)) }
        let date = values["on"] ?? min(c.asOf, latestActionDate).description
        let summary: HTML? = errors.isEmpty ? nil : Flash(.error, t("有 \(errors.order.count) 处需要修改，什么也没有保存。",
                                                                    "\(errors.order.count) fields need correcting; nothing was saved.")).html
        let form = Form.post(Link("/ledger/new"), csrf: c.csrf ?? "", """
            \(Field.checked(Field.select(t("单位", "Unit"), name: "unit", options: units, selected: values["unit"] ?? c.query["unit"]), errors["unit"]))
            \(Field.checked(Field.select(t("来源", "Source"), name: "source", options: sources, selected: values["source"] ?? LedgerSource.bureauFinding.rawValue), errors["source"]))
            \(Field.checked(Field.text(t("事项（存在的问题）", "Item (the problem)"), name: "title", value: values["title"] ?? "", required: true, size: 60), errors["title"]))
            \(Field.checked(Field.textarea(t("整改措施（每行一条）", "Measures (one per line)"), name: "measures", value: values["measures"] ?? "", rows: 3, required: true), errors["measures"]))
            \(Field.checked(Field.date(t("整改期限", "Deadline"), name: "deadline", value: values["deadline"] ?? "", min: campaign.window.start.description,
                                       max: nil), errors["deadline"]))
            \(Field.checked(Field.select(t("责任人", "Responsible person"), name: "responsible", options: peopleOptions(t), selected: values["responsible"]), errors["responsible"]))
            \(Field.checked(Field.text(t("责任部门", "Department"), name: "department", value: values["department"] ?? "", required: true, size: 30), errors["department"]))
            \(Field.checked(Field.textarea(t("说明", "Details"), name: "detail", value: values["detail"] ?? "", rows: 2), errors["detail"]))
            \(Field.checked(Field.date(t("立项日期", "Registered on"), name: "on", value: date, min: campaign.window.start.description,
                                       max: latestActionDate.description), errors["on"]))
            \(Field.error(errors["form"]))
            \(Field.submit(t("立项", "Register")))
            """)
        return Page(title: t("立项：登记台账事项", "Register a ledger item"), active: "ledger", body: """
            \(summary)
            <p class="muted">\(t("立项日期默认为页面的“截至”日期，须在活动期间内、不晚于今天。", "The registration date defaults to the page's “as of” date, within the campaign and not after today."))</p>
            \(form.html)
            """)
    }
}
