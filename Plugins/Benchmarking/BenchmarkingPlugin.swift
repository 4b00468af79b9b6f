import DudaoKernel

/// Phase 3, raising the benchmark (拉高标杆、争先创优): first-class targets (clause 3.1).
///
/// Rules: at least one target by the clause's `dueBy`, and the levels that
/// `levelsByUnitKind` requires of the unit's kind. Score part `targets`: the share of
/// targets achieved. Every date and level comes from the campaign file.
public struct BenchmarkingPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "benchmarking", version: 1, title: LocalizedText(zh: "拉高标杆、争先创优", en: "Benchmarking"), clauses: ["3.1"])

    public func register(in registrar: inout PluginRegistrar) {
        registrar.record(BenchmarkTarget.self, clauses: ["3.1"])
        registrar.rule(DeadlineRule<BenchmarkTarget>(
            id: "3.1/targets-set", clause: "3.1",
            title: LocalizedText(zh: "按期制定争先创优目标", en: "first-class targets set in time"),
            dueBy: "dueBy", countsFromCampaignStart: true, date: \.setOn))
        registrar.rule(CoverageRule<BenchmarkTarget>(
            id: "3.1/target-levels", clause: "3.1",
            title: LocalizedText(zh: "目标覆盖全省、全市可比层级", en: "targets at every required level of comparison"),
            required: "levelsByUnitKind", dueBy: "dueBy", countsFromCampaignStart: true, date: \.setOn,
            covers: { [$0.level.rawValue] }))
        registrar.scorePart(Self.targetsPart)
        registrar.report(Self.targetsReport)
        registrar.simulate(Self.simulation)
    }

    /// Score part `targets`, 5.2's "总体目标完成情况": achieved targets over targets set; nothing to
    /// judge without targets.
    public static let targetsPart = ScorePart(
        id: "targets", title: LocalizedText(zh: "总体目标完成", en: "overall targets achieved"), defaultWeight: 10
    ) { context in
        let targets = context.records(BenchmarkTarget.self).filter { $0.body.setOn <= context.asOf }
        guard !targets.isEmpty else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "未制定目标", en: "no target set"))
        }
        let achieved = targets.filter { $0.body.isAchieved(asOf: context.asOf) }.count
        return ScoreMeasure(
            ratio: Double(achieved) / Double(targets.count),
            explanation: LocalizedText(zh: "目标 \(targets.count) 项，已实现 \(achieved) 项",
                                       en: "\(targets.count) targets, \(achieved) achieved"))
    }

    /// The unit's targets, one row each, in the order they were set.
    public static let targetsReport = ReportSection(
        id: "benchmarking/targets", clause: "3.1", title: LocalizedText(zh: "争先创优目标", en: "First-class targets")
    ) { context in
        let language = context.language
        let headers = [
            LocalizedText(zh: "条款", en: "Clause"), LocalizedText(zh: "目标", en: "Target"),
            LocalizedText(zh: "层级", en: "Level"), LocalizedText(zh: "指标", en: "Metric"),
            LocalizedText(zh: "现状 → 目标值", en: "Baseline → target"), LocalizedText(zh: "标杆", en: "Benchmark peer"),
            LocalizedText(zh: "制定日期", en: "Set on"), LocalizedText(zh: "完成情况", en: "Achieved"),
        ]
        let rows = context.records(BenchmarkTarget.self).sorted { ($0.body.setOn, $0.id) < ($1.body.setOn, $1.id) }.map { record in
            let target = record.body
            let status: LocalizedText = switch target.achieved {
            case true?: LocalizedText(zh: "已实现", en: "achieved")
            case false?: LocalizedText(zh: "未实现", en: "not achieved")
            case nil: LocalizedText(zh: "进行中", en: "in progress")
            }
            return ["3.1", target.title, target.level.title(language), target.metric,
                    "\(target.baseline) → \(target.targetValue)", target.benchmarkPeer,
                    target.setOn.description, status(language) + (target.achievedOn.map { " \($0)" } ?? "")]
        }
        return ReportTable(columns: headers.map { $0(language) }, rows: rows)
    }
}
