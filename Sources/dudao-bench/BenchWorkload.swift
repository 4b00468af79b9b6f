import DudaoKernel
import DudaoStore
import Foundation

/// The benchmark's synthetic campaign and records: the shipped campaign with N extra schools,
/// and for each a mix of ledger items, study sessions and article submissions.
enum BenchWorkload {
    /// The id of the `index`th synthetic unit.
    static func unitID(_ index: Int) -> String { String(format: "bench-school-%05d", index) }

    /// The shipped campaign's JSON with `units` schools added to its roster.
    static func campaign(units: Int) throws -> Data {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("campaigns/gan-zhuan-zheng-2017.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as! [String: Any]
        var roster = object["roster"] as! [String: Any]
        var list = roster["units"] as! [[String: Any]]
        for index in 0..<units {
            list.append(["id": unitID(index), "kind": "school", "parent": NSNull(), "tags": [String](),
                         "name": ["zh": "测试学校 \(index)", "en": "Bench school \(index)"]])
        }
        roster["units"] = list
        object["roster"] = roster
        return try JSONSerialization.data(withJSONObject: object)
    }

    struct StudySession: Codable {
        var heldOn: LocalDate
        var materials: [String]
        var participants: Int
        var hours: Double
    }

    struct ArticleSubmission: Codable {
        var title: String
        var submittedOn: LocalDate
        var author: String?
        var summary: String?
    }

    static let topics = ["专题学习会", "作风建设推进会", "师德师风座谈", "家长开放日", "课后服务公示", "校务公开", "整改落实情况通报"]
    static let names = ["李明", "王芳", "张伟", "刘洋", "陈静", "杨磊", "赵丽娟", "孙海涛"]

    /// The `n`th record of a unit: a ledger item, a study session or an article submission, in turn.
    static func record(_ n: Int, unit: String) throws -> NewRecord {
        let day = LocalDate("2017-04-01")!.adding(days: n % 28)
        let topic = topics[n % topics.count], name = names[(n / 3) % names.count]
        switch n % 3 {
        case 0:
            let item = LedgerItem(title: "\(topic)中发现的问题 \(n)", detail: "第 \(n) 号事项：\(name)反映相关制度执行不到位",
                                  source: .selfInspection, measures: ["完善制度", "明确责任人 \(name)"],
                                  deadline: LocalDate("2017-06-30"), responsiblePerson: name, department: "校办", registeredOn: day)
            return try NewRecord(item, unit: unit, author: name)
        case 1:
            let session = StudySession(heldOn: day, materials: ["party-constitution"], participants: 20 + n % 80, hours: 1.5)
            return NewRecord(unit: unit, type: "publicity/study-session", body: try RecordCoding.encode(session), author: name)
        default:
            let article = ArticleSubmission(title: "我校召开“敢转争”\(topic)（第 \(n) 期）", submittedOn: day, author: "校办 \(name)",
                                            summary: "全体教职工参加\(topic)，学习有关文件精神并结合实际讨论整改措施")
            return NewRecord(unit: unit, type: "publicity/article-submission", body: try RecordCoding.encode(article), author: name)
        }
    }

    /// The changes as JSON lines, bodies inline: what a plain JSON export of them would be.
    static func jsonLines(_ changes: [RecordEnvelope]) -> Data {
        var out = Data()
        out.reserveCapacity(changes.reduce(0) { $0 + $1.body.count + 260 })
        for change in changes {
            let evidence = change.evidence.map { "\"\($0)\"" }.joined(separator: ",")
            let head = #"{"id":"\#(change.id)","unit":"\#(change.unit)","type":"\#(change.type)","author":"\#(change.author ?? "")","hlc":"\#(change.hlc)","origin":"\#(change.origin)","seq":\#(change.sequence),"deleted":\#(change.deleted),"evidence":[\#(evidence)],"body":"#
            out.append(contentsOf: head.utf8)
            out.append(change.body)
            out.append(contentsOf: "}\n".utf8)
        }
        return out
    }
}
