import DudaoKernel
import DudaoTestSupport
import HomeVisits
import Testing

/// Clause 6.1, checked against the campaign file that has it.
@Suite struct HomeVisitsTests {
    static let campaignFile = Fixtures.packageRoot.appendingPathComponent("campaigns/home-visits-example.json").path

    @Test func conformsAgainstItsCampaign() throws {
        #expect(PluginConformance.failures(of: HomeVisitsPlugin(), campaignFile: Self.campaignFile) == [])
    }

    /// `minimumPerPeriod` records meet the first period; one fewer leaves the second overdue.
    @Test func theQuotaIsCountedPerPeriod() throws {
        let campaign = try CampaignLoader.load(contentsOf: Self.campaignFile)
        let clause = try #require(campaign.clause("6.1"))
        let unit = try #require(campaign.units.first { clause.applies(to: $0) })
        let kind = try #require(clause.periodKind("period", for: unit))
        let minimum = try #require(clause.int("minimumPerPeriod"))
        let periods = try campaign.calendar().periods(kind, overlapping: clause.window)
        try #require(periods.count >= 3)
        var maker = RecordMaker()
        var records: [RecordEnvelope] = []
        for _ in 0..<minimum {
            records.append(maker.make(HomeVisit(heldOn: periods[0].end, content: "第一期"), unit: unit.id))
        }
        for _ in 0..<(minimum - 1) {
            records.append(maker.make(HomeVisit(heldOn: periods[1].start, content: "第二期"), unit: unit.id))
        }
        let harness = try RuleHarness(campaign: campaign, plugins: [HomeVisitsPlugin()])
        let states = harness.states(unit.id, clause: "6.1", records: records, asOf: periods[2].start.description)
        #expect(states == [.met, .overdue, .due])
    }
}
