import DudaoKernel
import DudaoStore
import DudaoWeb
import DudaoWorkspace
import Foundation
import Hummingbird

/// The forms that write records: new (the 待办 button opens it with the period's date filled in)
/// and edit (a new version of the same record), generated from the record type's field
/// descriptions by DudaoWeb's `RecordForm` and read back by `RecordFormInput`. The record type's
/// own `validate` decides; each error shows beside its field and nothing is stored until the body
/// is valid. Who may write which type is the kernel's write policy.
extension WorkstationServer {
    func addRecordFormRoutes(to router: Router<WorkstationRequestContext>) {
        router.get("/records/new") { request, context in
            try await self.page(request, context, asOfBox: false) { c in
                let type = try self.writableType(c.query["type"], c.t)
                let date = c.query["date"].flatMap(LocalDate.init).map { max(self.campaign.window.start, min($0, self.campaign.window.end)) }
                return try self.recordFormPage(c, type: type, record: nil, values: .json(Self.prefill(type, date: date ?? self.defaultDate)),
                                               issues: [], author: nil, expanded: [])
            }
        }
        router.post("/records/new") { request, context -> Response in
            let (c, pairs) = try await self.postedForm(request, context)
            let type = try self.writableType(c.query["type"] ?? pairs.last { $0.name == "type" }?.value, c.t)
            return try self.save(c, pairs: pairs, type: type, record: nil)
        }
        router.get("/records/{id}/edit") { request, context in
            let id = context.pathParameter("id")
            return try await self.page(request, context, asOfBox: false) { c in
                let record = try self.writableRecord(id, c.t)
                let type = try self.writableType(record.type, c.t)
                return try self.recordFormPage(c, type: type, record: record, values: .body(record.body), issues: [], author: record.author, expanded: [])
            }
        }
        router.post("/records/{id}/edit") { request, context -> Response in
            let id = context.pathParameter("id")
            let (c, pairs) = try await self.postedForm(request, context)
            let record = try self.writableRecord(id, c.t)
            return try self.save(c, pairs: pairs, type: try self.writableType(record.type, c.t), record: record)
        }
    }

    /// A record type this unit writes; 404 for an unknown one, 403 for one only the bureau writes.
    func writableType(_ id: String?, _ t: Tr) throws -> RecordType {
        guard let id, let type = workspace.registry.recordType(id) else {
            throw HTTPError(.notFound, message: t("没有这种记录类型", "no such record type"))
        }
        if let refusal = WritePolicy.mayWrite(type: type, unit: unit.id, by: workspace.identity.writer) {
            throw HTTPError(.forbidden, message: t.text(refusal.message))
        }
        return type
    }

    /// A new form's values: every date field of the body set to `date`.
    static func prefill(_ type: RecordType, date: LocalDate) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for field in type.fields {
            if case .date = field.kind { object[field.key] = .string(date.description) }
        }
        return .object(object)
    }

    /// Reads a posted form; shows it again with its errors (422) or more list slots, or stores the
    /// record (a new version of `record` when editing) and goes to its page.
    func save(_ c: WorkstationPageContext, pairs: [(name: String, value: String)], type: RecordType, record: RecordEnvelope?) throws -> Response {
        let t = c.t
        let input = RecordFormInput(pairs: pairs, type: type)
        let authorText = pairs.last { $0.name == "author" }?.value ?? ""
        let author = authorText.isEmpty ? nil : authorText
        func again(_ issues: [ValidationIssue], status: HTTPResponse.Status, expanded: Set<String> = []) throws -> Response {
            render(c, try recordFormPage(c, type: type, record: record, values: .json(input.values), issues: issues, author: author,
                                         expanded: expanded), asOfBox: false, status: status)
        }
        if let more = input.moreRequested { return try again([], status: .ok, expanded: [more]) }
        if let author, campaign.person(author)?.unit != unit.id {
            return try again([ValidationIssue(path: "$", reason: LocalizedText(zh: "请从本单位人员中选择填写人", en: "choose the author from the unit's people"))],
                             status: .unprocessableContent)
        }
        let body: Data
        switch input.validated(by: type, campaign: campaign, unit: unit) {
        case .failure(let error): return try again(error.issues, status: .unprocessableContent)
        case .success(let valid): body = valid
        }
        let stored: RecordEnvelope
        do {
            stored = try workspace.store.append([NewRecord(id: record?.id, unit: unit.id, type: type.id, body: body, author: author,
                                                           evidence: record?.evidence ?? [])])[0]
        } catch let error as RecordValidationError {
            return try again(error.issues, status: .unprocessableContent)
        } catch let failure as any DudaoFailure {
            throw HTTPError(.forbidden, message: t.text(failure.message))
        }
        let done = record == nil
            ? Flash(.ok, t("已保存一条“\(t.text(type.title))”。可以在下面添加证据材料。", "Saved a “\(t.text(type.title))”. You can add evidence below."))
            : Flash(.ok, t("已保存修改（新版本会随数据包送到教育局）。", "Saved the change (the new version goes to the bureau with the next bundle)."))
        return Self.redirect(Link("/records", stored.id), done)
    }

    func recordFormPage(_ c: WorkstationPageContext, type: RecordType, record: RecordEnvelope?, values: RecordForm.Values,
                        issues: [ValidationIssue], author: String?, expanded: Set<String>) throws -> Page {
        let t = c.t
        let referenced = RecordForm.referencedRecordTypes(of: type)
        let own = try referenced.isEmpty ? [] : workspace.records(unit: unit.id).filter { referenced.contains($0.type) && !$0.deleted && $0.id != record?.id }
        let form = RecordForm(type: type, campaign: campaign, unit: unit,
                              ownRecords: own.map { RecordChoice(id: $0.id, type: $0.type, summary: headline($0, t) + " · " + written($0)) },
                              values: values, issues: issues, language: t.language, expanded: expanded)
        let people = [(value: "", label: t("— 不指定 —", "— not given —"))]
            + campaign.people.filter { $0.unit == unit.id }.map { (value: $0.id, label: $0.name) }
        let action = record.map { Link("/records", $0.id, "edit") } ?? Link("/records/new", query: ["type": type.id])
        let html = Form.post(action, csrf: c.csrf, classes: "box record-form", """
            \(form.html)
            \(Field.select(t("填写人", "Written by"), name: "author", options: people, selected: author ?? ""))
            <p class="actions"><button>\(record == nil ? t("保存", "Save") : t("保存修改", "Save the change"))</button> \
            <a href="\(record.map { Link("/records", $0.id) } ?? Link("/records", query: ["clause": clause(of: type.id)]))">\(t("取消", "Cancel"))</a></p>
            """).html
        let clause = type.clauses.first.flatMap { campaign.clause($0) } ?? clause(of: type.id).flatMap { campaign.clause($0) }
        let basis: HTML? = clause.map { "<p class=\"muted\">\(t("条款", "Clause")) \($0.id) \(t.text($0.title))</p>" }
        let title = record == nil ? t("填写：\(t.text(type.title))", "New: \(t.text(type.title))") : t("修改：\(t.text(type.title))", "Edit: \(t.text(type.title))")
        return Page(title: title, active: "records", body: """
            \(basis)
            \(html)
            """)
    }
}
