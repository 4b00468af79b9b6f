import DudaoWorkspace
import DudaoKernel
import DudaoStore
import Foundation
import DudaoWeb
import Hummingbird

/// Inspections: planned, then their result written once (a second post is refused with 409);
/// a correction is a new inspection record naming the one it corrects, so both stay in the history.
extension BureauServer {
    func addInspectionRoutes(to router: Router<BureauRequestContext>) {
        router.get("/inspections") { request, _ in try await self.page(request) { try await self.inspectionsPage($0) } }
        // Plan an inspection: announced or unannounced (an unannounced one reaches the unit only once held).
        router.post("/inspections") { request, _ -> Response in
            let (c, user, fields) = try await self.authorisedForm(request)
            let t = c.t
            try self.requireInspector(user, t)
            var errors = FormErrors()
            let unit = fields["unit"] ?? ""
            if self.model.campaign.unit(unit) == nil || !user.covers(unit, in: self.model.campaign) {
                errors.add("unit", t("请选择您可以检查的单位", "choose a unit you may inspect"))
            }
            let planned = self.actionDate(fields["plannedOn"], notBefore: nil, t, errors: &errors, field: "plannedOn", latest: self.model.campaign.window.end)
            let methods = fields.keys.filter { $0.hasPrefix("method-") }.map { String($0.dropFirst(7)) }.sorted()
            let team = fields.keys.filter { $0.hasPrefix("team-") }.map { String($0.dropFirst(5)) }.filter { self.model.campaign.person($0) != nil }.sorted()
            let inspection = Inspection(announced: fields["announced"] == "1", plannedOn: planned ?? self.model.campaign.window.start,
                                        methods: methods, team: team.isEmpty ? [user.person].compactMap { $0 } : team)
            if inspection.team.isEmpty { errors.add("team", t("请选择督查组成员", "choose the team's members")) }
            if errors.isEmpty { self.write(inspection, id: nil, unit: unit, user: user, t, errors: &errors) }
            guard errors.isEmpty, let planned else {
                return try await self.inspectionsFailed(c, FailedForm(form: "plan", values: fields, errors: errors))
            }
            let done = Flash(.ok, t("已安排检查：\(self.unitName(unit, t))，\(planned)", "Inspection planned: \(self.unitName(unit, t)), \(planned)"))
            return Responses.redirect("/inspections", headers: [.setCookie: done.setCookie])
        }
        // Record what the inspection found, once: a score per focus point, notes, findings that open ledger items (R1).
        router.post("/inspections/{id}/result") { request, context -> Response in
            try await self.recordResult(request, id: context.pathParameter("id"), correcting: false)
        }
        // Correct a recorded result: a new version that names the one it corrects; the first stays.
        router.post("/inspections/{id}/correction") { request, context -> Response in
            try await self.recordResult(request, id: context.pathParameter("id"), correcting: true)
        }
    }

    private func recordResult(_ request: Request, id: String, correcting: Bool) async throws -> Response {
        let (c, user, fields) = try await authorisedForm(request)
        let t = c.t
        try requireInspector(user, t)
        guard let record = try model.workspace.store.record(id: id), record.type == Inspection.recordType,
              let planned = try? record.decode(Inspection.self), user.covers(record.unit, in: model.campaign) else {
            throw HTTPError(.notFound, message: t("没有这次检查", "no such inspection"))
        }
        if !correcting, let held = planned.heldOn {
            throw HTTPError(.conflict, message: t("这次检查的结果已于 \(held) 记录，不能再次提交；如需更正，请用“更正结果”（作为新版本保存，原结果保留）。",
                                                  "this inspection's result was recorded for \(held) and cannot be posted again; to correct it, use “Correct the result” (saved as a new version, the first kept)."))
        }
        if correcting, planned.heldOn == nil {
            throw HTTPError(.conflict, message: t("这次检查还没有结果，无需更正", "this inspection has no result to correct yet"))
        }
        var errors = FormErrors()
        let held = actionDate(fields["heldOn"], notBefore: correcting ? nil : planned.plannedOn, t, errors: &errors, field: "heldOn")
        var scores: [Inspection.FocusScore] = []
        for point in model.campaign.focusPoints {
            guard let text = fields["score-\(point.id)"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            guard let score = Int(text), (0...100).contains(score) else {
                errors.add("score-\(point.id)", t("\(point.id) 的分数须为 0–100 的整数", "the score of \(point.id) must be a whole number 0–100"))
                continue
            }
            scores.append(Inspection.FocusScore(point: point.id, score: score))
        }
        let defaultDays = model.campaign.parameters["ledgerDefaultDeadlineDays"]?.intValue ?? 30
        var findings: [Inspection.Finding] = []
        for (index, line) in (fields["findings"] ?? "").split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let problem = parts.first, !problem.isEmpty else { continue }
            let deadline = parts.count > 1 && !parts[1].isEmpty ? LocalDate(parts[1]) : held?.adding(days: defaultDays)
            guard let deadline, held.map({ deadline > $0 }) ?? true else {
                errors.add("findings", t("第 \(index + 1) 行的整改期限无效或不晚于检查日期", "line \(index + 1): the deadline is not a date after the inspection"))
                continue
            }
            let person = parts.count > 2 ? model.campaign.people.first { $0.name == parts[2] || $0.id == parts[2] }?.id ?? parts[2] : nil
            findings.append(Inspection.Finding(problem: problem, deadline: deadline, responsiblePerson: person))
        }
        let notes = (fields["notes"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if correcting && notes.isEmpty { errors.add("notes", t("请写明更正的理由", "say why the result is corrected")) }
        var result = planned
        result.heldOn = held
        result.scores = scores
        result.findings = findings
        result.notes = notes.isEmpty ? nil : notes
        result.corrects = correcting ? id : nil
        if errors.isEmpty { write(result, id: correcting ? nil : id, unit: record.unit, user: user, t, errors: &errors) }
        guard errors.isEmpty else {
            return try await inspectionsFailed(c, FailedForm(form: "\(correcting ? "correct" : "result"):\(id)", values: fields, errors: errors))
        }
        let done = Flash(.ok, correcting
            ? t("已更正检查结果：\(unitName(record.unit, t))（原结果保留在历史中）", "Result corrected: \(unitName(record.unit, t)) (the first result stays in the history)")
            : t("已记录检查结果：\(unitName(record.unit, t))，发现问题 \(findings.count) 个", "Result recorded: \(unitName(record.unit, t)), \(findings.count) findings"))
        return Responses.redirect("/inspections", headers: [.setCookie: done.setCookie])
    }

    /// `failed` names its form `plan`, `result:ID` or `correct:ID`.
    private func inspectionsFailed(_ c: PageContext, _ failed: FailedForm<String>) async throws -> Response {
        pageResponse(c, try await inspectionsPage(c, failed: failed), status: .unprocessableContent)
    }

    private func requireInspector(_ user: BureauUser, _ t: Tr) throws {
        guard user.role != .viewer else { throw HTTPError(.forbidden, message: t("只读账号不能安排检查", "a viewer cannot plan inspections")) }
    }

    /// Stores an inspection record; the record's own validation errors land beside the fields they name.
    private func write(_ inspection: Inspection, id: String?, unit: String, user: BureauUser, _ t: Tr, errors: inout FormErrors) {
        do {
            try model.workspace.store.append([try NewRecord(inspection, unit: unit, id: id, author: user.person)], actor: user.name)
        } catch let error as RecordValidationError {
            for issue in error.issues {
                let field = issue.path.hasPrefix("methods") ? "methods" : issue.path.hasPrefix("team") ? "team"
                    : issue.path.hasPrefix("findings") ? "findings" : issue.path.hasPrefix("scores") ? "form" : issue.path
                errors.add(field, t.text(issue.reason))
            }
        } catch {
            errors.add("form", t("保存失败：\(error)", "saving failed: \(error)"))
        }
    }
}
