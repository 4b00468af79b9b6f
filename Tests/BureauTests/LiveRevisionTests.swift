import DudaoBureau
import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// A running server and the campaign's revisions: a revision published by another process is in
/// force at the server's next request, and a merged unit's late bundle moves its open ledger items
/// whichever door it comes through.
@Suite(.serialized) struct LiveRevisionTests {
    static let closing = "school-no3-high"
    static let receiving = "school-no1-high"

    /// What `dudao campaign publish` does in its own process: a workspace of its own over the bureau's store.
    static func publish(_ document: Data, at harness: BureauHarness, effective: String) throws -> Int {
        let other = try Workspace.open(at: harness.workspace.store.directory, registry: harness.workspace.registry)
        return try other.publishRevision(document, effectiveOn: LocalDate(effective)!, file: "revised.json").revision.number
    }

    @Test func aRunningServerShowsARevisionPublishedByAnotherProcessAtItsNextRequest() async throws {
        let harness = try await BureauHarness.start()
        defer { Task { await harness.stop() } }
        let office = try await harness.login("office", "office-password")
        let cell = "/grid/cell?unit=\(Self.receiving)&clause=3.1&at=2017-04-25"
        let grid = "/grid?at=2017-06-01"
        let cellBefore = try await harness.get(cell, cookie: office)
        // The deadline column of the clause's cells (the clause's own window, shown below them, also ends on 04-20).
        func deadline(_ day: String) -> String { "<td class=\"date\">\(day)</td>" }
        #expect(cellBefore.status == 200 && cellBefore.body.contains(deadline("2017-04-20")) && !cellBefore.body.contains(deadline("2017-05-10")))
        let gridBefore = try await harness.get(grid, cookie: office)
        #expect(gridBefore.body.contains("新乡市第三中学") && !gridBefore.body.contains("新乡市第二中学（新校区）"))

        let revised = try CampaignEdit.revised {
            CampaignEdit.setParameter(&$0, clause: "3.1", "dueBy", to: "2017-05-10")
            CampaignEdit.editUnit(&$0, "school-no2-high") { $0["name"] = ["zh": "新乡市第二中学（新校区）", "en": "Xinxiang No. 2 High School (new campus)"] }
            CampaignEdit.editUnit(&$0, Self.closing) { $0["retiredOn"] = "2017-05-01" }
        }
        // Pages are requested while the revision is published: each answer is whole, under one revision or the other.
        let during = try await withThrowingTaskGroup(of: Int.self) { tasks in
            for _ in 0..<6 { tasks.addTask { try await harness.get(grid, cookie: office).status } }
            tasks.addTask { try Self.publish(revised, at: harness, effective: "2017-04-15") }
            return try await tasks.reduce(into: []) { $0.append($1) }
        }
        #expect(during.sorted() == [1] + Array(repeating: 200, count: 6))

        let cellAfter = try await harness.get(cell, cookie: office)
        #expect(cellAfter.status == 200 && cellAfter.body.contains(deadline("2017-05-10")) && !cellAfter.body.contains(deadline("2017-04-20")))
        let gridAfter = try await harness.get(grid, cookie: office)
        #expect(gridAfter.body.contains("新乡市第二中学（新校区）"))
        #expect(!gridAfter.body.contains("新乡市第三中学"), "the retired unit leaves the grid")
        // Before its retirement day the unit is still in the grid; its page keeps its history.
        #expect(try await harness.get("/grid?at=2017-04-28", cookie: office).body.contains("新乡市第三中学"))
        #expect(try await harness.get("/api/v1/grid?at=2017-06-01", cookie: office).body.contains("2017-05-10"))
        // Swapped once: the next request finds nothing newer.
        #expect(harness.server.model.campaign.unit(Self.closing)?.retiredOn == LocalDate("2017-05-01"))
        #expect(try await harness.server.model.adoptPublishedRevision() == false)
    }

    @Test func aMergedUnitsLateBundleMovesItsOpenItemsThroughEveryDoor() async throws {
        let harness = try await BureauHarness.start()
        defer { Task { await harness.stop() } }
        let cli = harness.cli
        let unit = try harness.enrolUnit(Self.closing)
        func register(_ title: String, on day: String) throws {
            let added = try cli.run(["ledger", "add", "--store", unit, "--title", title, "--measure", "每周检查",
                                     "--deadline", "2017-10-31", "--responsible", "head-no3-high", "--on", day])
            #expect(added.status == 0, "\(added.stderr)")
        }
        func bundle(_ name: String) throws -> Data {
            #expect(try cli.run(["bundle", "export", "--store", unit, "--to", name]).status == 0)
            return try Data(contentsOf: cli.directory.appendingPathComponent(name))
        }
        func movedItems() throws -> [String: LedgerItemState] {
            let states = try harness.server.model.workspace.ledger(unit: Self.receiving).filter { $0.movedFrom == Self.closing }
            return Dictionary(uniqueKeysWithValues: states.map { ($0.item.title, $0) })
        }
        // Before the merger: an item reaches the bureau and is supervised there.
        try register("食堂卫生整改", on: "2017-05-02")
        let early = try await harness.request("POST", "/api/v1/bundles", body: try bundle("early.dbd"), contentType: "application/vnd.dudao.bundle")
        #expect(early.status == 200)
        let earlyID = try #require(try harness.workspace.ledger(unit: Self.closing).first?.id)
        _ = try harness.workspace.transition(item: earlyID, action: .supervise, comment: "限期整改", on: LocalDate("2017-05-10"))

        // The merger, published by another process: the open item moves with its history.
        #expect(try Self.publish(try CampaignEdit.revised { CampaignEdit.editUnit(&$0, Self.closing) {
            $0["retiredOn"] = "2017-09-01"
            $0["mergedInto"] = Self.receiving
        } }, at: harness, effective: "2017-08-15") == 1)
        #expect(try movedItems()["食堂卫生整改"]?.history.map(\.comment) == ["限期整改"])

        // Late bundles of the merged unit, each through one door: pushed over HTTP, uploaded by the office, the command line.
        try register("推送的事项", on: "2017-08-20")
        let pushed = try await harness.request("POST", "/api/v1/bundles", body: try bundle("late1.dbd"), contentType: "application/vnd.dudao.bundle")
        #expect(pushed.status == 200, "\(pushed.body)")
        #expect(try movedItems()["推送的事项"]?.state == .registered)

        try register("上传的事项", on: "2017-08-21")
        let office = try await harness.login("office", "office-password")
        let csrf = try #require(BureauHarness.csrf(in: try await harness.get("/sync", cookie: office).body))
        let late2 = try bundle("late2.dbd")
        let uploaded = try await harness.upload("/sync/upload", cookie: office, csrf: csrf, fields: [(name: "bundle", filename: "late2.dbd", data: late2)])
        #expect(uploaded.status == 303 && uploaded.headers["set-cookie"]?.contains("ok:") == true)
        #expect(try movedItems()["上传的事项"]?.state == .registered)

        try register("命令行导入的事项", on: "2017-08-22")
        _ = try bundle("late3.dbd")
        let imported = try cli.run(["bundle", "import", "--store", "bureau", "late3.dbd"])
        #expect(imported.status == 0, "\(imported.stderr)")

        // Every open item of the merged unit is the receiving unit's now, each moved once, none left behind.
        let moved = try movedItems()
        #expect(Set(moved.keys) == ["食堂卫生整改", "推送的事项", "上传的事项", "命令行导入的事项"])
        #expect(try harness.server.model.workspace.ledger(unit: Self.closing).filter(\.state.isOpen).isEmpty)
        let transfers = try harness.workspace.store.records(type: LedgerTransfer.recordType)
        #expect(transfers.count == 4 && Set(transfers.map(\.unit)) == [Self.receiving])
        // A bundle uploaded again moves nothing more.
        _ = try await harness.upload("/sync/upload", cookie: office, csrf: csrf, fields: [(name: "bundle", filename: "late2.dbd", data: late2)])
        #expect(try harness.workspace.store.records(type: LedgerTransfer.recordType).count == 4)
    }

    @Test func theOfficePublishesARevisionFromTheBrowserAndAnIncompatibleOneIsRefusedWithItsPath() async throws {
        let harness = try await BureauHarness.start()
        defer { Task { await harness.stop() } }
        let office = try await harness.login("office", "office-password")
        let page = try await harness.get("/campaign", cookie: office)
        #expect(page.status == 200 && page.body.contains("活动尚未修订"))
        let csrf = try #require(BureauHarness.csrf(in: page.body))
        #expect(try await harness.get("/campaign", cookie: try await harness.login("viewer", "viewer-password")).status == 403)
        func publish(_ document: Data, on day: String, token: String = csrf) async throws -> BureauHarness.Reply {
            try await harness.upload("/campaign/publish", cookie: office, csrf: token, fields: [
                (name: "campaign", filename: "revised.json", data: document), (name: "effectiveOn", filename: nil, data: Data(day.utf8))])
        }
        // Refused, with the JSON path, in the page's language; nothing stored.
        let otherZone = try await publish(try CampaignEdit.revised { $0["timeZone"] = "Asia/Tokyo" }, on: "2017-04-15")
        #expect(otherZone.status == 422 && otherZone.body.contains("未发布") && otherZone.body.contains("$.timeZone"))
        let notACampaign = try await publish(Data("{}".utf8), on: "2017-04-15")
        #expect(notACampaign.status == 422 && notACampaign.body.contains("未发布"))
        let outside = try await publish(try CampaignEdit.targetsDue("2017-05-10"), on: "2018-02-01")
        #expect(outside.status == 422 && outside.body.contains("effectiveOn"))
        #expect(try await publish(try CampaignEdit.targetsDue("2017-05-10"), on: "2017-04-15", token: "forged").status == 403)
        #expect(try harness.workspace.store.campaignRevision().number == 0)

        let published = try await publish(try CampaignEdit.targetsDue("2017-05-10"), on: "2017-04-15")
        #expect(published.status == 303 && published.headers["set-cookie"]?.contains("ok:") == true)
        #expect(try harness.workspace.store.campaignRevision().number == 1)
        let shown = try await harness.get("/campaign?lang=en", cookie: office)
        #expect(shown.body.contains("Revision 1 is in force, from 2017-04-15") && shown.body.contains("from 2017-04-20 to 2017-05-10"))
        let cell = try await harness.get("/grid/cell?unit=\(Self.receiving)&clause=3.1&at=2017-04-25", cookie: office)
        #expect(cell.body.contains("<td class=\"date\">2017-05-10</td>"))
    }
}
