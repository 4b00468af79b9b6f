import DudaoKernel

/// Score part `stageTargets` (5.2's "争先进位阶段性目标…完成情况"): the stage goals (阶段性目标) of the
/// unit's target plans (4.3) that fell due by the date, and whether each was reached in time.
///
/// ratio = (reached on time + ½ × reached late) / due. The unit's target progress reports (4.3)
/// are counted in the explanation, as the office reads them beside the goals.
enum StageTargetScore {
    static let part = ScorePart(
        id: "stageTargets", title: LocalizedText(zh: "阶段性目标完成", en: "stage targets reached"),
        // 0: weighed in 5.2's target assessment (`targetParts`); in the ranking only where the campaign names it.
        defaultWeight: 0, measure: measure)

    @Sendable static func measure(_ context: ScoreContext) -> ScoreMeasure {
        let plans = context.records(TargetPlan.self).filter { $0.body.adoptedOn <= context.asOf }
        let due = plans.flatMap(\.body.milestones).filter { $0.dueOn <= context.asOf }
        let reports = context.records(ProgressReport.self)
            .filter { $0.body.subject == .target && $0.body.submittedOn <= context.asOf }.count
        guard !due.isEmpty else {
            let why = plans.isEmpty ? LocalizedText(zh: "未制定目标实施方案", en: "no target plan adopted")
                : LocalizedText(zh: "尚无到期的阶段性目标", en: "no stage goal due yet")
            return ScoreMeasure(ratio: nil, explanation: why)
        }
        let reached = due.filter { $0.achievedOn.map { $0 <= context.asOf } ?? false }
        let onTime = reached.filter { $0.achievedOn! <= $0.dueOn }.count
        let late = reached.count - onTime
        let ratio = (Double(onTime) + 0.5 * Double(late)) / Double(due.count)
        return ScoreMeasure(ratio: ratio, explanation: LocalizedText(
            zh: "到期阶段性目标 \(due.count) 项：按期完成 \(onTime)，逾期完成 \(late)（计半），未完成 \(due.count - reached.count)；目标推进汇报 \(reports) 份",
            en: "\(due.count) stage goals due: \(onTime) reached on time, \(late) late (half), \(due.count - reached.count) not reached; \(reports) target progress reports"))
    }
}
