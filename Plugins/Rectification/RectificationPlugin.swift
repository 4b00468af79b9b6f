import DudaoKernel

/// Phase 4, rectification and pushing work forward (问题整改、工作推进): clauses 4.1–4.4.
///
/// Major projects and targets are followed through the ledger; progress reports are due per
/// period of the unit kind's cadence (`reportPeriodByUnitKind`, with `graceDays`); bureau
/// leaders owe `visitsPerPeriod` visits per `period`, per leader or per leader and unit
/// (`quotaScope`). Every date, quota and cadence comes from the campaign file.
public struct RectificationPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "rectification", version: 1, title: LocalizedText(zh: "问题整改、工作推进", en: "Rectification"), clauses: ["4.1", "4.2", "4.3", "4.4"])

    public func register(in registrar: inout PluginRegistrar) {
        registrar.record(MajorProject.self, clauses: ["4.1"])
        registrar.record(ProgressReport.self, clauses: ["4.2", "4.3"])
        registrar.record(TargetPlan.self, clauses: ["4.3"])
        registrar.record(LeaderVisit.self, clauses: ["4.4"])

        registrar.rule(DeadlineRule<MajorProject>(
            id: "4.1/projects-registered", clause: "4.1",
            title: LocalizedText(zh: "梳理登记重大项目", en: "major projects registered"),
            dueBy: "registerBy", minimum: "minimumProjects", date: \.registeredOn))
        registrar.rule(OverdueProjectsRule())

        registrar.rule(Self.reports(.rectification, id: "4.2/progress-reports",
                                    title: LocalizedText(zh: "整改推进情况汇报", en: "rectification progress reports")))
        registrar.rule(LedgerClosureRule())

        registrar.rule(DeadlineRule<TargetPlan>(
            id: "4.3/target-plan", clause: "4.3",
            title: LocalizedText(zh: "制定目标实施方案", en: "target implementation plan adopted"),
            dueBy: "planDueBy", countsFromCampaignStart: true, date: \.adoptedOn))
        registrar.rule(Self.reports(.target, id: "4.3/target-reports",
                                    title: LocalizedText(zh: "目标推进情况汇报", en: "target progress reports")))

        registrar.rule(PersonQuotaRule<LeaderVisit>(
            id: "4.4/leader-visits", clause: "4.4",
            title: LocalizedText(zh: "局领导督导调研次数", en: "bureau leaders' supervision visits"),
            period: "period", minimum: "visitsPerPeriod", scope: "quotaScope",
            date: \.visitedOn, people: { [$0.leader] }))

        registrar.scorePart(StageTargetScore.part)
        // 4.2/4.3: "…每月向党组汇报一次…并纳入科室季评；…每季度…汇报一次…并纳入基层党建考核" — a report
        // handed to those ratings, not part of 5.2's assessment.
        registrar.scorePart(QuarterlyReportScore.part)
        registrar.assessment(Assessment(
            id: "quarterly-rating", kind: .report, clause: "4.2",
            title: LocalizedText(zh: "推进情况汇报（纳入科室季评、基层党建考核）",
                                 en: "progress reports (for the offices' quarterly rating and the Party-building assessment)"),
            weightsKey: "quarterlyRatingParts"))
        registrar.supervisionEvent(LeaderVisit.self, date: { $0.visitedOn })
        registrar.index("leader", of: LeaderVisit.recordType)
        registrar.report(RectificationReport.section)
        registrar.simulate(Self.simulation)
    }

    /// Progress reports on `subject`, one per period of the unit kind's cadence, due `graceDays` after it.
    static func reports(_ subject: ProgressReport.Subject, id: String, title: LocalizedText) -> QuotaRule<ProgressReport> {
        QuotaRule<ProgressReport>(
            id: id, clause: subject.clause, title: title, period: ProgressReport.periodKey, graceDays: "graceDays",
            date: \.submittedOn, periodLabel: { $0.period }, where: { record, _ in record.body.subject == subject })
    }
}
