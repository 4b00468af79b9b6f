import DudaoBureau
import DudaoKernel
import DudaoStore
import DudaoTestSupport
import Foundation
import Testing

extension BureauServerTests {
    /// The office's day through its web forms only, on a real server: enrol the unit's key (the
    /// fingerprint checked), register → supervise → the unit's feedback arriving in a bundle
    /// uploaded from a "USB stick" → close → archive; the history names each account.
    @Test func theWholeSupervisionCycleThroughWebFormsOnly() async throws {
        let harness = try await BureauHarness.start()
        let cli = harness.cli
        let unit = "school-no1-high"
        let store = "unit-\(unit)"
        // The unit's side, by its own command line: its store, its key file, the bureau's key.
        for arguments in [["init", "--store", store, "--campaign", harness.campaignPath, "--unit", unit],
                          ["key", "export", "--store", store, "--to", "\(unit).pub"],
                          ["key", "export", "--store", "bureau", "--to", "bureau.pub"],
                          ["bureau", "enrol", "--store", store, "--key", "bureau.pub"]] {
            #expect(try cli.run(arguments).status == 0, "\(arguments)")
        }
        let office = try await harness.login("office", "office-password")
        let sync = try await harness.get("/sync", cookie: office)
        let csrf = try #require(BureauHarness.csrf(in: sync.body))
        #expect(sync.body.contains("从未同步") && sync.body.contains("multipart/form-data"))
        // Enrol: a file that is not a key is refused and enrols nothing.
        let notAKey = try await harness.upload("/sync/enrol", cookie: office, csrf: csrf, fields: [
            (name: "unit", filename: nil, data: Data(unit.utf8)), (name: "key", filename: "x.pub", data: Data("hello".utf8))])
        #expect(notAKey.status == 422 && notAKey.body.contains("不是 dudao key export"))
        #expect(try harness.workspace.store.enrolments().isEmpty)
        let keyFile = try Data(contentsOf: cli.directory.appendingPathComponent("\(unit).pub"))
        let check = try await harness.upload("/sync/enrol", cookie: office, csrf: csrf, fields: [
            (name: "unit", filename: nil, data: Data(unit.utf8)), (name: "key", filename: "\(unit).pub", data: keyFile)])
        #expect(check.status == 200)
        let unitKey = try Store.open(at: cli.directory.appendingPathComponent(store), registry: harness.workspace.registry).identity.keyID
        #expect(check.body.contains(String(unitKey.prefix(4)) + " " + String(unitKey.dropFirst(4).prefix(4))))
        #expect(try harness.workspace.store.enrolments().isEmpty)  // not before the confirmation
        let confirm = try await harness.post("/sync/enrol/confirm", form: [
            "csrf": csrf, "unit": unit, "key": try #require(BureauHarness.inputValue("key", in: check.body))], cookie: office)
        #expect(confirm.status == 303)
        #expect(try harness.workspace.store.enrolments().map(\.keyID) == [unitKey])

        // Register and supervise, on the dates the forms offer.
        let person = try #require(harness.workspace.campaign.people.first { $0.unit == unit })
        let form = try await harness.get("/ledger/new", cookie: office)
        let today = try #require(BureauHarness.inputValue("on", in: form.body))
        let registered = try await harness.post("/ledger/new", form: [
            "csrf": csrf, "unit": unit, "source": "bureau-finding", "title": "作业量超标", "measures": "每周抽查作业",
            "deadline": "2017-12-31", "responsible": person.id, "department": "教务处", "on": "2017-06-01"], cookie: office)
        #expect(registered.status == 303)
        let id = try #require(try harness.workspace.ledger().first?.id)
        func act(_ action: String, on date: String, extra: [String: String] = [:]) async throws -> Int {
            let page = try await harness.get("/ledger/\(id)?at=\(date)", cookie: office)
            #expect(BureauHarness.inputValue("on", in: page.body) == date)
            let form = ["csrf": csrf, "action": action, "on": date, "comment": "意见：\(action)"].merging(extra) { _, new in new }
            return try await harness.post("/ledger/\(id)/action", form: form, cookie: office).status
        }
        #expect(try await act("supervise", on: "2017-06-02") == 303)

        // The bureau's bundle for the unit, downloaded with the button, carried to the unit.
        let download = try await harness.post("/sync/bundle/\(unit)", form: ["csrf": csrf], cookie: office)
        #expect(download.status == 200 && download.headers["content-disposition"]?.contains(".dbd") == true)
        try download.data.write(to: cli.directory.appendingPathComponent("to-unit.dbd"))
        let imported = try cli.run(["bundle", "import", "--store", store, "to-unit.dbd"])
        #expect(imported.status == 0, "\(imported.stderr)")
        // The unit feeds back and writes its bundle to the stick; the office uploads it.
        #expect(try cli.run(["ledger", "feedback", id, "--store", store, "--comment", "已整改", "--on", "2017-06-10"]).status == 0)
        #expect(try cli.run(["bundle", "export", "--store", store, "--to", "from-unit.dbd"]).status == 0)
        let bundle = try Data(contentsOf: cli.directory.appendingPathComponent("from-unit.dbd"))
        let uploaded = try await harness.upload("/sync/upload", cookie: office, csrf: csrf, fields: [(name: "bundle", filename: "from-unit.dbd", data: bundle)])
        #expect(uploaded.status == 303 && uploaded.headers["set-cookie"]?.contains("ok:") == true)
        let shown = try await harness.get("/sync", cookie: office + "; " + (uploaded.headers["set-cookie"]?.split(separator: ";").first.map(String.init) ?? ""))
        #expect(shown.body.contains("已导入 from-unit.dbd"))
        let again = try await harness.upload("/sync/upload", cookie: office, csrf: csrf, fields: [(name: "bundle", filename: "from-unit.dbd", data: bundle)])
        #expect(again.headers["set-cookie"]?.contains("ok:") == true)
        #expect(try harness.workspace.ledger().first?.state == .feedback)
        // A garbage upload is refused in plain words, and stores nothing.
        let digest = try harness.workspace.store.digest()
        let junk = try await harness.upload("/sync/upload", cookie: office, csrf: csrf, fields: [(name: "bundle", filename: "junk.dbd", data: Data("junk".utf8))])
        #expect(junk.status == 303 && junk.headers["set-cookie"]?.contains("error:") == true)
        #expect(try harness.workspace.store.digest() == digest)

        // Close, then archive; every view as of the last date agrees, and the history names each account.
        // R1: closing without the four 不放过 is refused beside the checks, and stores nothing.
        let checks = ["check-awarenessRaised": "1", "check-problemsFocused": "1", "check-measuresInPlace": "1"]
        #expect(try await act("close", on: "2017-06-15", extra: checks) == 422)
        #expect(try harness.workspace.ledger().first?.state == .feedback)
        #expect(try await act("close", on: "2017-06-15", extra: checks.merging(["check-publicSatisfied": "1"]) { a, _ in a }) == 303)
        #expect(try await act("archive", on: "2017-06-20") == 303)
        let item = try #require(try harness.workspace.ledger().first)
        #expect(item.state == .archived && item.history.map(\.account) == ["office", nil, "office", "office"])
        let page = try await harness.get("/ledger/\(id)?at=2017-06-20", cookie: office)
        #expect(page.body.contains("账号 office") && page.body.contains(harness.workspace.campaign.unit(unit)!.name.zh))
        #expect(page.body.contains("销号 → 归档"))
        #expect(try await harness.get("/ledger?at=2017-06-20", cookie: office).body.contains("作业量超标") == false)
        #expect(try await harness.get("/ledger?at=2017-06-20&state=archived", cookie: office).body.contains("作业量超标"))
        _ = today
        await harness.stop()
    }

    /// A leader sees their units only, on every page and endpoint that counts or lists units.
    @Test func aLeaderSeesOnlyTheirUnitsEverywhere() async throws {
        let harness = try await BureauHarness.start(demo: true)
        let campaign = harness.workspace.campaign
        let leaderPerson = try requireLeaderHelper(campaign, assignedTo: "school-no1-high")
        let mine = Set(campaign.units.filter { LedgerPolicy.leader(leaderPerson, mayActOn: $0.id) }.map(\.id))
        let others = campaign.units.filter { !mine.contains($0.id) }
        let leader = try await harness.login("leader", "leader-password")
        let office = try await harness.login("office", "office-password")
        let at = "2017-09-30"
        let evaluation = try #require(try JSONSerialization.jsonObject(with: try await harness.get("/api/v1/evaluation?at=\(at)", cookie: leader).data) as? [[String: Any]])
        #expect(!evaluation.isEmpty && evaluation.allSatisfy { mine.contains($0["unit"] as? String ?? "") })
        let everyone = try #require(try JSONSerialization.jsonObject(with: try await harness.get("/api/v1/evaluation?at=\(at)", cookie: office).data) as? [[String: Any]])
        #expect(everyone.count > evaluation.count)
        let status = try #require(try JSONSerialization.jsonObject(with: try await harness.get("/api/v1/sync/status?at=\(at)", cookie: leader).data) as? [String: Any])
        let syncUnits = (status["units"] as? [[String: Any]] ?? []).compactMap { $0["unit"] as? String }
        #expect(Set(syncUnits) == mine)
        #expect((status["refused"] as? [[String: Any]] ?? []).allSatisfy { mine.contains($0["unit"] as? String ?? "") })
        // Days without a bundle are counted to the date asked, not the wall clock.
        let allStatus = try #require(try JSONSerialization.jsonObject(with: try await harness.get("/api/v1/sync/status?at=2017-12-31", cookie: office).data) as? [String: Any])
        let days = (allStatus["units"] as? [[String: Any]] ?? []).compactMap { $0["daysSince"] as? Int }
        #expect(!days.isEmpty && days.allSatisfy { $0 <= 366 })
        let csv = BureauHarness.csvRows(try await harness.get("/export/evaluation.csv?at=\(at)", cookie: leader).body)
        #expect(csv.count == evaluation.count + 1)
        // The grid, the ledger and their CSVs, as before.
        let ledger = try #require(try JSONSerialization.jsonObject(with: try await harness.get("/api/v1/ledger?at=\(at)", cookie: leader).data) as? [[String: Any]])
        #expect(!ledger.isEmpty && ledger.allSatisfy { mine.contains($0["unit"] as? String ?? "") })
        let grid = try #require(try JSONSerialization.jsonObject(with: try await harness.get("/api/v1/grid?at=\(at)", cookie: leader).data) as? [String: Any])
        #expect((grid["cells"] as? [[String: Any]] ?? []).allSatisfy { mine.contains($0["unit"] as? String ?? "") })
        let names = Set(mine.compactMap { campaign.unit($0)?.name.zh })
        for path in ["/export/ledger.csv", "/export/grid.csv"] {
            let rows = BureauHarness.csvRows(try await harness.get("\(path)?at=\(at)", cookie: leader).body).dropFirst()
            #expect(!rows.isEmpty && rows.allSatisfy { row in row.contains { names.contains($0) } }, "\(path)")
        }
        // The pages: no other unit's name on the evaluation and sync pages; the overview's counts are the leader's units'.
        for path in ["/evaluation", "/sync", "/", "/ledger", "/inspections", "/grid"] {
            let page = try await harness.get("\(path)?at=\(at)", cookie: leader)
            #expect(page.status == 200)
            for unit in others where path != "/" {
                #expect(!page.body.contains(">\(unit.name.zh)<"), "\(path) shows \(unit.id)")
            }
        }
        let snapshot = try await harness.server.model.snapshot(asOf: LocalDate(at)!)
        let met = mine.compactMap { snapshot.statuses[$0]?.counts[CellState.met.rawValue] }.reduce(0, +)
        let overview = try await harness.get("/?at=\(at)", cookie: leader)
        #expect(overview.body.contains("已完成</span><b>\(met)</b>"), "the leader's met count is \(met)")
        let officeOverview = try await harness.get("/?at=\(at)", cookie: office)
        #expect(officeOverview.body.contains("已完成</span><b>\(snapshot.counts[.met] ?? 0)</b>"))
        await harness.stop()
    }
}
