import DudaoKernel

/// The bureau's signed end-of-campaign assessment of one unit (考核评价, clause 5.2), recorded in
/// 2018-01/02 (rule `5.2/score-sheet`): how many stage and overall targets it met, the final score and
/// a comment; the record's unit is the one assessed. Dudao computes the same assessment from the
/// unit's targets and plans (`report evaluation`, parts `stageTargets` and `targets`); the sheet is
/// what the office signs after checking it, and the unit's report shows both.
public struct ScoreSheet: RecordBody, Hashable {
    public static let recordType = "evaluation/score-sheet"
    public static let title = LocalizedText(zh: "考核评价表", en: "score sheet")
    public static let writers = RecordWriters.bureau

    /// The largest count of targets a sheet may report; anything above is a typing error.
    public static let maximumTargets = 999

    public var assessedOn: LocalDate
    /// Stage targets met (阶段性目标).
    public var stageTargetsMet: Int
    /// Overall targets met (总体目标).
    public var overallTargetsMet: Int
    public var comment: String
    /// 0 … 100.
    public var finalScore: Double

    public init(assessedOn: LocalDate, stageTargetsMet: Int, overallTargetsMet: Int, comment: String, finalScore: Double) {
        self.assessedOn = assessedOn
        self.stageTargetsMet = stageTargetsMet
        self.overallTargetsMet = overallTargetsMet
        self.comment = comment
        self.finalScore = finalScore
    }

    public static var example: ScoreSheet {
        ScoreSheet(assessedOn: LocalDate(year: 2018, month: 1, day: 20)!, stageTargetsMet: 4, overallTargetsMet: 2,
                   comment: "阶段性目标全部完成，总体目标基本完成，台账销号及时", finalScore: 88.5)
    }

    public func validate(_ check: inout RecordCheck) {
        check.date(assessedOn, at: "assessedOn", inWindowOf: "5.2")
        check.number(stageTargetsMet, in: 0...Self.maximumTargets, at: "stageTargetsMet")
        check.number(overallTargetsMet, in: 0...Self.maximumTargets, at: "overallTargetsMet")
        check.nonEmpty(comment, at: "comment")
        check.number(finalScore, in: 0...100, at: "finalScore")
    }
}
