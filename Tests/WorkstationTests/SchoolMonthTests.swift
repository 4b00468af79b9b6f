import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// A month at a school done only through the workstation's pages, on a real server: the week's
/// article is due, is filed through its generated form, turns met; a ledger item supervised at the
/// bureau arrives in a bundle file, the feedback with a photo goes back in the exported bundle
/// file, and the bureau's store shows both.
@Suite struct SchoolMonthTests {
    static let articleType = "publicity/article-submission"

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? text
    }

    @Test func aMonthOfWeeklyArticlesThroughTheGeneratedForm() async throws {
        let harness = try await WorkstationHarness.start(today: "2017-04-30")
        defer { Task { await harness.stop() } }
        let cookie = try await harness.signIn()
        let csrf = try await harness.csrf(cookie)
        let unit = try #require(harness.unitWorkspace.unit)
        for day in ["2017-04-05", "2017-04-12", "2017-04-19", "2017-04-26"] {
            let due = try await harness.client.get("/?at=\(day)", cookie: cookie)
            #expect(due.status == 200)
            #expect(due.body.contains("本周还差 1 条“稿件报送”"), "\(day)")
            // The line's button opens the article's form with the day filled in.
            let link = "/records/new?type=\(Self.encoded(Self.articleType))&amp;date=\(day)"
            #expect(due.body.contains(link), "\(day)")
            let form = try await harness.client.get(link.replacingOccurrences(of: "&amp;", with: "&"), cookie: cookie)
            #expect(form.status == 200 && form.body.contains("value=\"\(day)\""))
            let saved = try await harness.client.post("/records/new?type=\(Self.encoded(Self.articleType))", pairs: [
                ("csrf", csrf), ("f.title", "第\(day)周稿件：专题学习会"), ("f.submittedOn", day), ("f.author", "校办 李明"),
                ("f.summary", "全体党员教师集中学习"), ("f.url", ""),
            ], cookie: cookie)
            #expect(saved.status == 303, "\(saved.body.prefix(400))")
            let met = try await harness.client.get("/?at=\(day)", cookie: cookie)
            #expect(!met.body.contains("本周还差 1 条“稿件报送”"), "\(day)")
            let cells = try harness.unitWorkspace.status(asOf: LocalDate(day)!).cells
            let week = try #require(cells.first { $0.rule.hasPrefix("1.3") && $0.period.contains(LocalDate(day)!) && $0.recordIDs.count == 1 })
            #expect(week.state == .met)
        }
        let articles = try harness.unitWorkspace.records(type: Self.articleType)
        #expect(articles.count == 4 && articles.allSatisfy { $0.unit == unit.id })
        let dates = try articles.map { try $0.decode(ArticleSubmissionProbe.self).submittedOn }.sorted()
        #expect(dates == ["2017-04-05", "2017-04-12", "2017-04-19", "2017-04-26"])
    }

    /// The part of an article's body this test reads back.
    struct ArticleSubmissionProbe: RecordBody {
        static let recordType = "publicity/article-submission"
        static let title = LocalizedText(zh: "稿件报送", en: "article submission")
        static var example: ArticleSubmissionProbe { ArticleSubmissionProbe(submittedOn: "2017-04-07") }
        var submittedOn: String
    }

    @Test func aSupervisedItemComesByFileAndTheFeedbackWithAPhotoGoesBackByFile() async throws {
        let harness = try await WorkstationHarness.start(today: "2017-04-30")
        defer { Task { await harness.stop() } }
        let cookie = try await harness.signIn()
        let csrf = try await harness.csrf(cookie)
        let unit = WorkstationHarness.unit
        let bureau = harness.bureau
        // At the bureau: register and supervise; the bureau's bundle goes on the USB stick.
        let person = try #require(bureau.campaign.people.first { $0.unit == unit })
        let item = try bureau.registerItem(LedgerItem(title: "作业量超标", source: .bureauFinding, measures: ["每周抽查作业"],
                                                      deadline: LocalDate("2017-05-31"), responsiblePerson: person.id,
                                                      department: "教务处", registeredOn: LocalDate("2017-04-20")!), unit: unit)
        try bureau.transition(item: item.id, action: .supervise, comment: "请于五月底前整改并反馈", on: LocalDate("2017-04-21"))
        let outgoing = try BundleExporter(store: bureau.store).bundle(for: unit)
        let imported = try await harness.client.upload("/sync/import", cookie: cookie, fields: [
            (name: "csrf", filename: nil, data: Data(csrf.utf8)), (name: "bundle", filename: "bureau.dbd", data: outgoing.data)])
        #expect(imported.status == 303)
        let flash = try #require(imported.cookies.first { $0.hasPrefix("dudao_flash=") })
        let told = try await harness.client.get("/sync", cookie: cookie + "; " + flash)
        #expect(told.body.contains("已导入 bureau.dbd"))
        // The same file again: a duplicate, in plain words.
        let twice = try await harness.client.upload("/sync/import", cookie: cookie, fields: [
            (name: "csrf", filename: nil, data: Data(csrf.utf8)), (name: "bundle", filename: "bureau.dbd", data: outgoing.data)])
        let twiceFlash = try #require(twice.cookies.first { $0.hasPrefix("dudao_flash=") })
        #expect(try await harness.client.get("/sync", cookie: cookie + "; " + twiceFlash).body.contains("已经导入过"))

        // 待办 puts the supervised item first, with the bureau's comment and deadline.
        let home = try await harness.client.get("/", cookie: cookie)
        let itemAt = try #require(home.body.range(of: "作业量超标"))
        let overdueAt = try #require(home.body.range(of: "已逾期 ("))
        #expect(itemAt.lowerBound < overdueAt.lowerBound)
        #expect(home.body.contains("请于五月底前整改并反馈") && home.body.contains("2017-05-31"))

        // An empty feedback is refused beside its field and stores nothing.
        let path = "/ledger/\(Self.encoded(item.id))/feedback"
        let before = try harness.unitWorkspace.store.digest()
        let empty = try await harness.client.upload(path, cookie: cookie, fields: [
            (name: "csrf", filename: nil, data: Data(csrf.utf8)), (name: "comment", filename: nil, data: Data()),
            (name: "on", filename: nil, data: Data("2017-04-28".utf8))])
        #expect(empty.status == 422 && empty.body.contains("请写明整改情况") && empty.body.contains("field has-err"))
        #expect(try harness.unitWorkspace.store.digest() == before)
        // The feedback with a photo.
        let photo = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("整改后的作业登记表".utf8))
        let fed = try await harness.client.upload(path, cookie: cookie, fields: [
            (name: "csrf", filename: nil, data: Data(csrf.utf8)), (name: "comment", filename: nil, data: Data("已整改：每周抽查作业并登记".utf8)),
            (name: "on", filename: nil, data: Data("2017-04-28".utf8)), (name: "evidence", filename: "photo.png", data: photo)])
        #expect(fed.status == 303, "\(fed.body.prefix(300))")
        let hash = Store.sha256(photo)
        let served = try await harness.client.get("/evidence/\(hash)", cookie: cookie)
        #expect(served.status == 200 && served.data == photo && served.headers["content-type"] == "image/png")
        let page = try await harness.client.get("/ledger/\(Self.encoded(item.id))", cookie: cookie)
        #expect(page.body.contains("已整改：每周抽查作业并登记") && page.body.contains("未发出"))

        // The exported bundle file carries it to the bureau.
        let exported = try await harness.client.post("/sync/export", pairs: [("csrf", csrf)], cookie: cookie)
        #expect(exported.status == 200 && exported.headers["content-disposition"]?.contains(".dbd") == true)
        guard case .applied = BundleImporter(store: bureau.store).importBundle(exported.data) else {
            Issue.record("the bureau did not apply the workstation's bundle")
            return
        }
        let atBureau = try #require(try bureau.ledger().first { $0.id == item.id })
        #expect(atBureau.state == .feedback && atBureau.history.last?.comment == "已整改：每周抽查作业并登记")
        let transitionID = try #require(atBureau.history.last?.record)
        let transition = try #require(try bureau.store.record(id: transitionID))
        #expect(transition.evidence == [hash])
        #expect(try bureau.store.evidencePresent([hash]) == [hash])
        #expect(try bureau.store.evidence(hash) == photo)

        // The bureau's next bundle acknowledges it: the workstation says the photo reached the bureau.
        let answer = try BundleExporter(store: bureau.store).bundle(for: unit)
        _ = try await harness.client.upload("/sync/import", cookie: cookie, fields: [
            (name: "csrf", filename: nil, data: Data(csrf.utf8)), (name: "bundle", filename: "answer.dbd", data: answer.data)])
        let delivered = try await harness.client.get("/ledger/\(Self.encoded(item.id))", cookie: cookie)
        #expect(delivered.body.contains("已送达教育局"))
        let sync = try await harness.client.get("/sync", cookie: cookie)
        #expect(sync.body.contains("没有等待发送的内容"))

        // A rejected feedback shows the bureau's reason on the item.
        try bureau.transition(item: item.id, action: .reject, comment: "缺少家长满意度调查", on: LocalDate("2017-04-29"))
        let rejection = try BundleExporter(store: bureau.store).bundle(for: unit)
        _ = try await harness.client.upload("/sync/import", cookie: cookie, fields: [
            (name: "csrf", filename: nil, data: Data(csrf.utf8)), (name: "bundle", filename: "reject.dbd", data: rejection.data)])
        let rejected = try await harness.client.get("/ledger/\(Self.encoded(item.id))", cookie: cookie)
        #expect(rejected.body.contains("退回了本单位的反馈") && rejected.body.contains("缺少家长满意度调查"))
        #expect(rejected.body.contains("id=\"feedback\""))
    }
}
