import Benchmarking
import DudaoKernel
import DudaoTestSupport
import Evaluation
import Rectification
import Testing

/// 5.2's scores: the kernel's `Scoreboard` over the engine's cells, with the campaign file's weights.
@Suite("5.2 scoreboard")
struct EvaluationScoreboardTests {
    static let diligent = "school-no1-high", middling = "school-no2-high", lax = "school-no3-high"

    static func target(_ level: BenchmarkTarget.Level, _ day: String, achieved: Bool) -> BenchmarkTarget {
        BenchmarkTarget(title: "\(level.title.zh)目标", level: level, metric: "升学率", baseline: "80%", targetValue: "88%",
                        benchmarkPeer: "河南省实验中学", plan: "分层教学", responsiblePerson: "教务处 张老师", setOn: PhaseTestKit.date(day),
                        achieved: achieved, achievedOn: achieved ? PhaseTestKit.date("2017-11-30") : nil)
    }

    static func report(_ subject: ProgressReport.Subject, _ period: String, _ day: String) -> ProgressReport {
        RectificationTests.report(subject, period, on: day)
    }

    /// A year of three schools: one does everything on time, one late and partly, one hardly anything.
    static func year() throws -> [RecordEnvelope] {
        var maker = RecordMaker()
        var records: [RecordEnvelope] = []
        func add<B: RecordBody>(_ unit: String, _ body: B) -> RecordEnvelope {
            let record = maker.make(body, unit: unit)
            records.append(record)
            return record
        }
        // Diligent: both levels on time and achieved, project and targets closed in time, every report.
        let targets = [add(diligent, target(.province, "2017-04-10", achieved: true)), add(diligent, target(.city, "2017-04-12", achieved: true))]
        let project = add(diligent, RectificationTests.project(registered: "2017-04-20"))
        for item in try PhaseTestKit.ledgerItems(for: targets + [project], maker: &maker) {
            records += [item] + PhaseTestKit.close(item, on: "2017-09-20", maker: &maker)
        }
        for (quarter, day) in [("2017-Q2", "2017-07-03"), ("2017-Q3", "2017-10-03"), ("2017-Q4", "2018-01-03")] {
            _ = add(diligent, report(.rectification, quarter, day))
            _ = add(diligent, report(.target, quarter, day))
        }
        _ = add(diligent, RectificationTargetTests.plan(adopted: "2017-05-10"))
        _ = add(diligent, EvaluationTests.practice("2017-06-01"))
        _ = add(diligent, EvaluationTests.sheet("2018-01-20", score: 95))
        // Middling: late targets, one achieved; its project still open past its deadline; some reports late or missing.
        let middlingTargets = [add(middling, target(.province, "2017-04-25", achieved: true)), add(middling, target(.city, "2017-04-26", achieved: false))]
        let middlingProject = add(middling, RectificationTests.project(registered: "2017-06-10"))
        records += try PhaseTestKit.ledgerItems(for: middlingTargets + [middlingProject], maker: &maker)
        _ = add(middling, report(.rectification, "2017-Q2", "2017-07-08"))
        _ = add(middling, report(.rectification, "2017-Q3", "2017-10-03"))
        _ = add(middling, RectificationTargetTests.plan(adopted: "2017-06-05"))
        _ = add(middling, EvaluationTests.practice("2017-09-01"))
        _ = add(middling, EvaluationTests.sheet("2018-01-22", score: 75))
        // Lax: one province target, never achieved, nothing else but the bureau's sheet.
        records += try PhaseTestKit.ledgerItems(for: [add(lax, target(.province, "2017-04-15", achieved: false))], maker: &maker)
        _ = add(lax, EvaluationTests.sheet("2018-01-25", score: 50))
        return records
    }

    static func scores(_ campaign: Campaign? = nil) throws -> [UnitScore] {
        let harness = try PhaseTestKit.harness(campaign)
        let engine = harness.engine
        let records = try year()
        let asOf = PhaseTestKit.date("2018-02-28")
        let contexts = try [diligent, middling, lax].map { try PhaseTestKit.scoreContext(engine, unit: $0, records: records, asOf: asOf) }
        return Scoreboard.rank(contexts, parts: engine.registry.scoreParts,
                               weights: PhaseTestKit.weights(engine.registry, campaign: engine.campaign))
    }

    @Test func rankFollowsDiligence() throws {
        let scores = try Self.scores()
        #expect(scores.map(\.unit) == [Self.diligent, Self.middling, Self.lax])
        #expect(scores.map(\.rank) == [1, 2, 3])
        #expect(scores[0].total > scores[1].total && scores[1].total > scores[2].total)
    }

    @Test func partsAddUpToTheTotal() throws {
        for score in try Self.scores() {
            let sum = score.parts.reduce(0) { $0 + $1.points }
            #expect(abs(sum - score.total) < 0.011, "\(score.unit)")
        }
    }

    @Test func weightsComeFromTheFile() throws {
        let score = try #require(try Self.scores().first)
        let weights = Dictionary(uniqueKeysWithValues: score.parts.map { ($0.id, $0.weight) })
        #expect(weights == ["clauseCompliance": 40, "ledger": 20, "targets": 10, "inspections": 10])
        let targets = try Self.scores().map { score in score.parts.first { $0.id == "targets" }?.ratio }
        #expect(targets == [1, 0.5, 0])
        let diligentLedger = score.parts.first { $0.id == "ledger" }
        #expect(diligentLedger?.ratio == 1)
    }

    @Test func otherWeightsChangeTheScores() throws {
        let shipped = try Self.scores()
        let campaign = try Fixtures.campaign {
            Fixtures.setParameter(&$0, clause: "5.2", key: "weights",
                                  value: ["clauseCompliance": 10, "ledger": 10, "targets": 80, "inspections": 0])
        }
        let reweighted = try Self.scores(campaign)
        #expect(reweighted.map(\.unit) == [Self.diligent, Self.middling, Self.lax])
        #expect(reweighted.first { $0.unit == Self.middling }?.parts.first { $0.id == "targets" }?.weight == 80)
        #expect(reweighted.contains { $0.parts.contains { $0.id == "inspections" } } == false)
        for unit in [Self.middling, Self.lax] {
            #expect(reweighted.first { $0.unit == unit }?.total != shipped.first { $0.unit == unit }?.total, "\(unit)")
        }
        // The diligent school meets everything: full marks whatever the weights.
        #expect(reweighted.first?.total == 100)
    }
}
