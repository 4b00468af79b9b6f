import DudaoKernel

/// Phase 5, assessment and lasting institutions (考核评价、建章立制): clauses 5.1 and 5.2.
///
/// Rules: at least `minimumPractices` practices by the end of 5.1's window, and a score sheet
/// for every unit 5.2 binds within its window.
///
/// Assessments: 5.2's own, "对局属各单位争先进位阶段性目标、总体目标完成情况进行考核评价", from the
/// stage goals of the units' target plans and their overall targets, weighted by the 5.2 parameter
/// `targetParts`; and the office's combined ranking of everything (clauses, ledger, articles,
/// targets, inspections, appeals), weighted by `weights` — the office's own weights, which the
/// campaign file marks as an assumption and every output shows as such.
public struct EvaluationPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "evaluation", version: 1, title: LocalizedText(zh: "考核评价、建章立制", en: "Assessment and institutions"), clauses: ["5.1", "5.2"])

    public func register(in registrar: inout PluginRegistrar) {
        registrar.record(Practice.self, clauses: ["5.1"])
        registrar.record(ScoreSheet.self, clauses: ["5.2"])
        registrar.rule(DeadlineRule<Practice>(
            id: "5.1/practices", clause: "5.1",
            title: LocalizedText(zh: "形成长效制度机制", en: "lasting practices adopted"),
            minimum: "minimumPractices", date: \.adoptedOn))
        registrar.rule(DeadlineRule<ScoreSheet>(
            id: "5.2/score-sheet", clause: "5.2",
            title: LocalizedText(zh: "完成考核评价", en: "unit assessed"),
            date: \.assessedOn))
        registrar.assessment(Assessment(
            id: "target-completion", kind: .evaluation, clause: "5.2",
            title: LocalizedText(zh: "争先进位阶段性目标、总体目标完成情况考核", en: "assessment of the stage and overall targets"),
            weightsKey: "targetParts"))
        registrar.assessment(Assessment(
            id: "office-ranking", kind: .ranking, clause: "5.2",
            title: LocalizedText(zh: "督导办综合排名（自定权重）", en: "the campaign office's combined ranking (its own weights)"),
            weightsKey: "weights"))
        registrar.scoreWeights(clause: "5.2", key: "weights")
        registrar.report(Self.recordsReport)
        registrar.simulate(Self.simulation)
    }

    /// The unit's practices and score sheets, one row each, by clause and date.
    public static let recordsReport = ReportSection(
        id: "evaluation/records", clause: nil, title: LocalizedText(zh: "考核评价、建章立制", en: "Assessment and institutions")
    ) { context in
        let language = context.language
        let headers = [
            LocalizedText(zh: "条款", en: "Clause"), LocalizedText(zh: "记录", en: "Record"),
            LocalizedText(zh: "日期", en: "Date"), LocalizedText(zh: "内容", en: "Content"),
            LocalizedText(zh: "说明", en: "Details"),
        ]
        let practices = context.records(Practice.self).sorted { ($0.body.adoptedOn, $0.id) < ($1.body.adoptedOn, $1.id) }.map {
            ["5.1", Practice.title(language), $0.body.adoptedOn.description, $0.body.title,
             $0.body.kind.title(language) + (language == .zh ? "：" : ": ") + $0.body.document]
        }
        let sheets = context.records(ScoreSheet.self).sorted { ($0.body.assessedOn, $0.id) < ($1.body.assessedOn, $1.id) }.map {
            let sheet = $0.body
            let details = LocalizedText(
                zh: "得分 \(sheet.finalScore)；阶段性目标完成 \(sheet.stageTargetsMet) 项，总体目标完成 \(sheet.overallTargetsMet) 项",
                en: "score \(sheet.finalScore); \(sheet.stageTargetsMet) stage targets and \(sheet.overallTargetsMet) overall targets met")
            return ["5.2", ScoreSheet.title(language), sheet.assessedOn.description, sheet.comment, details(language)]
        }
        return ReportTable(columns: headers.map { $0(language) }, rows: practices + sheets)
    }
}
