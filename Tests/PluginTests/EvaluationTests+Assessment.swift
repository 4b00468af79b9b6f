import Benchmarking
import DudaoKernel
import DudaoTestSupport
import Evaluation
import Publicity
import Rectification
import Testing

/// 5.2 as the plan has it, "对局属各单位争先进位阶段性目标、总体目标完成情况进行考核评价": the stage goals of
/// the target plans and the overall targets, each part explained; 1.3's articles are a report of their
/// own; a combined ranking is the office's, its weights labelled as such.
@Suite("5.2 assessment of the targets")
struct EvaluationAssessmentTests {
    static let unit = "school-no1-high"

    static func plan(_ goals: [(due: String, reached: String?)]) -> TargetPlan {
        TargetPlan(target: "target-1",
                   milestones: goals.enumerated().map { index, goal in
                       TargetPlan.Milestone(title: "阶段性目标 \(index + 1)", dueOn: PhaseTestKit.date(goal.due), responsiblePerson: "王晓明",
                                            achievedOn: goal.reached.map(PhaseTestKit.date))
                   },
                   measures: ["集体备课"], adoptedOn: PhaseTestKit.date("2017-05-10"))
    }

    static func context(_ bodies: [any RecordBody], asOf: String) throws -> ScoreContext {
        var maker = RecordMaker()
        let records = bodies.map { maker.make($0, unit: unit) }
        return try PhaseTestKit.scoreContext(try PhaseTestKit.harness().engine, unit: unit, records: records,
                                             asOf: PhaseTestKit.date(asOf))
    }

    /// The four plugins whose parts and assessments 5.2 and 1.3 involve.
    static func registry() throws -> PluginRegistry {
        try PluginRegistry(plugins: [PublicityPlugin(), BenchmarkingPlugin(), RectificationPlugin(), EvaluationPlugin()])
    }

    static func part(_ id: String) throws -> ScorePart {
        try #require(try PhaseTestKit.harness().engine.registry.scoreParts.first { $0.id == id })
    }

    struct StageCase: Sendable, CustomTestStringConvertible {
        var name: String
        var goals: [(due: String, reached: String?)]
        var asOf: String
        var expected: Double?
        var testDescription: String { name }
    }

    static let stageCases = [
        StageCase(name: "阶段性目标 reached on time", goals: [("2017-08-31", "2017-08-20"), ("2017-12-31", "2017-12-20")],
                  asOf: "2017-12-31", expected: 1),
        StageCase(name: "阶段性目标 reached late counts half", goals: [("2017-08-31", "2017-09-20"), ("2017-12-31", "2017-12-20")],
                  asOf: "2017-12-31", expected: 0.75),
        StageCase(name: "阶段性目标 not reached", goals: [("2017-08-31", nil), ("2017-12-31", nil)], asOf: "2017-12-31", expected: 0),
        StageCase(name: "阶段性目标 not yet due: nothing to judge", goals: [("2017-08-31", nil)], asOf: "2017-07-01", expected: nil),
        StageCase(name: "阶段性目标 reached after the date assessed", goals: [("2017-08-31", "2017-09-20")], asOf: "2017-09-01",
                  expected: 0),
    ]

    @Test("阶段性目标…完成情况: the stage goals that fell due", arguments: stageCases)
    func stageGoals(_ c: StageCase) throws {
        let measure = try Self.part("stageTargets").measure(try Self.context([Self.plan(c.goals)], asOf: c.asOf))
        #expect(measure.ratio == c.expected, "\(measure.explanation.zh)")
        #expect(!measure.explanation.zh.isEmpty)
    }

    @Test("总体目标完成情况: the overall targets reached")
    func overallTargets() throws {
        let targets = [EvaluationScoreboardTests.target(.province, "2017-04-10", achieved: true),
                       EvaluationScoreboardTests.target(.city, "2017-04-12", achieved: false)]
        let measure = try Self.part("targets").measure(try Self.context(targets, asOf: "2017-12-31"))
        #expect(measure.ratio == 0.5)
        #expect(measure.explanation.zh == "目标 2 项，已实现 1 项")
    }

    @Test("5.2's assessment weighs the stage and overall targets only, with the office's split labelled")
    func theAssessmentIsOfTheTargets() throws {
        let campaign = try Fixtures.campaign()
        let registry = try Self.registry()
        #expect(registry.scoreParts.contains { $0.id == "articles" })
        let assessment = try #require(registry.assessments.first { $0.kind == .evaluation })
        #expect(assessment.clause == "5.2")
        #expect(assessment.weights(in: campaign) == ["stageTargets": 50, "targets": 50])
        // The plan does not weigh the two: the split is the office's, and says so.
        #expect(assessment.weightsAreTheOfficesOwn(in: campaign))
        let bodies: [any RecordBody] = [
            EvaluationScoreboardTests.target(.province, "2017-04-10", achieved: true),
            Self.plan([("2017-08-31", "2017-08-20"), ("2017-12-31", nil)]),
            ArticleSubmission(title: "简讯", submittedOn: PhaseTestKit.date("2017-04-12")),
        ]
        let score = Scoreboard.score(try Self.context(bodies, asOf: "2017-12-31"), parts: registry.scoreParts,
                                     weights: assessment.weights(in: campaign))
        #expect(Set(score.parts.map(\.id)) == ["stageTargets", "targets"], "1.3's articles are not in 5.2's assessment")
        #expect(score.total == 75)
    }

    @Test("报送及采用情况纳入年终党建工作考核: 1.3 is its own report, quoted from its clause")
    func articlesAreTheirOwnReport() throws {
        let campaign = try Fixtures.campaign()
        let registry = try Self.registry()
        let report = try #require(registry.assessments.first { $0.kind == .report })
        #expect(report.clause == "1.3")
        #expect(report.weights(in: campaign) == ["articles": 100])
        #expect(report.weightsSource(in: campaign) == .quote("报送及采用情况纳入年终党建工作考核"))
        let ranking = try #require(registry.assessments.first { $0.kind == .ranking })
        #expect(ranking.weightsAreTheOfficesOwn(in: campaign), "a combined ranking's weights are the office's own")
    }
}
