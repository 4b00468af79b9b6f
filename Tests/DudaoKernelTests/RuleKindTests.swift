import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// A body for exercising the kernel's rule kinds without any phase plugin.
struct Event: RecordBody, Hashable {
    static let recordType = "test/event"
    static let title = LocalizedText(zh: "测试事件", en: "test event")
    static let example = Event(on: LocalDate("2017-04-10")!)
    var on: LocalDate
    var kind: String = "a"
    var period: String?
    var replied: LocalDate?
    var people: [String] = []
}

struct EventPlugin: Plugin {
    let manifest = PluginManifest(id: "test", version: 1, title: LocalizedText(zh: "测试", en: "test"),
                                  clauses: ["1.1", "1.2", "1.3", "1.4", "1.5"])

    func register(in registrar: inout PluginRegistrar) {
        registrar.record(Event.self)
        registrar.rule(DeadlineRule<Event>(id: "1.1/deadline", clause: "1.1", title: .init(zh: "d", en: "d"),
                                           dueBy: "dueBy", minimum: "minimum", date: \.on))
        registrar.rule(QuotaRule<Event>(id: "1.2/quota", clause: "1.2", title: .init(zh: "q", en: "q"), period: "period",
                                        graceDays: "grace", date: \.on, periodLabel: \.period))
        registrar.rule(CoverageRule<Event>(id: "1.3/coverage", clause: "1.3", title: .init(zh: "c", en: "c"),
                                           required: "required", dueBy: "dueBy", date: \.on, covers: { [$0.kind] }))
        registrar.rule(ReplyLimitRule<Event>(id: "1.4/replies", clause: "1.4", title: .init(zh: "r", en: "r"),
                                             limit: "limit", received: \.on, replied: \.replied))
        registrar.rule(PersonQuotaRule<Event>(id: "1.5/visits", clause: "1.5", title: .init(zh: "p", en: "p"),
                                              period: "period", minimum: "minimum", scope: "scope", date: \.on, people: \.people))
    }
}

enum MiniCampaign {
    static func json(scope: String = "leader") -> String {
        func clause(_ id: String, _ window: (String, String), _ kinds: String, _ parameters: String) -> String {
            """
            {"id": "\(id)", "phase": "P1", "title": {"zh": "\(id)", "en": "\(id)"}, "text": "…",
             "window": {"start": "\(window.0)", "end": "\(window.1)"}, "appliesTo": \(kinds),
             "recordTypes": ["test/event"], "parameters": \(parameters)}
            """
        }
        return """
        {"formatVersion": 1, "id": "mini", "title": {"zh": "小", "en": "mini"}, "timeZone": "Asia/Shanghai",
         "window": {"start": "2017-03-01", "end": "2017-12-31"},
         "phases": [{"id": "P1", "plugin": "test", "title": {"zh": "一", "en": "one"}}],
         "clauses": [
           \(clause("1.1", ("2017-04-01", "2017-04-30"), "[\"school\"]", "{\"dueBy\": \"2017-04-20\", \"minimum\": 2}")),
           \(clause("1.2", ("2017-04-01", "2017-06-30"), "[\"office\", \"school\"]", "{\"period\": {\"school\": \"month\"}, \"grace\": 5}")),
           \(clause("1.3", ("2017-04-01", "2017-04-30"), "[\"school\"]", "{\"required\": [\"a\", \"b\"], \"dueBy\": \"2017-04-25\"}")),
           \(clause("1.4", ("2017-04-01", "2017-12-31"), "[\"school\"]", "{\"limit\": 10}")),
           \(clause("1.5", ("2017-04-01", "2017-05-31"), "[\"school\"]", "{\"period\": \"month\", \"minimum\": 2, \"scope\": \"\(scope)\"}"))
         ],
         "focusPoints": [], "methods": [], "requirements": [], "parameters": {},
         "roster": {"sample": true, "units": [
            {"id": "s", "kind": "school", "name": {"zh": "学校", "en": "school"}, "parent": null, "tags": []},
            {"id": "t", "kind": "school", "name": {"zh": "学校二", "en": "school two"}, "parent": null, "tags": []},
            {"id": "o", "kind": "office", "name": {"zh": "科室", "en": "office"}, "parent": null, "tags": []}],
          "people": [{"id": "L", "name": "领导", "roles": ["bureau-leader"], "unit": null, "assignedUnits": ["s", "t"], "officesInCharge": []}]}}
        """
    }

    static func harness(scope: String = "leader") throws -> RuleHarness {
        let campaign = try CampaignLoader.decode(Fixtures.sourced(json(scope: scope)), file: "mini")
        return try RuleHarness(campaign: campaign, plugins: [EventPlugin()])
    }
}

@Suite struct RuleKindTests {
    func events(_ events: [Event], unit: String = "s") -> [RecordEnvelope] {
        var maker = RecordMaker()
        return events.map { maker.make($0, unit: unit) }
    }

    func day(_ text: String) -> LocalDate { LocalDate(text)! }

    @Test func deadline() throws {
        let h = try MiniCampaign.harness()
        let onTime = events([Event(on: day("2017-04-05")), Event(on: day("2017-04-18"))])
        let late = events([Event(on: day("2017-04-05")), Event(on: day("2017-04-27"))])
        let half = events([Event(on: day("2017-04-05"))])
        #expect(h.states("s", clause: "1.1", records: onTime, asOf: "2017-05-01") == [.met])
        #expect(h.states("s", clause: "1.1", records: late, asOf: "2017-05-01") == [.metLate])
        // Records after the evaluation date do not count yet.
        #expect(h.states("s", clause: "1.1", records: late, asOf: "2017-04-21") == [.overdue])
        let due = try #require(h.cells("s", clause: "1.1", records: half, asOf: "2017-04-12").first)
        #expect(due.state == .due && due.daysLeft == 8 && due.deadline == day("2017-04-20"))
        #expect(h.states("s", clause: "1.1", records: half, asOf: "2017-04-21") == [.overdue])
        #expect(h.states("o", clause: "1.1", records: [], asOf: "2017-05-01") == [.notApplicable])
        #expect(h.cells("s", clause: "1.1", records: onTime, asOf: "2017-05-01").first?.recordIDs.count == 2)
    }

    @Test func quotaPerPeriodWithReportedPeriodAndGrace() throws {
        let h = try MiniCampaign.harness()
        let reports = events([Event(on: day("2017-05-03"), period: "2017-04"),  // within April + 5 days' grace
                              Event(on: day("2017-06-09"), period: "2017-05")])  // after May + grace
        #expect(h.states("s", clause: "1.2", records: reports, asOf: "2017-06-20") == [.met, .metLate, .due])
        #expect(h.cells("s", clause: "1.2", records: reports, asOf: "2017-06-20").last?.daysLeft == 15)
        #expect(h.states("s", clause: "1.2", records: reports, asOf: "2017-07-10") == [.met, .metLate, .overdue])
        #expect(h.states("t", clause: "1.2", records: [], asOf: "2017-05-02") == [.due, .due])
        // The period map names no office: not applicable, never overdue.
        #expect(h.states("o", clause: "1.2", records: [], asOf: "2017-07-10") == [.notApplicable])
    }

    @Test func coverage() throws {
        let h = try MiniCampaign.harness()
        let both = events([Event(on: day("2017-04-03"), kind: "a"), Event(on: day("2017-04-04"), kind: "b")])
        let bLate = events([Event(on: day("2017-04-03"), kind: "a"), Event(on: day("2017-04-28"), kind: "b")])
        let onlyA = events([Event(on: day("2017-04-03"), kind: "a"), Event(on: day("2017-04-04"), kind: "zzz")])
        #expect(h.states("s", clause: "1.3", records: both, asOf: "2017-05-01") == [.met])
        #expect(h.states("s", clause: "1.3", records: bLate, asOf: "2017-05-01") == [.metLate])
        let due = try #require(h.cells("s", clause: "1.3", records: onlyA, asOf: "2017-04-20").first)
        #expect(due.state == .due && due.daysLeft == 5)
        #expect(due.note?.en == "missing: b")
        #expect(h.states("s", clause: "1.3", records: onlyA, asOf: "2017-04-26") == [.overdue])
        #expect(h.states("o", clause: "1.3", records: onlyA, asOf: "2017-04-26") == [.notApplicable])
    }

    @Test func replyLimit() throws {
        let h = try MiniCampaign.harness()
        let inTime = events([Event(on: day("2017-05-01"), replied: day("2017-05-08"))])
        let late = events([Event(on: day("2017-05-01"), replied: day("2017-05-20"))])
        let waiting = events([Event(on: day("2017-05-01"))])
        #expect(h.states("s", clause: "1.4", records: inTime, asOf: "2017-06-01") == [.met])
        #expect(h.states("s", clause: "1.4", records: [], asOf: "2017-06-01") == [.met])
        #expect(h.states("s", clause: "1.4", records: late, asOf: "2017-06-01") == [.metLate])
        // Before the reply arrives the appeal is waiting: due within the limit, overdue past it.
        let due = try #require(h.cells("s", clause: "1.4", records: late, asOf: "2017-05-04").first)
        #expect(due.state == .due && due.daysLeft == 7)
        #expect(h.states("s", clause: "1.4", records: waiting, asOf: "2017-05-12") == [.overdue])
        #expect(h.states("o", clause: "1.4", records: waiting, asOf: "2017-05-12") == [.notApplicable])
    }

    @Test func personQuotaPerLeaderAndPerLeaderAndUnit() throws {
        let h = try MiniCampaign.harness()
        var maker = RecordMaker()
        let visits = [
            maker.make(Event(on: day("2017-04-03"), people: ["L"]), unit: "s"),
            maker.make(Event(on: day("2017-04-20"), people: ["L"]), unit: "s"),
            maker.make(Event(on: day("2017-05-03"), people: ["L"]), unit: "t"),
        ]
        #expect(h.leaderCells("L", clause: "1.5", records: visits, asOf: "2017-05-20").map(\.state) == [.met, .due])
        #expect(h.leaderCells("L", clause: "1.5", records: visits, asOf: "2017-06-02").map(\.state) == [.met, .overdue])
        // Per leader and unit: April's two visits were both to one unit, so April is not met.
        let perUnit = try MiniCampaign.harness(scope: "leader-and-unit")
        #expect(perUnit.leaderCells("L", clause: "1.5", records: visits, asOf: "2017-06-02").map(\.state) == [.overdue, .overdue])
    }

    @Test func aMissingParameterIsReportedNotGuessed() throws {
        let text = MiniCampaign.json().replacingOccurrences(of: "\"limit\": 10", with: "\"limt\": 10")
        let campaign = try CampaignLoader.decode(Fixtures.sourced(text), file: "mini")
        let h = try RuleHarness(campaign: campaign, plugins: [EventPlugin()])
        let cell = try #require(h.cells("s", clause: "1.4", records: [], asOf: "2017-05-01").first)
        #expect(cell.state == .notApplicable)
        #expect(cell.note?.en.contains("clauses[1.4].parameters.limit") == true)
    }
}
