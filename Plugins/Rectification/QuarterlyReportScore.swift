import DudaoKernel

/// Score part `progressReports`: 4.2's and 4.3's progress reports for the last quarter ended by the date, the
/// part the plan hands on: "机关各科室、各直属机构每月向党组汇报一次…并纳入科室季评；局属各单位每季度
/// …汇报一次…并纳入基层党建考核".
///
/// The rating itself (科室季评, 基层党建考核) is the Party group's; Dudao reports what it is given.
/// The quarter rated is the last one that ended on or before the date: a 季评 is taken after its
/// quarter, once the last month's report has had its grace days (a rating on 2017-07-10 rates Q2).
/// ratio = reports on time / reports due, over the report periods ending in that quarter whose deadline has
/// passed by the date, or that are already filed (a monthly office owes three a quarter, a school
/// one). A report filed late counts as not on time, and is shown as late; reports not yet due are
/// named, so a rating taken before the quarter's last deadline says it is partial.
enum QuarterlyReportScore {
    static let rules: Set<String> = ["4.2/progress-reports", "4.3/target-reports"]

    static let part = ScorePart(
        id: "progressReports", title: LocalizedText(zh: "本季度推进情况汇报", en: "progress reports this quarter"), measure: measure)

    @Sendable static func measure(_ context: ScoreContext) -> ScoreMeasure {
        let current = context.calendar.period(.quarter, containing: context.asOf.adding(days: 1))
        let quarter = context.calendar.period(.quarter, containing: current.start.adding(days: -1))
        let quarterCells = context.cells.filter { rules.contains($0.rule) && quarter.contains($0.period.end) && $0.state != .notApplicable }
        let cells = quarterCells.filter { $0.state != .due }
        let pending = quarterCells.count - cells.count
        guard !cells.isEmpty else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(
                zh: "\(quarter.label) 尚无到期的推进情况汇报", en: "no progress report fell due in \(quarter.label)"))
        }
        var pendingText = LocalizedText(zh: "", en: "")
        if pending > 0 {
            pendingText = LocalizedText(zh: "；另有 \(pending) 次尚未到期", en: "; \(pending) more not yet due")
        }
        let onTime = cells.filter { $0.state == .met }.count
        let late = cells.filter { $0.state == .metLate }.count
        let missing = cells.count - onTime - late
        return ScoreMeasure(ratio: Double(onTime) / Double(cells.count), explanation: LocalizedText(
            zh: "\(quarter.label) 应汇报 \(cells.count) 次：按时 \(onTime) 次，逾期 \(late) 次，未报 \(missing) 次\(pendingText.zh)",
            en: "\(quarter.label): \(cells.count) reports due, \(onTime) on time, \(late) late, \(missing) missing\(pendingText.en)"))
    }
}
