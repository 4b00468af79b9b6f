// Dudao's record bodies: examples, every field removed or replaced, and random mutations.

import struct FastJSON.FastJSONDecoder
import Foundation
import Testing

private func date(_ text: String) -> LocalDate { LocalDate(text)! }

/// One example (or more) of each record body, as Dudao encodes them (sorted keys).
struct RecordExample: Sendable, CustomStringConvertible {
    let name: String
    let json: Data
    let check: @Sendable (Data) -> Comparison

    init<T: Codable & Equatable & Sendable>(_ value: T, _ name: String? = nil) {
        self.name = name ?? "\(T.self)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        json = try! encoder.encode(value)
        check = { compare(T.self, $0) }
    }

    var description: String { name }

    static let all: [RecordExample] = [
        RecordExample(LedgerItem(title: "家长反映课后服务收费不透明", detail: nil, source: .appeal, sourceRecord: nil,
                                 measures: ["公开收费标准", "设立家长监督员"], deadline: date("2017-06-30"),
                                 responsiblePerson: "张主任", department: "总务处", registeredOn: date("2017-04-20"))),
        RecordExample(LedgerItem(title: "t", detail: "d\n\"quoted\"", source: .selfInspection, sourceRecord: "6f1c2a4e-0b7d-4c55",
                                 measures: [], deadline: nil, responsiblePerson: nil, department: nil, registeredOn: date("2017-04-20")),
                      "LedgerItem (sparse)"),
        RecordExample(LedgerTransition(item: "00000000-0000-0000-0000-000000000000", action: .supervise, role: .office, person: "p-1",
                                       on: date("2017-05-02"), comment: "请于月底前完成整改", deadline: date("2017-05-31"))),
        RecordExample(StudySession(heldOn: date("2017-04-12"), materials: ["party-constitution", "xi-speeches"], participants: 57,
                                   hours: 1.5)),
        RecordExample(ArticleSubmission(title: "我校召开“敢转争”专题学习会（第 12 期）", submittedOn: date("2017-04-03"),
                                        author: "校办 李明", url: "https://edu.example.cn/a/1", summary: "全体教职工参加…")),
        RecordExample(ArticleAdoption(article: "6f1c2a4e-0b7d-4c55-9d2e-3a8f5e1b7c90", adoptedOn: date("2017-04-12"),
                                      outlet: "“敢转争”活动简报第5期")),
        RecordExample(DiscussionActivity(form: "forum", heldOn: date("2017-04-18"), participants: 40, topic: "如何敢转争")),
        RecordExample(MobilisationMeeting(heldOn: date("2017-04-06"), chair: "校长", attendance: 120, bureauLeaderPresent: "leader-1",
                                          guidedByLeader: nil, summary: "动员部署")),
        RecordExample(Reflection(author: "p-2", writtenOn: date("2017-04-20"), title: "心得", text: "全文", fileHash: nil)),
        RecordExample(WebsiteColumn(url: "https://x.cn/c", openedOn: date("2017-04-01"))),
        RecordExample(SelfInspectionReport(heldOn: date("2017-04-14"), scope: .unit, problems: [
            FoundProblem(title: "服务基层意识不强", detail: nil, measures: ["建立来文办理台账", "实行限时办结制"],
                         deadline: date("2017-06-30"), responsiblePerson: "head-campaign"),
            FoundProblem(title: "第二个问题", detail: "细节", measures: nil, deadline: nil, responsiblePerson: nil),
        ], noneFound: false)),
        RecordExample(Appeal(receivedOn: date("2017-05-08"), channel: "mailbox", from: .parent, content: "学校门口交通拥堵",
                             handler: "安全办 刘老师", reply: "已协调交警", repliedOn: date("2017-05-15"), problem: true)),
        RecordExample(AppealChannel(channel: "hotline", address: "0371-12345678", publishedOn: date("2017-04-10"))),
        RecordExample(LifeMeeting(kind: "democratic", heldOn: date("2017-05-20"), attendingLeaders: ["leader-1", "leader-2"],
                                  measures: ["整改"])),
        RecordExample(Symposium(kind: "parents", heldOn: date("2017-04-25"), attendance: 30, opinions: ["意见一", "意见二"], problems: [
            FoundProblem(title: "p", detail: nil, measures: ["m"], deadline: date("2017-07-01"), responsiblePerson: "x"),
        ])),
        RecordExample(MajorProject(title: "新校区学生宿舍楼建设", leadLeader: "leader-1", department: "总务处",
                                   measures: ["5月底前完成招标", "每周召开工程例会"], deadline: date("2017-08-31"),
                                   registeredOn: date("2017-04-25"), progress: "已完成立项审批，正在招标")),
        RecordExample(LeaderVisit(leader: "leader-1", visitedOn: date("2017-05-10"), announced: false, findings: ["发现"],
                                  problemsSolved: [])),
        RecordExample(ProgressReport(subject: .rectification, period: "2017-04", submittedOn: date("2017-05-03"),
                                     itemsCovered: ["7d1f6c2a-0b3e-4f5a-8c9d-1e2f3a4b5c6d"], summary: "4月共整改台账事项3项")),
        RecordExample(TargetPlan(target: "t-1", milestones: [
            TargetPlan.Milestone(title: "阶段一", dueOn: date("2017-06-01"), responsiblePerson: "王晓明"),
            TargetPlan.Milestone(title: "阶段二", dueOn: date("2017-09-01"), responsiblePerson: "p-3"),
        ], measures: ["分层教学"], adoptedOn: date("2017-04-28"))),
        RecordExample(BenchmarkTarget(title: "高考本科上线率进入全省同类学校前十", level: .province, metric: "高考本科上线率",
                                      baseline: "78%（全省第15位）", targetValue: "85%（全省前10位）", benchmarkPeer: "郑州外国语学校",
                                      plan: "分层教学、集体备课", responsiblePerson: "王晓明", setOn: date("2017-04-15"),
                                      deadline: date("2017-12-31"), achieved: true, achievedOn: date("2017-11-01"))),
        RecordExample(Practice(title: "限时办结制", adoptedOn: date("2017-06-01"), document: "文件", kind: .mechanism)),
        RecordExample(ScoreSheet(assessedOn: date("2018-01-20"), stageTargetsMet: 4, overallTargetsMet: 2, comment: "台账销号及时",
                                 finalScore: 88.5)),
        RecordExample(Inspection(announced: true, plannedOn: date("2017-05-01"), heldOn: date("2017-05-03"), methods: ["listen", "look"],
                                 team: ["leader-1"], scores: [Inspection.FocusScore(point: "f1", score: 8, note: nil),
                                                              Inspection.FocusScore(point: "f2", score: 6, note: "一般")],
                                 findings: [Inspection.Finding(problem: "问题", deadline: date("2017-06-01"), responsiblePerson: nil,
                                                               measures: ["措施"])])),
        RecordExample(LookBack(on: date("2017-09-01"), reason: "回头看", reopenedItems: ["i-1"], nextVisitBy: nil)),
        RecordExample(Envelope(id: "r-1", unit: "u-1", type: "publicity/study-session", body: Data("{\"a\":1}".utf8), author: nil,
                               hlc: Envelope.HLC(wall: 1_491_955_200_000, logical: 3), origin: "node-a", sequence: 42, deleted: false,
                               evidence: ["sha256:abc"])),
    ]
}

/// Replacement values for every field, in JSON text.
let replacements = [
    "null", "true", "1", "-1", "1.5", "3.0", "1e400", "01", "\"\"", "\"x\"", "\"2017-04-12\"", "\"2017-02-30\"", "\"appeal\"",
    "\"\\ud800\"", "\"\\x\"", "[]", "[\"a\"]", "[1]", "[null]", "{}", "{\"title\":\"t\"}", "9223372036854775808", "\"aGVsbG8=\"",
]

/// The document with the value at `path` replaced by `replacement` (or removed when nil).
func perturb(_ value: JSONValue, at path: [JSONPathStep], with replacement: String?) -> Data {
    let placeholder = "\u{1}PLACEHOLDER\u{1}"
    func rewrite(_ value: JSONValue, _ path: ArraySlice<JSONPathStep>) -> JSONValue? {
        guard let step = path.first else { return replacement.map { _ in .string(placeholder) } }
        switch (value, step) {
        case (.object(var members), .key(let key)):
            members[key] = rewrite(members[key]!, path.dropFirst())
            return .object(members)
        case (.array(var elements), .index(let index)):
            if let element = rewrite(elements[index], path.dropFirst()) {
                elements[index] = element
            } else {
                elements.remove(at: index)
            }
            return .array(elements)
        default:
            fatalError("bad path")
        }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let text = String(decoding: try! encoder.encode(rewrite(value, path[...]) ?? .null), as: UTF8.self)
    let escapedPlaceholder = "\"\\u0001PLACEHOLDER\\u0001\""
    return Data(text.replacingOccurrences(of: escapedPlaceholder, with: replacement ?? "null").utf8)
}

enum JSONPathStep: Hashable {
    case key(String)
    case index(Int)
}

func paths(in value: JSONValue, prefix: [JSONPathStep] = []) -> [[JSONPathStep]] {
    var result: [[JSONPathStep]] = []
    switch value {
    case .object(let members):
        for key in members.keys.sorted() {
            result.append(prefix + [.key(key)])
            result += paths(in: members[key]!, prefix: prefix + [.key(key)])
        }
    case .array(let elements):
        for index in elements.indices {
            result.append(prefix + [.index(index)])
            result += paths(in: elements[index], prefix: prefix + [.index(index)])
        }
    default:
        break
    }
    return result
}

@Suite struct RecordTests {
    @Test(arguments: RecordExample.all)
    func example(_ example: RecordExample) {
        let result = example.check(example.json)
        #expect(result.matches, "\(describe(example.json)):\(result)")
        if case .value = result.fast {} else { Issue.record("example does not decode: \(result)") }
    }

    @Test(arguments: RecordExample.all)
    func everyFieldRemovedOrReplaced(_ example: RecordExample) throws {
        let tree = try JSONDecoder().decode(JSONValue.self, from: example.json)
        var checked = 0
        for path in paths(in: tree) {
            for replacement in [nil] + replacements {
                let data = perturb(tree, at: path, with: replacement)
                let result = example.check(data)
                #expect(result.matches, "\(describe(data)):\(result)")
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    @Test(arguments: RecordExample.all)
    func randomMutations(_ example: RecordExample) {
        for (index, data) in mutations(of: example.json, seed: UInt64(example.name.utf8.count * 7919), count: 400 * FuzzTests.scale).enumerated() {
            let result = example.check(data)
            #expect(result.matches, "mutation \(index): \(describe(data)):\(result)")
            if let loose = compareLoosely(JSONValue.self, data) {
                Issue.record("mutation \(index) as JSONValue: \(describe(data)):\(loose)")
            }
        }
    }
}
