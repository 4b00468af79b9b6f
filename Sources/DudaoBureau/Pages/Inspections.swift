import DudaoWorkspace
import DudaoKernel
import DudaoStore
import Foundation
import Hummingbird

extension BureauServer {
    func addInspectionRoutes(to router: Router<BasicRequestContext>) {
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
            return Responses.redirect("/inspections")
        }
        // Record what the inspection found: a score per focus point and findings that open ledger items (R1).
        router.post("/inspections/{id}/result") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
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
            return Responses.redirect("/inspections")
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
        let csrf = c.csrf ?? ""
        let canAct = c.user.map { $0.role != .viewer } ?? false
        let rows = inspections.map { item -> [String] in
            let body = item.body
            let result: String
            if let held = body.heldOn {
                result = t("已实施 \(held)，平均 \(Int((body.meanScore ?? 0).rounded())) 分，发现问题 \(body.findings.count) 个",
                           "held \(held), mean \(Int((body.meanScore ?? 0).rounded())), \(body.findings.count) findings")
            } else if canAct {
                let scores = campaign.focusPoints.map { point in
                    "<label title=\"\(esc(t.text(point.title)))\">\(point.id) <input name=\"score-\(point.id)\" type=\"number\" min=\"0\" max=\"100\" style=\"width:4em\"></label>"
                }.joined(separator: " ")
                result = """
                    <form method="post" action="/inspections/\(urlEncode(item.id))/result"><input type="hidden" name="csrf" value="\(esc(csrf))">
                    \(t("实施日期", "Held on")) <input type="date" name="heldOn" required> \(scores)<br>
                    <textarea name="findings" rows="2" cols="60" placeholder="\(t("每行一个问题：问题 | 整改期限 YYYY-MM-DD | 责任人", "one per line: problem | deadline YYYY-MM-DD | responsible"))"></textarea>
                    <button>\(t("记录结果", "Record result"))</button></form>
                    """
            } else {
                result = t("计划中", "planned")
            }
            return [esc(body.plannedOn.description), unitLink(item.unit, t, asOf: c.asOf),
                    body.announced ? t("明查", "announced") : t("暗访", "unannounced"),
                    esc(body.methods.map { methodName[$0] ?? $0 }.joined(separator: "、")), esc(body.team.joined(separator: "、")), result]
        }
        let methodBoxes = campaign.methods.map { pair in
            pair.pair.map { "<label style=\"display:inline\"><input type=\"checkbox\" name=\"method-\($0.id)\" value=\"1\"> \(esc(t.language == .zh ? $0.zh : $0.en))</label>" }.joined(separator: " ")
        }.joined(separator: " · ")
        let unitOptions = campaign.units.filter { c.user?.covers($0.id, in: campaign) == true }
            .map { "<option value=\"\($0.id)\">\(esc(t.text($0.name)))</option>" }.joined()
        let planForm = canAct ? """
            <h2>\(t("安排检查", "Plan an inspection"))</h2>
            <form method="post" action="/inspections" class="box"><input type="hidden" name="csrf" value="\(esc(csrf))">
            <label>\(t("单位", "Unit")) <select name="unit">\(unitOptions)</select></label>
            <label>\(t("计划日期", "Planned on")) <input type="date" name="plannedOn" required></label>
            <label><input type="checkbox" name="announced" value="1" checked> \(t("明查（不勾选为暗访：实施前不发给被检查单位）", "announced (unticked: unannounced, not sent to the unit before it happens)"))</label>
            <label>\(t("方式（成对使用）", "Methods (in pairs)")): \(methodBoxes)</label>
            <label>\(t("督查组成员（名单编号，逗号分隔）", "Team (roster ids, comma-separated)")) <input name="team" size="40"></label>
            <button>\(t("安排", "Plan"))</button></form>
            """ : ""
        return Page(title: t("督导检查与发现问题", "Inspections and findings"), active: "inspections", body: """
            \(htmlTable([t("计划日期", "Planned"), t("单位", "Unit"), t("形式", "Kind"), t("方式", "Methods"), t("督查组", "Team"), t("结果", "Result")], rows))
            \(planForm)
            """)
    }
}
