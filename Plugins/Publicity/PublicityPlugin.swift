import DudaoKernel

/// Phase 1 of the plan (宣传发动、学习教育): mobilisation, study, publicity and the big discussion,
/// clauses 1.1–1.4.
///
/// Every date, quota and option list comes from the clauses' parameters in the campaign file;
/// a campaign that changes them needs no change here.
public struct PublicityPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "publicity", version: 1, title: LocalizedText(zh: "宣传发动、学习教育", en: "Publicity and study"),
        clauses: ["1.1", "1.2", "1.3", "1.4"])

    public func register(in registrar: inout PluginRegistrar) {
        registrar.record(MobilisationMeeting.self, clauses: [MobilisationMeeting.clause])
        registrar.record(StudySession.self, clauses: [StudySession.clause])
        registrar.record(WebsiteColumn.self, clauses: [WebsiteColumn.clause])
        registrar.record(ArticleSubmission.self, clauses: [ArticleSubmission.clause])
        registrar.record(ArticleAdoption.self, clauses: [ArticleAdoption.clause])
        registrar.record(DiscussionActivity.self, clauses: [DiscussionActivity.clause])
        registrar.record(Reflection.self, clauses: [Reflection.clause])
        for rule in PublicityRules.all { registrar.rule(rule) }
        registrar.scorePart(ArticleScore.part)
        // 1.3: "报送及采用情况纳入年终党建工作考核" — its own report, not part of 5.2's assessment.
        registrar.assessment(Assessment(
            id: "party-building", kind: .report, clause: ArticleScore.clause,
            title: LocalizedText(zh: "稿件报送及采用情况（纳入年终党建工作考核）",
                                 en: "articles submitted and adopted (for the year-end Party-building assessment)"),
            weightsKey: "partyBuildingParts"))
        registrar.report(PublicityReport.section)
        registrar.index("author", of: Reflection.recordType)
        registrar.index("article", of: ArticleAdoption.recordType)
        registrar.simulate(Self.simulation)
    }
}
