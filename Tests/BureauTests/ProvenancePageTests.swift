import DudaoKernel
import Foundation
import Testing

/// Issue 15 on the bureau's pages: a cell's page shows the clause's words and every setting with
/// its source, and marks the campaign office's own settings (and deadlines) as not the plan's.
extension BureauServerTests {
    @Test(arguments: ["zh", "en"])
    func aCellPageTellsThePlansWordsFromTheOfficesSettings(language: String) async throws {
        let harness = try await BureauHarness.start()
        let cookie = try await harness.login("office", "office-password") + "; dudao_lang=\(language)"
        // 1.3's column date is the office's (the plan gives none); its weekly article quota is the plan's.
        let page = try await harness.get("/grid/cell?unit=school-no1-high&clause=1.3&at=2017-04-10", cookie: cookie)
        #expect(page.status == 200)
        let clause = try #require(harness.workspace.campaign.clause("1.3"))
        #expect(page.body.contains(clause.text))
        #expect(page.body.contains(language == "zh" ? "参数及来源" : "Settings and their sources"))
        #expect(page.body.contains("columnDueBy"))
        #expect(page.body.contains(language == "zh" ? "督导办设定，原文未规定" : "set by the campaign office, not in the plan"))
        for parameter in clause.sourcedParameters {
            if case .quote(let quote) = parameter.source { #expect(page.body.contains(quote), "\(parameter.name): \(quote)") }
        }
        // A deadline that is the office's own is marked where it is shown.
        #expect(page.body.contains(language == "zh" ? "期限为督导办设定，原文未规定" : "deadline set by the campaign office, not in the plan"))
        await harness.stop()
    }

    /// "5.2's ranking is computed from targets and milestones and its page says so", with the weights' owner named.
    @Test(arguments: ["zh", "en"])
    func theEvaluationPageSaysWhatItScoresAndWhoseWeightsTheyAre(language: String) async throws {
        let harness = try await BureauHarness.start()
        let cookie = try await harness.login("office", "office-password") + "; dudao_lang=\(language)"
        let page = try await harness.get("/evaluation?at=2017-12-31", cookie: cookie)
        #expect(page.status == 200)
        let assessment = try #require(harness.workspace.registry.assessments.first { $0.kind == .evaluation })
        let clause = try #require(harness.workspace.campaign.clause(assessment.clause))
        #expect(page.body.contains(clause.text))
        #expect(page.body.contains(language == "zh" ? "阶段性目标、总体目标" : "stage and overall targets"))
        #expect(page.body.contains(language == "zh" ? "权重为督导办设定，原文未规定" : "The weights are the campaign office"))
        #expect(!page.body.contains("权重来自活动文件"))
        await harness.stop()
    }
}
