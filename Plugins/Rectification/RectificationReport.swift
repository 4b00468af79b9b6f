import DudaoKernel

/// The unit's rectification records, one row each, by clause and date.
enum RectificationReport {
    static let section = ReportSection(
        id: "rectification/records", clause: nil, title: LocalizedText(zh: "问题整改、工作推进", en: "Rectification and work pushed forward")
    ) { context in
        let language = context.language
        var rows: [(clause: String, date: LocalDate, id: String, cells: [String])] = []
        func add(_ clause: String, _ type: LocalizedText, _ date: LocalDate, _ id: String, _ content: String, _ details: LocalizedText) {
            rows.append((clause, date, id, [clause, type(language), date.description, content, details(language)]))
        }
        for record in context.records(MajorProject.self) {
            let project = record.body
            let person = context.campaign.person(project.leadLeader)?.name ?? project.leadLeader
            add("4.1", MajorProject.title, project.registeredOn, record.id, project.title, LocalizedText(
                zh: "牵头领导：\(person)；责任部门：\(project.department)；时限：\(project.deadline)",
                en: "lead: \(person); department: \(project.department); time limit: \(project.deadline)"))
        }
        for record in context.records(ProgressReport.self) {
            let report = record.body
            add(report.subject.clause, ProgressReport.title, report.submittedOn, record.id, report.summary, LocalizedText(
                zh: "\(report.subject.title.zh)，报告期 \(report.period)，涉及台账 \(report.itemsCovered.count) 项",
                en: "\(report.subject.title.en), period \(report.period), \(report.itemsCovered.count) ledger items"))
        }
        for record in context.records(TargetPlan.self) {
            let plan = record.body
            add("4.3", TargetPlan.title, plan.adoptedOn, record.id, plan.measures.joined(separator: "；"), LocalizedText(
                zh: "阶段目标 \(plan.milestones.count) 个，最后时限 \(plan.milestones.map(\.dueOn).max()?.description ?? "—")",
                en: "\(plan.milestones.count) milestones, last due \(plan.milestones.map(\.dueOn).max()?.description ?? "—")"))
        }
        for record in context.records(LeaderVisit.self) {
            let visit = record.body
            let leader = context.campaign.person(visit.leader)?.name ?? visit.leader
            add("4.4", LeaderVisit.title, visit.visitedOn, record.id,
                (visit.findings + visit.problemsSolved).joined(separator: "；"), LocalizedText(
                    zh: "\(leader)，\(visit.announced ? "明查" : "暗访")，发现问题 \(visit.findings.count) 个，解决问题 \(visit.problemsSolved.count) 个",
                    en: "\(leader), \(visit.announced ? "announced" : "unannounced"), \(visit.findings.count) findings, \(visit.problemsSolved.count) problems solved"))
        }
        rows.sort { ($0.clause, $0.date, $0.id) < ($1.clause, $1.date, $1.id) }
        return ReportTable(columns: ReportTable.recordColumns(language), rows: rows.map(\.cells))
    }
}
