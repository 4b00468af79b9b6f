import DudaoKernel
import DudaoWeb
import Foundation

/// The inspections page: every inspection with its result (and its corrections, newest last),
/// and the forms to plan one, record a result once, or correct it.
extension BureauServer {
    func inspectionsPage(_ c: PageContext, failed: FailedForm<String>? = nil) async throws -> Page {
        let t = c.t
        let campaign = model.campaign
        // The snapshot holds every live record by unit: the inspections are among them.
        let records = try await model.snapshot(asOf: c.asOf).recordsByUnit
            .filter { unit, _ in c.user?.covers(unit, in: campaign) == true }
            .values.flatMap { $0.filter { $0.type == Inspection.recordType } }
        let all = records.typed(Inspection.self)
        let corrections = Dictionary(grouping: all.filter { $0.body.corrects != nil }, by: { $0.body.corrects! })
        let inspections = all.filter { $0.body.corrects == nil }.sorted { ($0.body.plannedOn, $1.id) > ($1.body.plannedOn, $0.id) }
        let methodName = Dictionary(campaign.methods.flatMap { $0.pair.map { ($0.id, t.language == .zh ? $0.zh : $0.en) } }, uniquingKeysWith: { a, _ in a })
        let csrf = c.user.map { $0.role != .viewer } == true ? c.csrf : nil
        let asOf = c.asOf
        let table = Table<TypedRecord<Inspection>>([
            .init(t("计划日期", "Planned"), class: "date") { "\($0.body.plannedOn)" },
            .init(t("单位", "Unit")) { self.unitLink($0.unit, t, asOf: asOf) },
            .init(t("形式", "Kind")) { "\($0.body.announced ? t("明查", "announced") : t("暗访", "unannounced"))" },
            .init(t("方式", "Methods")) { "\($0.body.methods.map { methodName[$0] ?? $0 }.joined(separator: "、"))" },
            .init(t("督查组", "Team")) { "\($0.body.team.map { self.personName($0) ?? $0 }.joined(separator: "、"))" },
            .init(t("结果", "Result")) { item in
                self.inspectionResult(item, corrections: (corrections[item.id] ?? []).sorted { $0.envelope.hlc < $1.envelope.hlc }, t,
                                      csrf: csrf, failed: failed)
            },
        ], rows: inspections, scrolls: true)
        var planForm: HTML?
        if let csrf, let user = c.user {
            let mine = failed?.form == "plan" ? failed : nil
            let values = mine?.values ?? [:]
            let errors = mine?.errors ?? FormErrors()
            let methodBoxes = campaign.methods.map { pair in
                pair.pair.map { Field.checkbox(t.language == .zh ? $0.zh : $0.en, name: "method-\($0.id)", checked: values["method-\($0.id)"] != nil, inline: true) }
                    .joined(separator: " ")
            }.joined(separator: " · ")
            let teamBoxes = campaign.leaders.map { leader in
                Field.checkbox(leader.name, name: "team-\(leader.id)", checked: values["team-\(leader.id)"] != nil || (values.isEmpty && user.person == leader.id), inline: true)
            }.joined(separator: " ")
            let units = [(value: "", label: t("— 请选择 —", "— choose —"))]
                + campaign.units.filter { user.covers($0.id, in: campaign) }.map { ($0.id, t.text($0.name)) }
            planForm = """
                <h2>\(t("安排检查", "Plan an inspection"))</h2>
                \(Form.post(Link("/inspections"), csrf: csrf, """
                    \(Field.checked(Field.select(t("单位", "Unit"), name: "unit", options: units, selected: values["unit"]), errors["unit"]))
                    \(Field.checked(Field.date(t("计划日期", "Planned on"), name: "plannedOn", value: values["plannedOn"] ?? "",
                                               min: campaign.window.start.description, max: campaign.window.end.description), errors["plannedOn"]))
                    \(Field.checkbox(t("明查（不勾选为暗访：实施前不发给被检查单位）", "announced (unticked: unannounced, not sent to the unit before it happens)"),
                                     name: "announced", checked: values.isEmpty || values["announced"] != nil))
                    \(Field.checked("<span class=\"group\">\(t("方式（成对使用）", "Methods (in pairs)"))：</span> \(methodBoxes)", errors["methods"]))
                    \(Field.checked("<span class=\"group\">\(t("督查组成员", "Team"))：</span> \(teamBoxes)", errors["team"]))
                    \(Field.error(errors["form"]))
                    \(Field.submit(t("安排", "Plan")))
                    """).html)
                """
        }
        return Page(title: t("督导检查与发现问题", "Inspections and findings"), active: "inspections", body: """
            \(table.html)
            \(planForm)
            """)
    }

    /// An inspection's result with its corrections, or the form that records it (for an account that may).
    func inspectionResult(_ item: TypedRecord<Inspection>, corrections: [TypedRecord<Inspection>], _ t: Tr, csrf: String?,
                          failed: FailedForm<String>?) -> HTML {
        let body = item.body
        guard let held = body.heldOn else {
            guard let csrf else { return "\(t("计划中", "planned"))" }
            return resultForm(Link("/inspections", item.id, "result"), csrf: csrf, t, failed: failed?.form == "result:\(item.id)" ? failed : nil,
                              title: t("记录结果", "Record result"), defaultDate: nil)
        }
        func summary(_ version: Inspection) -> HTML {
            let mean = Int((version.meanScore ?? 0).rounded())
            let notes: HTML? = version.notes.map { "<br><span class=\"muted\">\(t("记录", "Notes")): \($0)</span>" }
            return "\(t("已实施 \(version.heldOn?.description ?? "")，平均 \(mean) 分，发现问题 \(version.findings.count) 个", "held \(version.heldOn?.description ?? ""), mean \(mean), \(version.findings.count) findings"))\(notes)"
        }
        var result: HTML = summary(body)
        for (index, correction) in corrections.enumerated() {
            result += "<div class=\"correction\"><b>\(t("更正 \(index + 1)", "Correction \(index + 1)"))</b>：\(summary(correction.body))</div>"
        }
        guard let csrf else { return result }
        let mine = failed?.form == "correct:\(item.id)" ? failed : nil
        let form = resultForm(Link("/inspections", item.id, "correction"), csrf: csrf, t, failed: mine, title: t("保存更正", "Save the correction"),
                              defaultDate: held)
        return "\(result)<details\(mine == nil ? "" : " open")><summary>\(t("更正结果", "Correct the result"))</summary>\(form)</details>"
    }

    /// The result form (also the correction's): date, a score per focus point, notes, findings.
    func resultForm(_ action: Link, csrf: String, _ t: Tr, failed: FailedForm<String>?, title: String, defaultDate: LocalDate?) -> HTML {
        let values = failed?.values ?? [:]
        let errors = failed?.errors ?? FormErrors()
        let scores = model.campaign.focusPoints.map { point in
            Field.checked(Field.number(point.id, name: "score-\(point.id)", value: values["score-\(point.id)"] ?? "", min: 0, max: 100, tooltip: t.text(point.title)), errors["score-\(point.id)"])
        }.joined(separator: " ")
        let notesLabel = defaultDate == nil ? t("检查记录", "Notes") : t("更正理由与记录", "Why it is corrected, and notes")
        return Form.post(action, csrf: csrf, classes: "result", """
            \(Field.checked(Field.date(t("实施日期", "Held on"), name: "heldOn", value: values["heldOn"] ?? defaultDate?.description ?? "",
                                       min: model.campaign.window.start.description, max: latestActionDate.description), errors["heldOn"]))
            <div class="scores">\(scores)</div>
            \(Field.checked(Field.textarea(notesLabel, name: "notes", value: values["notes"] ?? "", rows: 2), errors["notes"]))
            \(Field.checked(Field.textarea(t("发现问题", "Findings"), name: "findings", value: values["findings"] ?? "", rows: 2,
                                           placeholder: t("每行一个问题：问题 | 整改期限 YYYY-MM-DD | 责任人姓名", "one per line: problem | deadline YYYY-MM-DD | responsible person's name")),
                            errors["findings"]))
            \(Field.error(errors["form"]))
            \(Field.submit(title))
            """).html
    }
}
