import DudaoBureau
import DudaoKernel
import DudaoStore
import DudaoTestSupport
import Foundation
import Testing

/// Reading a page as a browser would: a form's token, an input's value, a CSV's rows.
extension BureauHarness {
    /// The `value` of the first input named `name` on a page (the date a form defaults to).
    static func inputValue(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    func upload(_ path: String, cookie: String, csrf: String, fields: [(name: String, filename: String?, data: Data)]) async throws -> Reply {
        try await client.upload(path, cookie: cookie, fields: [(name: "csrf", filename: nil, data: Data(csrf.utf8))] + fields)
    }

    /// The rows of a CSV answer (no quoted commas in the fields these tests read).
    static func csvRows(_ text: String) -> [[String]] {
        text.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
            .map { $0.components(separatedBy: ",") }
    }
}

extension BureauServerTests {
    @Test func anItemRegisteredAndSupervisedTodayHasOneStateInTheListTheItemTheAPIAndTheCSV() async throws {
        let harness = try await BureauHarness.start()
        let office = try await harness.login("office", "office-password")
        let form = try await harness.get("/ledger/new", cookie: office)
        #expect(form.status == 200)
        let csrf = try #require(BureauHarness.csrf(in: form.body))
        let today = try #require(BureauHarness.inputValue("on", in: form.body))
        #expect(today == harness.server.model.defaultDate.description)
        let person = try #require(harness.workspace.campaign.people.first { $0.unit == "school-no1-high" })
        // A bad input: no title, a deadline before the date, someone of another unit. Nothing is stored.
        let stranger = try #require(harness.workspace.campaign.people.first { $0.unit != nil && $0.unit != "school-no1-high" })
        let bad = try await harness.post("/ledger/new", form: ["csrf": csrf, "unit": "school-no1-high", "source": "bureau-finding", "title": " ",
                                                               "measures": "每月公示", "deadline": "2017-01-01", "responsible": stranger.id, "on": today],
                                         cookie: office)
        #expect(bad.status == 422)
        #expect(bad.body.contains("field has-err") && bad.body.contains("请填写事项名称") && bad.body.contains("不是该单位的人员"))
        #expect(bad.body.contains("value=\"每月公示\"") || bad.body.contains(">每月公示</textarea>"))
        #expect(try harness.workspace.ledger().isEmpty)
        // The same form, right: registered on the page's date by the office account.
        let deadline = "2018-03-31"
        let registered = try await harness.post("/ledger/new", form: ["csrf": csrf, "unit": "school-no1-high", "source": "bureau-finding",
                                                                      "title": "食堂账目未公示", "measures": "每月公示\n设监督员", "deadline": deadline,
                                                                      "responsible": person.id, "on": today, "department": "总务处"], cookie: office)
        #expect(registered.status == 303, "\(registered.body.prefix(600))")
        let item = try #require(try harness.workspace.ledger().first)
        #expect(item.item.registeredOn.description == today && item.item.account == "office" && item.item.measures.count == 2)
        // Supervise from the item's page with the date it offers (the page's "as of", today).
        let page = try await harness.get("/ledger/\(item.id)", cookie: office)
        #expect(page.body.contains(person.name) && !page.body.contains(">\(person.id)<"))
        let offered = try #require(BureauHarness.inputValue("on", in: page.body))
        // A bad input first: no comment. Nothing is stored.
        let noComment = try await harness.post("/ledger/\(item.id)/action", form: ["csrf": csrf, "action": "supervise", "on": offered, "comment": ""], cookie: office)
        #expect(noComment.status == 422 && noComment.body.contains("请填写意见"))
        #expect(try harness.workspace.ledger().first?.history.isEmpty == true)
        let supervised = try await harness.post("/ledger/\(item.id)/action", form: ["csrf": csrf, "action": "supervise", "on": offered, "comment": "限期整改"], cookie: office)
        #expect(supervised.status == 303)
        // Every view as of today (no date given) says 督办, the unit acts next, and names the account.
        let list = try await harness.get("/ledger", cookie: office)
        #expect(list.body.contains("食堂账目未公示") && list.body.contains("督办") && list.body.contains("next-unit"))
        let itemPage = try await harness.get("/ledger/\(item.id)", cookie: office)
        #expect(itemPage.body.contains("立项 → 督办") && itemPage.body.contains("账号 office"))
        let api = try await harness.get("/api/v1/ledger", cookie: office)
        let json = try #require(try JSONSerialization.jsonObject(with: api.data) as? [[String: Any]])
        #expect(json.first { $0["id"] as? String == item.id }?["state"] as? String == "supervising")
        let csv = BureauHarness.csvRows(try await harness.get("/export/ledger.csv", cookie: office).body)
        #expect(csv.first?.contains("待谁办理") == true)
        let row = try #require(csv.first { $0.first == item.id })
        #expect(row.contains("督办") && row.contains("被督导单位") && row.contains(person.name) && row.contains(harness.workspace.campaign.unit("school-no1-high")!.name.zh))
        let english = BureauHarness.csvRows(try await harness.get("/export/ledger.csv?lang=en", cookie: office).body)
        #expect(english.first?.contains("who acts next") == true && english.first { $0.first == item.id }?.contains("supervising") == true)
        // Closed items leave the default list; the "all" filter shows them; the "who acts next" filter selects.
        #expect(try await harness.get("/ledger?next=office", cookie: office).body.contains("食堂账目未公示") == false)
        #expect(try await harness.get("/ledger?next=unit", cookie: office).body.contains("食堂账目未公示"))
        await harness.stop()
    }

    @Test func anInspectionResultIsWrittenOnceAndCorrectedAsANewVersion() async throws {
        let harness = try await BureauHarness.start()
        let office = try await harness.login("office", "office-password")
        let csrf = try #require(BureauHarness.csrf(in: try await harness.get("/inspections", cookie: office).body))
        let leader = try #require(harness.workspace.campaign.leaders.first)
        // A bad plan: no unit. Nothing stored, the error beside the field.
        let bad = try await harness.post("/inspections", form: ["csrf": csrf, "unit": "", "plannedOn": "2017-05-10", "team-\(leader.id)": "1"], cookie: office)
        #expect(bad.status == 422 && bad.body.contains("field has-err"))
        #expect(try harness.workspace.store.records(type: Inspection.recordType).isEmpty)
        let planned = try await harness.post("/inspections", form: ["csrf": csrf, "unit": "school-no1-high", "plannedOn": "2017-05-10",
                                                                    "announced": "1", "team-\(leader.id)": "1"], cookie: office)
        #expect(planned.status == 303)
        let inspection = try #require(try harness.workspace.store.records(type: Inspection.recordType).first)
        // A bad result: a score over 100. Nothing stored.
        let badResult = try await harness.post("/inspections/\(inspection.id)/result", form: ["csrf": csrf, "heldOn": "2017-05-20", "score-F1": "180"], cookie: office)
        #expect(badResult.status == 422 && badResult.body.contains("0–100"))
        #expect(try harness.workspace.store.record(id: inspection.id)?.decode(Inspection.self).heldOn == nil)
        let result = try await harness.post("/inspections/\(inspection.id)/result", form: [
            "csrf": csrf, "heldOn": "2017-05-20", "score-F1": "80", "notes": "查阅台账", "findings": "台账无责任人 | 2017-06-20",
        ], cookie: office)
        #expect(result.status == 303)
        let first = try #require(try harness.workspace.store.record(id: inspection.id)?.decode(Inspection.self))
        #expect(first.notes == "查阅台账" && first.findings.map(\.problem) == ["台账无责任人"])
        // Posting a result again is refused in the page frame, and changes nothing.
        let again = try await harness.post("/inspections/\(inspection.id)/result", form: [
            "csrf": csrf, "heldOn": "2017-05-21", "findings": "别的问题 | 2017-06-20",
        ], cookie: office)
        #expect(again.status == 409 && again.body.contains("<nav>") && again.body.contains("不能再次提交"))
        #expect(try harness.workspace.store.record(id: inspection.id)?.decode(Inspection.self) == first)
        #expect(try harness.workspace.ledger().map(\.item.title) == ["台账无责任人"])
        // A correction needs its reason; then it is a new record naming the first, and both are shown.
        let noReason = try await harness.post("/inspections/\(inspection.id)/correction", form: ["csrf": csrf, "heldOn": "2017-05-20", "score-F1": "85"], cookie: office)
        #expect(noReason.status == 422 && noReason.body.contains("请写明更正的理由"))
        let corrected = try await harness.post("/inspections/\(inspection.id)/correction", form: [
            "csrf": csrf, "heldOn": "2017-05-20", "score-F1": "85", "notes": "F1 分数录入错误",
        ], cookie: office)
        #expect(corrected.status == 303)
        let versions = try harness.workspace.store.records(type: Inspection.recordType).typed(Inspection.self)
        #expect(versions.count == 2 && versions.contains { $0.body.corrects == inspection.id && $0.body.meanScore == 85 })
        let page = try await harness.get("/inspections", cookie: office)
        #expect(page.body.contains("更正 1") && page.body.contains("F1 分数录入错误") && page.body.contains("查阅台账") && page.body.contains(leader.name))
        await harness.stop()
    }
}

extension BureauServerTests {
    /// The office manages accounts in the browser: add, disable (its sessions end), reset a
    /// password, change a role; bad input is shown beside its field and changes nothing.
    @Test func theOfficeManagesAccountsOnTheUsersPage() async throws {
        let harness = try await BureauHarness.start()
        let office = try await harness.login("office", "office-password")
        let leaderCookie = try await harness.login("leader", "leader-password")
        #expect(try await harness.get("/users", cookie: leaderCookie).status == 403)
        let page = try await harness.get("/users", cookie: office)
        #expect(page.status == 200 && page.body.contains("href=\"/users\""))
        let csrf = try #require(BureauHarness.csrf(in: page.body))
        // A bad account: a short password and a leader without a roster leader. Nothing is stored.
        let bad = try await harness.post("/users", form: ["csrf": csrf, "name": "zhang", "role": "leader", "person": "", "password": "short"], cookie: office)
        #expect(bad.status == 422 && bad.body.contains("密码至少 8 个字符") && bad.body.contains("field has-err"))
        #expect(try harness.server.users.all().contains { $0.user.name == "zhang" } == false)
        let added = try await harness.post("/users", form: ["csrf": csrf, "name": "zhang", "role": "viewer", "password": "zhang-password"], cookie: office)
        #expect(added.status == 303)
        let zhang = try await harness.login("zhang", "zhang-password")
        #expect(try await harness.get("/ledger", cookie: zhang).status == 200)
        // Reset the password: the old one no longer works, the new one does.
        let weak = try await harness.post("/users/zhang/password", form: ["csrf": csrf, "password": "123"], cookie: office)
        #expect(weak.status == 422)
        #expect(try await harness.post("/users/zhang/password", form: ["csrf": csrf, "password": "zhang-new-password"], cookie: office).status == 303)
        let renewed = try await harness.login("zhang", "zhang-new-password")
        // Change the role: a leader needs a roster leader.
        let leader = try #require(harness.workspace.campaign.leaders.first)
        #expect(try await harness.post("/users/zhang/role", form: ["csrf": csrf, "role": "leader", "person": ""], cookie: office).status == 422)
        #expect(try await harness.post("/users/zhang/role", form: ["csrf": csrf, "role": "leader", "person": leader.id], cookie: office).status == 303)
        #expect(try harness.server.users.all().first { $0.user.name == "zhang" }?.user.person == leader.id)
        // Disable: the account cannot sign in, and a session it had is over.
        #expect(try await harness.post("/users/zhang/disable", form: ["csrf": csrf], cookie: office).status == 303)
        #expect(try await harness.post("/login", form: ["name": "zhang", "password": "zhang-new-password", "next": "/"]).status != 303)
        #expect(try await harness.get("/ledger", cookie: renewed).status == 303)
        // Without the token nothing changes.
        #expect(try await harness.post("/users/zhang/enable", form: [:], cookie: office).status == 403)
        #expect(try harness.server.users.all().first { $0.user.name == "zhang" }?.disabled == true)
        let listed = try await harness.get("/users", cookie: office)
        #expect(listed.body.contains("已停用") && listed.body.contains(leader.name))
        await harness.stop()
    }
}
