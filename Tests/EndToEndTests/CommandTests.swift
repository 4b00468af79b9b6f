import DudaoTestSupport
import Foundation
import GRDB
import Testing

/// The `dudao` binary, run as a person would: init, record, ledger, status, and bad input.
@Suite struct CommandTests {
    let cli = CommandRunner()

    func initUnit(_ unit: String = "school-no1-high", store: String = "s") throws {
        let outcome = try cli.run(["init", "--store", store, "--campaign", Fixtures.campaignPath, "--unit", unit])
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    func initBureau(store: String = "b") throws {
        let outcome = try cli.run(["init", "--store", store, "--campaign", Fixtures.campaignPath, "--bureau"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    func records(_ store: String) throws -> [[String: Any]] {
        let outcome = try cli.run(["record", "list", "--store", store, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [[String: Any]] ?? []
    }

    static let item = """
        {"title": "教师反映评优程序不公开", "source": "self-inspection", "measures": ["公示评优细则"],
         "deadline": "2017-06-30", "responsiblePerson": "head-no1-high", "registeredOn": "2017-04-20"}
        """

    @Test func initMakesAStoreAndRefusesToOverwriteIt() throws {
        try initUnit()
        let key = cli.directory.appendingPathComponent("s/node.key").path
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let before = try Data(contentsOf: URL(fileURLWithPath: key))
        let again = try cli.run(["init", "--store", "s", "--campaign", Fixtures.campaignPath, "--bureau", "--lang", "en"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: key)) == before)
        let both = try cli.run(["init", "--store", "x", "--campaign", Fixtures.campaignPath, "--bureau", "--unit", "u"])
        #expect(both.status == 64)
    }

    @Test func recordAddPrintsTheIdAndListShowsIt() throws {
        try initUnit()
        let added = try cli.run(["record", "add", "ledger/item", "--store", "s", "--json", "-"], stdin: Self.item)
        #expect(added.status == 0, "\(added.stderr)")
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // A record id is the node's tag, then a time-ordered (version 7) UUID.
        let parts = id.split(separator: "-", maxSplits: 1).map(String.init)
        #expect(parts.count == 2 && parts[0].count == 8)
        #expect(UUID(uuidString: parts.last ?? "") != nil && Array(parts.last ?? "").dropFirst(14).first == "7")
        let listed = try records("s")
        #expect(listed.map { $0["id"] as? String } == [id])
        #expect((listed.first?["body"] as? [String: Any])?["title"] as? String == "教师反映评优程序不公开")
        let deleted = try cli.run(["record", "delete", id, "--store", "s"])
        #expect(deleted.status == 0)
        #expect(try records("s").isEmpty)
    }

    @Test func evidenceIsContentAddressedAndARecordSaysWhenItsEvidenceHasNotArrived() throws {
        try initUnit()
        let photo = try cli.file("photo.jpg", "JPEG bytes of a mobilisation meeting")
        let added = try cli.run(["evidence", "add", photo, "--store", "s"])
        let hash = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hash.count == 64)
        #expect(try cli.run(["evidence", "add", photo, "--store", "s"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == hash)
        let absent = String(repeating: "ab", count: 32)
        let record = try cli.run(["record", "add", "ledger/item", "--store", "s", "--json", "-", "--evidence", hash, "--evidence", absent], stdin: Self.item)
        #expect(record.status == 0, "\(record.stderr)")
        let listed = try records("s")
        #expect(listed.first?["evidence"] as? [String] == [hash, absent])
        #expect(listed.first?["missingEvidence"] as? [String] == [absent])
        let bad = try cli.run(["record", "add", "ledger/item", "--store", "s", "--json", "-", "--evidence", "not-a-hash", "--lang", "en"], stdin: Self.item)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("evidence[0]"))
        #expect(try records("s").count == 1)
    }

    @Test func anUnknownRecordTypeIsRefusedAndNamed() throws {
        try initUnit()
        let outcome = try cli.run(["record", "add", "publicity/nonsense", "--store", "s", "--json", "-", "--lang", "en"], stdin: "{}")
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("unknown record type 'publicity/nonsense'"))
        #expect(outcome.stderr.contains("ledger/item"))
        #expect(try records("s").isEmpty)
    }

    @Test func aBodyFailingValidationNamesTheFileFieldAndReasonAndChangesNothing() throws {
        try initUnit()
        let file = try cli.file("bad.json", """
            {"title": "x", "source": "rumour", "measures": [], "registeredOn": "2017-04-20"}
            """)
        let zh = try cli.run(["record", "add", "ledger/item", "--store", "s", "--json", file])
        #expect(zh.status == 1)
        #expect(zh.stderr.contains("source"))
        #expect(zh.stderr.contains("bad.json"))
        #expect(zh.stderr.contains("校验失败"))
        let missing = try cli.file("missing.json", #"{"source": "appeal", "measures": [], "registeredOn": "2017-04-20"}"#)
        let en = try cli.run(["record", "add", "ledger/item", "--store", "s", "--json", missing, "--lang", "en"])
        #expect(en.stderr.contains("title: required field is missing"))
        let wrongType = try cli.file("type.json", #"{"title": 5, "source": "appeal", "measures": [], "registeredOn": "2017-04-20"}"#)
        let typed = try cli.run(["record", "add", "ledger/item", "--store", "s", "--json", wrongType, "--lang", "en"])
        #expect(typed.stderr.contains("title: wrong type, expected a string"))
        #expect(!zh.stderr.contains("Fatal") && !en.stderr.contains("Stack"))
        #expect(try records("s").isEmpty)
    }

    @Test func theLedgerLifecycleThroughTheCommandWithRolesEnforced() throws {
        try initBureau()
        let added = try cli.run(["ledger", "add", "--store", "b", "--unit", "school-no1-high", "--title", "食堂账目未公示",
                                 "--source", "bureau-finding", "--measure", "每月公示", "--deadline", "2017-06-30",
                                 "--responsible", "head-no1-high", "--on", "2017-05-02"])
        #expect(added.status == 0, "\(added.stderr)")
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // The campaign office cannot report feedback: that is the unit's step.
        let feedback = try cli.run(["ledger", "feedback", id, "--store", "b", "--comment", "done", "--lang", "en"])
        #expect(feedback.status == 1)
        #expect(feedback.stderr.contains("cannot feedback a ledger item in state registered"))
        let supervise = try cli.run(["ledger", "supervise", id, "--store", "b", "--comment", "限期整改", "--on", "2017-05-03"])
        #expect(supervise.status == 0, "\(supervise.stderr)")
        #expect(supervise.stdout.contains("督办"))
        let byOffice = try cli.run(["ledger", "feedback", id, "--store", "b", "--comment", "done", "--lang", "en"])
        #expect(byOffice.stderr.contains("role office may not feedback a ledger item in state supervising"))
        // A leader who is not assigned to the unit may not act on it.
        let campaign = try Fixtures.campaign()
        let outsider = try #require(campaign.leaders.first { !$0.assignedUnits.contains("school-no1-high") })
        let refused = try cli.run(["ledger", "close", id, "--store", "b", "--comment", "x", "--as", outsider.id, "--lang", "en"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("not assigned to unit school-no1-high"))
        let listed = try cli.run(["ledger", "list", "--store", "b", "--state", "supervising", "--json"])
        let items = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        #expect(items?.count == 1)
        #expect(items?.first?["state"] as? String == "supervising")
        let overdue = try cli.run(["ledger", "list", "--store", "b", "--overdue", "--at", "2017-07-01", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(overdue.stdout.utf8)) as? [Any])?.count == 1)
        let notYet = try cli.run(["ledger", "list", "--store", "b", "--overdue", "--at", "2017-06-30", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(notYet.stdout.utf8)) as? [Any])?.count == 0)
        let show = try cli.run(["ledger", "show", id, "--store", "b", "--lang", "en"])
        #expect(show.stdout.contains("registered → supervising"))
    }

    @Test func aUnitCannotSuperviseItsOwnItem() throws {
        try initUnit()
        let added = try cli.run(["ledger", "add", "--store", "s", "--title", "作业量偏大", "--on", "2017-04-21"])
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let outcome = try cli.run(["ledger", "supervise", id, "--store", "s", "--comment", "self", "--lang", "en"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("role unit may not supervise a ledger item in state registered"))
    }

    @Test func statusAsOfADateListsCellsByClauseAndPeriod() throws {
        try initUnit()
        let outcome = try cli.run(["status", "--store", "s", "--at", "2017-04-05", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let status = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(status["asOf"] as? String == "2017-04-05")
        let cells = try #require(status["cells"] as? [[String: Any]])
        let clauses = Set(cells.compactMap { $0["clause"] as? String })
        #expect(clauses.isSuperset(of: ["1.1", "1.3", "2.4", "3.1", "4.2"]))
        let text = try cli.run(["status", "--store", "s", "--at", "2017-04-05"])
        #expect(text.stdout.contains("新乡市第一中学"))
        #expect(text.stdout.contains("截至 2017-04-05"))
        let english = try cli.run(["status", "--store", "s", "--at", "2017-04-05", "--lang", "en"])
        #expect(english.stdout.contains("as of 2017-04-05"))
        let badDate = try cli.run(["status", "--store", "s", "--at", "2017-13-01", "--lang", "en"])
        #expect(badDate.status == 64 && badDate.stderr.contains("--at"))
    }

    @Test func missingCorruptAndLockedStoresFailCleanly() throws {
        let missing = try cli.run(["status", "--store", "nowhere", "--lang", "en"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no Dudao store at"))
        try FileManager.default.createDirectory(at: cli.directory.appendingPathComponent("junk"), withIntermediateDirectories: true)
        try Data(repeating: 7, count: 8192).write(to: cli.directory.appendingPathComponent("junk/dudao.sqlite"))
        let corrupt = try cli.run(["status", "--store", "junk", "--lang", "en"])
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("is not a valid Dudao store"))
        #expect(try Data(contentsOf: cli.directory.appendingPathComponent("junk/dudao.sqlite")) == Data(repeating: 7, count: 8192))
        // A store whose write lock another process holds: refused with a sentence, nothing written.
        try initUnit()
        let holder = try DatabaseQueue(path: cli.directory.appendingPathComponent("s/dudao.sqlite").path)
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? holder.inTransaction(.exclusive) { _ in
                locked.signal()
                release.wait()
                return .rollback
            }
        }
        locked.wait()
        let busy = try cli.run(["record", "add", "ledger/item", "--store", "s", "--json", "-", "--lang", "en"], stdin: Self.item)
        release.signal()
        try holder.inDatabase { _ in }
        #expect(busy.status == 1)
        #expect(busy.stderr.contains("is locked by another process"))
        #expect(try records("s").isEmpty)
        for outcome in [missing, corrupt, busy] {
            #expect(!outcome.stderr.contains("Fatal") && !outcome.stderr.contains("Backtrace"))
        }
    }

    @Test func campaignValidateNamesThePathOfABadField() throws {
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))) as! [String: Any]
        var clauses = object["clauses"] as! [[String: Any]]
        clauses[5]["appliesTo"] = "school"
        object["clauses"] = clauses
        let file = cli.directory.appendingPathComponent("bad-campaign.json")
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        let outcome = try cli.run(["campaign", "validate", file.path, "--lang", "en"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("$.clauses[5].appliesTo"))
        let good = try cli.run(["campaign", "validate", Fixtures.campaignPath])
        #expect(good.status == 0)
        #expect(good.stdout.contains("\(try Fixtures.campaign().clauses.count) 个条款"))
        let initBad = try cli.run(["init", "--store", "z", "--campaign", file.path, "--bureau"])
        #expect(initBad.status == 1)
        #expect(!FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("z").path))
    }
}
