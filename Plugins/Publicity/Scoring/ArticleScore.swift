import DudaoKernel

/// The `articles` score part (1.3's "报送及采用情况纳入年终党建工作考核", reported for the year-end
/// Party-building assessment, not 5.2's): articles submitted, plus a bonus per adoption, against
/// the articles the finished periods called for.
///
/// ratio = min(1, (submitted + bonus × adopted) / expected), where expected is the number of
/// `submissionPeriod` periods that ended before the date times `minimumPerPeriod`, and bonus is
/// the campaign parameter `articleAdoptionBonus` (clause 1.3 in the shipped file, an assumption
/// of the office; 0 when absent).
enum ArticleScore {
    static let clause = "1.3"
    static let bonusKey = "articleAdoptionBonus"

    static let part = ScorePart(id: "articles", title: LocalizedText(zh: "稿件报送与采用", en: "articles submitted and adopted"),
                                defaultWeight: 15, measure: measure)

    @Sendable static func measure(_ context: ScoreContext) -> ScoreMeasure {
        guard let clause = context.campaign.clause(clause), clause.applies(to: context.unit) else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "本单位无报送稿件要求", en: "no article quota for this unit"))
        }
        guard let kind = clause.periodKind("submissionPeriod", for: context.unit) else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "本类单位无报送周期", en: "no submission period for this kind of unit"))
        }
        let minimum = clause.int("minimumPerPeriod") ?? 1
        let ended = context.calendar.periods(kind, overlapping: clause.window).filter { $0.end < context.asOf }
        let expected = ended.count * minimum
        guard expected > 0 else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "尚无到期的报送周期", en: "no submission period has ended yet"))
        }
        let submissions = context.records(ArticleSubmission.self).filter {
            clause.window.contains($0.body.submittedOn) && $0.body.submittedOn <= context.asOf
        }
        let submitted = Set(submissions.map(\.id))
        let adopted = Set(context.records(ArticleAdoption.self)
            .filter { $0.body.adoptedOn <= context.asOf && submitted.contains($0.body.article) }
            .map(\.body.article)).count
        let bonus = context.campaign.clauses.lazy.compactMap { $0.parameters[bonusKey]?.doubleValue }.first ?? 0
        let ratio = min(1, (Double(submitted.count) + bonus * Double(adopted)) / Double(expected))
        let bonusText = bonus.rounded() == bonus ? String(Int(bonus)) : String(bonus)
        return ScoreMeasure(ratio: ratio, explanation: LocalizedText(
            zh: "报送 \(submitted.count) 篇，被采用 \(adopted) 篇（每篇折合 \(bonusText) 篇），应报 \(expected) 篇（\(ended.count) 个周期，每期 \(minimum) 篇）",
            en: "\(submitted.count) submitted, \(adopted) adopted (each worth \(bonusText)), \(expected) expected (\(ended.count) periods × \(minimum))"))
    }
}
