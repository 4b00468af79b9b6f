import DudaoKernel
import DudaoTestSupport
import Foundation
import SelfInspection
import Testing

/// 2.3 and 2.5 as the plan words them; each case is named by the phrase it enforces.
@Suite("SelfInspection: the plan's words")
struct SelfInspectionPlanTests {
    static let attendance = "2.5/leader-attendance", unitLeaders = "2.5/unit-leaders-attend"
    static let channels = "2.3/channels"

    static func meeting(_ kind: String, _ on: String, leaders: [String] = [], unitLeaders: [String]? = nil) -> LifeMeeting {
        LifeMeeting(kind: kind, heldOn: Fixtures.date(on), attendingLeaders: leaders, attendingUnitLeaders: unitLeaders,
                    measures: ["建立班子成员联系年级制度"])
    }

    struct LeaderCase: Sendable, CustomTestStringConvertible {
        var phrase: String
        var unit: String
        var meeting: LifeMeeting
        var expected: [Verdict]
        var testDescription: String { phrase }
    }

    @Test("局班子成员至少参加1个分包单位的民主生活会", arguments: [
        LeaderCase(phrase: "民主生活会 of an assigned unit: met", unit: "school-art",
                   meeting: SelfInspectionPlanTests.meeting("democratic-life", "2017-06-10", leaders: ["leader-5"]), expected: [.met]),
        LeaderCase(phrase: "组织生活会 only: not met (the demo's leader-5 before the fix)", unit: "school-art",
                   meeting: SelfInspectionPlanTests.meeting("organisational-life", "2017-06-10", leaders: ["leader-5"]), expected: [.overdue]),
        LeaderCase(phrase: "民主生活会 of an office in charge, not a 分包单位: not met", unit: "office-policy",
                   meeting: SelfInspectionPlanTests.meeting("democratic-life", "2017-06-10", leaders: ["leader-5"]), expected: [.overdue]),
    ])
    func leaderAttendsADemocraticLifeMeeting(_ c: LeaderCase) throws {
        let records = SelfInspectionTests.records(c.unit, [c.meeting])
        #expect(try SelfInspectionTests.leaderVerdicts(leader: "leader-5", rule: Self.attendance, records: records,
                                                       asOf: "2017-07-01") == c.expected)
    }

    @Test("各单位领导干部要参加党员组织生活会", arguments: [
        ("组织生活会 with the unit's leaders recorded", [SelfInspectionPlanTests.meeting("organisational-life", "2017-06-10", unitLeaders: ["head-art"])],
         "2017-07-01", [Verdict.met]),
        ("组织生活会 without its leaders recorded", [SelfInspectionPlanTests.meeting("organisational-life", "2017-06-10")], "2017-07-01", [.overdue]),
        ("民主生活会 does not stand for it", [SelfInspectionPlanTests.meeting("democratic-life", "2017-06-10", unitLeaders: ["head-art"])], "2017-07-01",
         [.overdue]),
        ("not yet, in time", [], "2017-06-20", [.due(10)]),
    ])
    func unitLeadersAttendTheirOrganisationalLifeMeeting(_ name: String, meetings: [LifeMeeting], asOf: String,
                                                        expected: [Verdict]) throws {
        let records = SelfInspectionTests.records("school-art", meetings)
        #expect(try SelfInspectionTests.verdicts(unit: "school-art", rule: Self.unitLeaders, records: records, asOf: asOf) == expected,
                "\(name)")
    }

    @Test("局机关、各单位都要设置和公布专用邮箱、举报电话、意见箱", arguments: [
        ("office-campaign", true), ("school-no1-high", true), ("inst-audio-visual", true), ("office-finance", false),
    ])
    func theBureauItselfIsBoundByTheAppealChannels(unit: String, bound: Bool) throws {
        let verdicts = try SelfInspectionTests.verdicts(unit: unit, rule: Self.channels, records: [], asOf: "2017-05-01")
        #expect(verdicts == (bound ? [.overdue] : [.notApplicable]), "\(unit)")
    }
}
