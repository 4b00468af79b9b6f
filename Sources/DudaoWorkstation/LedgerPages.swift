import DudaoKernel
import DudaoStore
import DudaoWeb
import DudaoWorkspace
import Foundation
import Hummingbird

/// 台账: the unit's ledger items with their source, measures, deadline, responsible person and
/// whole history; the feedback form (a comment, a date, evidence files) on an item the bureau
/// supervises. The kernel's ledger policy decides whether the unit may feed back; the workspace's
/// ledger action writes the transition.
extension WorkstationServer {
    func addLedgerRoutes(to router: Router<WorkstationRequestContext>) {
        router.get("/ledger") { request, context in
            try await self.page(request, context) { try self.ledgerPage($0) }
        }
        router.get("/ledger/{id}") { request, context in
            let id = context.pathParameter("id")
            return try await self.page(request, context) { try self.ledgerItemPage($0, id: id, failed: nil) }
        }
        router.post("/ledger/{id}/feedback") { request, context in
            try await self.feedback(request, context, id: context.pathParameter("id"))
        }
    }

    func ledgerPage(_ c: WorkstationPageContext) throws -> Page {
        let t = c.t
        let items = try workspace.ledger(unit: unit.id, asOf: c.asOf)
            .sorted { ($0.state.isOpen ? 0 : 1, $0.deadline ?? c.asOf.adding(days: 36_500), $0.id)
                < ($1.state.isOpen ? 0 : 1, $1.deadline ?? c.asOf.adding(days: 36_500), $1.id) }
        let table = Table<LedgerItemState>([
            .init(t("事项", "Item"), class: "title") { "<a href=\"\(Link("/ledger", $0.id, query: ["at": c.asOf.description]))\">\($0.item.title)</a>" },
            .init(t("来源", "Source")) { "\(t.text($0.item.source.title))" },
            .init(t("状态", "State"), class: "nowrap") { item in
                let waiting: HTML? = item.state == .supervising ? " " + Badge(.due, t, text: t("待本单位反馈", "waiting for our feedback")).html : nil
                return "\(t.text(item.state.title))\(item.isOverdue(asOf: c.asOf) ? " " + Badge(.overdue, t).html : .empty)\(waiting)"
            },
            .init(t("期限", "Deadline"), class: "date") { "\($0.deadline?.description ?? "—")" },
            .init(t("责任人", "Responsible")) { "\(self.personName($0.item.responsiblePerson) ?? "—")" },
        ], rows: items, scrolls: true)
        let open = items.filter(\.state.isOpen).count
        return Page(title: t("台账", "Ledger"), active: "ledger", body: """
            <p class="muted">\(t("本单位的台账事项：立项 → 督办 → 反馈 → 销号 → 归档。共 \(items.count) 项，未办结 \(open) 项。教育局督办的事项在这里填写反馈。",
                                 "The unit's ledger items: register → supervise → feedback → close → archive. \(items.count) items, \(open) open. Feed back here on items the bureau supervises."))</p>
            \(items.isEmpty ? "<p class=\"muted\">\(t("还没有台账事项。", "No ledger items yet."))</p>" : table.html)
            """)
    }

    /// A feedback form that failed: what was posted and what was wrong.
    struct FailedFeedback: Sendable {
        var values: [String: String]
        var errors: FormErrors
    }

    func ledgerItemPage(_ c: WorkstationPageContext, id: String, failed: FailedFeedback?) throws -> Page {
        let t = c.t
        // The item as of the page's date; the feedback form acts on its latest state.
        guard let item = try workspace.ledger(unit: unit.id, asOf: c.asOf).first(where: { $0.id == id }),
              let latest = try workspace.ledger(unit: unit.id).first(where: { $0.id == id }) else {
            throw HTTPError(.notFound, message: t("\(c.asOf) 时本单位没有这个台账事项", "the unit has no such ledger item as of \(c.asOf)"))
        }
        let outbox = try workspace.store.outbox(to: "bureau")
        let registeredBy = item.item.account.map { t("教育局账号 \($0)", "bureau account \($0)") } ?? t.text(unit.name)
        var rows: [(on: String, action: String, by: String, state: String, comment: String, evidence: HTML)] = [
            (item.item.registeredOn.description, t("立项", "register"), registeredBy, t.text(LedgerState.registered.title), item.item.detail ?? "", .empty),
        ]
        for entry in item.history {
            let record = try workspace.store.record(id: entry.record)
            let by = [personName(entry.person), entry.account.map { t("账号 \($0)", "account \($0)") }].compactMap { $0 }
            let role = entry.role == .unit ? t.text(unit.name) : t.text(entry.role.title)
            rows.append((entry.on.description, t.text(entry.action.title) + (entry.applied ? "" : t("（未生效）", " (not applied)")),
                         ([role] + by).joined(separator: " · "),
                         "\(t.text(entry.from.title)) → \(t.text(entry.to.title))", entry.comment,
                         evidenceList(record?.evidence ?? [], outbox: outbox, t)))
        }
        let history = Table<(on: String, action: String, by: String, state: String, comment: String, evidence: HTML)>([
            .init(t("日期", "Date"), class: "date") { "\($0.on)" },
            .init(t("操作", "Action")) { "\($0.action)" },
            .init(t("办理人", "By")) { "\($0.by)" },
            .init(t("状态", "State"), class: "nowrap") { "\($0.state)" },
            .init(t("意见", "Comment"), class: "comment") { "\($0.comment)" },
            .init(t("证据", "Evidence")) { $0.evidence },
        ], rows: rows, classes: "history", scrolls: true)
        let fields = FieldTable((t("项目", "Field"), t("内容", "Value")), [
            (t("来源", "Source"), "\(t.text(item.item.source.title))"),
            (t("状态", "State"), "\(t.text(item.state.title))\(item.isOverdue(asOf: c.asOf) ? " " + Badge(.overdue, t).html : .empty)"),
            (t("期限", "Deadline"), "\(item.deadline?.description ?? "—")"),
            (t("整改措施", "Measures"), "<ol class=\"measures\">\(item.item.measures.map { "<li>\($0)</li>" as HTML }.joined())</ol>"),
            (t("责任人", "Responsible"), "\(personName(item.item.responsiblePerson) ?? "—")"),
            (t("责任部门", "Department"), "\(item.item.department ?? "—")"),
            (t("立项日期", "Registered"), "\(item.item.registeredOn)"),
        ])
        // A rejected feedback: the bureau's reason, where the secretary sees it first.
        let rejection = item.history.last { $0.applied && $0.action == .reject }
        let rejected: HTML? = rejection.flatMap { entry in
            item.state == .supervising || item.state == .registered
                ? Flash(.error, t("教育局于 \(entry.on) 退回了本单位的反馈，理由：\(entry.comment)",
                                  "On \(entry.on) the bureau sent the unit's feedback back, because: \(entry.comment)")).html : nil
        }
        return Page(title: item.item.title, active: "ledger", body: """
            \(rejected)
            \(fields.html)
            <h2>\(t("办理经过", "History"))</h2>
            \(history.html)
            \(try feedbackForm(c, item: latest, failed: failed))
            <p><a href="/ledger">\(t("返回台账", "Back to the ledger"))</a></p>
            """)
    }

    /// The evidence files of a record, each a link, with whether it has reached the bureau.
    func evidenceList(_ hashes: [String], outbox: Outbox, _ t: Tr) -> HTML {
        hashes.map { hash -> HTML in
            let state: HTML = outbox.evidenceDelivered.contains(hash) ? "<span class=\"s s-met\">\(t("已送达教育局", "reached the bureau"))</span>"
                : outbox.evidenceInTransit.contains(hash) ? "<span class=\"s s-due\">\(t("已发出，待确认", "sent, not yet confirmed"))</span>"
                : "<span class=\"s s-not-applicable\">\(t("未发出", "not sent yet"))</span>"
            return "<div class=\"evidence\"><a href=\"\(Link("/evidence", hash))\">📎 \(String(hash.prefix(12)))</a> \(state)</div>"
        }.joined()
    }

    /// The feedback form, when the kernel's policy lets the unit feed back on the item's state.
    func feedbackForm(_ c: WorkstationPageContext, item: LedgerItemState, failed: FailedFeedback?) throws -> HTML {
        let t = c.t
        guard case .success = LedgerPolicy.apply(.feedback, by: .unit, from: item.state) else { return .empty }
        let values = failed?.values ?? [:]
        let errors = failed?.errors ?? FormErrors()
        let notBefore = item.history.last?.on ?? item.item.registeredOn
        let date = values["on"] ?? max(notBefore, min(c.asOf, defaultDate)).description
        let summary: HTML? = errors.isEmpty ? nil : Flash(.error, t("有 \(errors.order.count) 处需要修改，反馈没有保存。",
                                                                    "\(errors.order.count) fields need correcting; the feedback was not saved.")).html
        let form = Form.upload(Link("/ledger", item.id, "feedback"), csrf: c.csrf, """
            \(Field.checked(Field.textarea(t("整改情况（反馈意见）", "What was done (the feedback)"), name: "comment", value: values["comment"] ?? "",
                                           rows: 4, placeholder: t("写明按每条措施做了什么、结果如何", "say what was done for each measure and with what result"),
                                           required: true), errors["comment"]))
            \(Field.checked(Field.date(t("反馈日期", "Date"), name: "on", value: date, min: notBefore.description, max: defaultDate.description), errors["on"]))
            \(Field.checked(optionalFiles(t("证据材料（照片、扫描件、PDF，可多选）", "Evidence (photos, scans, PDFs; several allowed)"), name: "evidence"), errors["evidence"]))
            <p class="muted">\(t("每个文件不超过 \(evidenceLimit >> 20) MB。", "At most \(evidenceLimit >> 20) MB a file."))</p>
            \(Field.submit(t("提交反馈", "Send the feedback")))
            """)
        return """
            <h2 id="feedback">\(t("向教育局反馈", "Feed back to the bureau"))</h2>
            \(summary)
            \(form)
            <p class="muted">\(t("反馈保存在本机，随下一个数据包（同步页）送到教育局。", "The feedback is kept on this PC and goes to the bureau with the next bundle (the sync page)."))</p>
            """
    }

    /// A file chooser that may be left empty and takes several files.
    func optionalFiles(_ label: String, name: String) -> HTML {
        "<label>\(label) <input type=\"file\" name=\"\(name)\" multiple accept=\"image/*,application/pdf\"></label>"
    }

    /// The feedback post: checked whole, then the evidence stored and the transition written.
    func feedback(_ request: Request, _ context: WorkstationRequestContext, id: String) async throws -> Response {
        let (c, form) = try await postedUpload(request, context, limit: maxBundleBytes)
        let t = c.t
        guard let item = try workspace.ledger(unit: unit.id).first(where: { $0.id == id }) else {
            throw HTTPError(.notFound, message: t("本单位没有这个台账事项", "the unit has no such ledger item"))
        }
        if case .failure(let refusal) = LedgerPolicy.apply(.feedback, by: .unit, from: item.state) {
            throw HTTPError(.conflict, message: t.text(refusal.message))
        }
        var errors = FormErrors()
        let comment = (form["comment"]?.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if comment.isEmpty { errors.add("comment", t("请写明整改情况", "say what was done")) }
        let notBefore = item.history.last?.on ?? item.item.registeredOn
        let date = checkedDate(form["on"]?.text, notBefore: notBefore, t, errors: &errors, field: "on")
        let files = evidenceFiles(form, name: "evidence", t, errors: &errors)
        guard errors.isEmpty, let date else {
            var values: [String: String] = [:]
            for part in form.parts where part.filename == nil { values[part.name] = part.text }
            return render(c, try ledgerItemPage(c, id: id, failed: FailedFeedback(values: values, errors: errors)), status: .unprocessableContent)
        }
        let hashes = try files.map { try workspace.store.addEvidence($0.data) }
        do {
            try workspace.transition(item: id, action: .feedback, comment: comment, on: date, evidence: hashes)
        } catch let refusal as LedgerRefusal {
            throw HTTPError(.conflict, message: t.text(refusal.message))
        }
        let done = Flash(.ok, t("反馈已保存（\(date)，证据 \(hashes.count) 个）。到“同步”页导出数据包或与教育局同步后，教育局即可看到。",
                                "The feedback is saved (\(date), \(hashes.count) evidence files). The bureau sees it once a bundle goes out from the sync page."))
        return Self.redirect(Link("/ledger", id, query: ["at": date.description]), done)
    }

    /// A date of an action: within the campaign, not after today, not before `notBefore`.
    func checkedDate(_ text: String?, notBefore: LocalDate?, _ t: Tr, errors: inout FormErrors, field: String) -> LocalDate? {
        guard let text, let date = LocalDate(text.trimmingCharacters(in: .whitespaces)) else {
            errors.add(field, t("请填写日期（YYYY-MM-DD）", "give a date (YYYY-MM-DD)"))
            return nil
        }
        let first = max(campaign.window.start, notBefore ?? campaign.window.start)
        guard date >= first, date <= defaultDate else {
            errors.add(field, t("日期须在 \(first) 至 \(defaultDate) 之间", "the date must fall between \(first) and \(defaultDate)"))
            return nil
        }
        return date
    }

    /// The files of an upload field, each within the evidence limit; an empty chooser gives none.
    func evidenceFiles(_ form: MultipartForm, name: String, _ t: Tr, errors: inout FormErrors) -> [MultipartForm.Part] {
        let files = form.parts.filter { $0.name == name && !($0.filename ?? "").isEmpty && !$0.data.isEmpty }
        for file in files where file.data.count > evidenceLimit {
            errors.add(name, t("文件“\(file.filename ?? "")”有 \(file.data.count >> 20) MB，超过每个文件 \(evidenceLimit >> 20) MB 的上限",
                               "the file '\(file.filename ?? "")' is \(file.data.count >> 20) MB, over the limit of \(evidenceLimit >> 20) MB a file"))
        }
        return files
    }
}
