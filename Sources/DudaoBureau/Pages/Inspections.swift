import DudaoWorkspace
import DudaoKernel
import DudaoStore
import Foundation
import DudaoWeb
import Hummingbird

extension BureauServer {
    func addInspectionRoutes(to router: Router<BureauRequestContext>) {
        router.get("/inspections") { request, _ in try await self.page(request) { try await self.inspectionsPage($0) } }
        // Plan an inspection: announced or unannounced (an unannounced one reaches the unit only once held).
        router.post("/inspections") { request, _ -> Response in
            let (page, user, fields) = try await self.authorisedForm(request)
            let t = page.t
            let unit = fields["unit"] ?? ""
            try self.requireInspector(user, unit: unit, t)
            guard let planned = fields["plannedOn"].flatMap(LocalDate.init) else {
                throw HTTPError(.badRequest, message: t("请填写计划日期", "give the planned date"))
            }
            let methods = fields.keys.filter { $0.hasPrefix("method-") }.map { String($0.dropFirst(7)) }.sorted()
            let team = (fields["team"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let inspection = Inspection(announced: fields["announced"] == "1", plannedOn: planned, methods: methods,
                                        team: team.isEmpty ? [user.person ?? user.name] : team)
            try self.write(inspection, id: nil, unit: unit, user: user, t)
            let done = Flash(.ok, t("已安排检查：\(self.unitName(unit, t))，\(planned)", "Inspection planned: \(self.unitName(unit, t)), \(planned)"))
            return Responses.redirect("/inspections", headers: [.setCookie: done.setCookie])
        }
        // Record what the inspection found: a score per focus point and findings that open ledger items (R1).
        router.post("/inspections/{id}/result") { request, context -> Response in
            let id = context.pathParameter("id")
            let (page, user, fields) = try await self.authorisedForm(request)
            let t = page.t
            guard let record = try self.model.workspace.store.record(id: id), record.type == Inspection.recordType,
                  var inspection = try? record.decode(Inspection.self) else {
                throw HTTPError(.notFound, message: t("没有这次检查", "no such inspection"))
            }
            try self.requireInspector(user, unit: record.unit, t)
            guard let held = fields["heldOn"].flatMap(LocalDate.init) else {
                throw HTTPError(.badRequest, message: t("请填写检查日期", "give the date it took place"))
            }
            inspection.heldOn = held
            inspection.scores = self.model.campaign.focusPoints.compactMap { point in
                fields["score-\(point.id)"].flatMap { Int($0) }.map { Inspection.FocusScore(point: point.id, score: $0, note: fields["note-\(point.id)"]) }
            }
            inspection.findings = (fields["findings"] ?? "").split(whereSeparator: \.isNewline).compactMap { line in
                let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let problem = parts.first, !problem.isEmpty else { return nil }
                let deadline = parts.count > 1 ? LocalDate(parts[1]) : nil
                return Inspection.Finding(problem: problem, deadline: deadline ?? held.adding(days: self.model.campaign.parameters["ledgerDefaultDeadlineDays"]?.intValue ?? 30),
                                          responsiblePerson: parts.count > 2 ? parts[2] : nil)
            }
            try self.write(inspection, id: id, unit: record.unit, user: user, t)
            let done = Flash(.ok, t("已记录检查结果：\(self.unitName(record.unit, t))，发现问题 \(inspection.findings.count) 个",
                                    "Result recorded: \(self.unitName(record.unit, t)), \(inspection.findings.count) findings"))
            return Responses.redirect("/inspections", headers: [.setCookie: done.setCookie])
        }
    }

    private func requireInspector(_ user: BureauUser, unit: String, _ t: Tr) throws {
        guard user.role != .viewer else { throw HTTPError(.forbidden, message: t("只读账号不能安排检查", "a viewer cannot plan inspections")) }
        guard model.campaign.unit(unit) != nil else { throw HTTPError(.badRequest, message: t("未知单位", "unknown unit")) }
        guard user.covers(unit, in: model.campaign) else {
            throw HTTPError(.forbidden, message: t("该单位不在您的分包或分管范围内", "this unit is not assigned to you"))
        }
    }

    private func write(_ inspection: Inspection, id: String?, unit: String, user: BureauUser, _ t: Tr) throws {
        do {
            try model.workspace.store.append([try NewRecord(inspection, unit: unit, id: id, author: user.person)], actor: user.name)
        } catch let error as RecordValidationError {
            throw HTTPError(.badRequest, message: error.issues.map { "\($0.path): \(t.text($0.reason))" }.joined(separator: "; "))
        }
    }

    func inspectionsPage(_ c: PageContext) async throws -> Page {
        let t = c.t
        let campaign = model.campaign
        // The snapshot holds every live record by unit: the inspections are among them.
        let records = try await model.snapshot(asOf: c.asOf).recordsByUnit
            .filter { unit, _ in c.user?.covers(unit, in: campaign) == true }
            .values.flatMap { $0.filter { $0.type == Inspection.recordType } }
        let inspections = records.typed(Inspection.self).sorted { ($0.body.plannedOn, $1.id) > ($1.body.plannedOn, $0.id) }
        let methodName = Dictionary(campaign.methods.flatMap { $0.pair.map { ($0.id, t.language == .zh ? $0.zh : $0.en) } }, uniquingKeysWith: { a, _ in a })
        let csrf = c.csrf
        let canAct = c.user.map { $0.role != .viewer } ?? false
        let asOf = c.asOf
        let table = Table<TypedRecord<Inspection>>([
            .init(t("计划日期", "Planned"), class: "date") { "\($0.body.plannedOn)" },
            .init(t("单位", "Unit")) { self.unitLink($0.unit, t, asOf: asOf) },
            .init(t("形式", "Kind")) { "\($0.body.announced ? t("明查", "announced") : t("暗访", "unannounced"))" },
            .init(t("方式", "Methods")) { "\($0.body.methods.map { methodName[$0] ?? $0 }.joined(separator: "、"))" },
            .init(t("督查组", "Team")) { "\($0.body.team.joined(separator: "、"))" },
            .init(t("结果", "Result")) { item in self.inspectionResult(item, t, csrf: canAct ? csrf : nil) },
        ], rows: inspections, scrolls: true)
        var planForm: HTML?
        if canAct, let csrf {
            let methodBoxes = campaign.methods.map { pair in
                pair.pair.map { Field.checkbox(t.language == .zh ? $0.zh : $0.en, name: "method-\($0.id)", inline: true) }.joined(separator: " ")
            }.joined(separator: " · ")
            let units = campaign.units.filter { c.user?.covers($0.id, in: campaign) == true }.map { ($0.id, t.text($0.name)) }
            planForm = """
                <h2>\(t("安排检查", "Plan an inspection"))</h2>
                \(Form.post(Link("/inspections"), csrf: csrf, """
                    \(Field.select(t("单位", "Unit"), name: "unit", options: units))
                    \(Field.date(t("计划日期", "Planned on"), name: "plannedOn", required: true))
                    \(Field.checkbox(t("明查（不勾选为暗访：实施前不发给被检查单位）", "announced (unticked: unannounced, not sent to the unit before it happens)"),
                                     name: "announced", checked: true))
                    <label>\(t("方式（成对使用）", "Methods (in pairs)")): \(methodBoxes)</label>
                    \(Field.text(t("督查组成员（名单编号，逗号分隔）", "Team (roster ids, comma-separated)"), name: "team", size: 40))
                    \(Field.submit(t("安排", "Plan")))
                    """).html)
                """
        }
        return Page(title: t("督导检查与发现问题", "Inspections and findings"), active: "inspections", body: """
            \(table.html)
            \(planForm)
            """)
    }

    /// An inspection's result, or the form that records it (for an account that may, with its token).
    func inspectionResult(_ item: TypedRecord<Inspection>, _ t: Tr, csrf: String?) -> HTML {
        let body = item.body
        if let held = body.heldOn {
            let mean = Int((body.meanScore ?? 0).rounded())
            return "\(t("已实施 \(held)，平均 \(mean) 分，发现问题 \(body.findings.count) 个", "held \(held), mean \(mean), \(body.findings.count) findings"))"
        }
        guard let csrf else { return "\(t("计划中", "planned"))" }
        let scores = model.campaign.focusPoints.map { point in
            Field.number(point.id, name: "score-\(point.id)", min: 0, max: 100, tooltip: t.text(point.title))
        }.joined(separator: " ")
        return Form.post(Link("/inspections", item.id, "result"), csrf: csrf, classes: "result", """
            \(Field.date(t("实施日期", "Held on"), name: "heldOn", required: true)) \(scores)<br>
            \(Field.textarea(name: "findings", rows: 2, placeholder: t("每行一个问题：问题 | 整改期限 YYYY-MM-DD | 责任人", "one per line: problem | deadline YYYY-MM-DD | responsible")))
            \(Field.submit(t("记录结果", "Record result")))
            """).html
    }
}
