import DudaoBureau
import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// End to end against a real server on 127.0.0.1, with units syncing through the real binary.
@Suite(.serialized) struct BureauServerTests {
    static let article = #"{"title":"学习动员会报道","submittedOn":"2017-04-05"}"#

    @Test func aUnitSyncsOverHTTPAndTheGridMatchesItsOwnStatus() async throws {
        let harness = try await BureauHarness.start()
        defer { Task { await harness.stop() } }
        let unit = try harness.enrolUnit("school-no1-high")
        let added = try harness.cli.run(["record", "add", "publicity/article-submission", "--store", unit, "--json", "-"], stdin: Self.article)
        #expect(added.status == 0, "\(added.stderr)")
        let item = try harness.cli.run(["ledger", "add", "--store", unit, "--title", "课后服务收费公示不及时", "--measure", "每月公示",
                                        "--deadline", "2017-05-31", "--responsible", "head-no1-high", "--on", "2017-04-20"])
        #expect(item.status == 0)
        let sync = try harness.cli.run(["sync", "--store", unit, "--timeout", "120", "--bureau", harness.base.absoluteString, "--lang", "en"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("pushed 2 changes: applied"))
        #expect(try harness.workspace.store.digest(unit: "school-no1-high") == harness.cli.run(["digest", "--store", unit]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))

        let cookie = try await harness.login("office", "office-password")
        let grid = try await harness.get("/api/v1/grid?at=2017-05-15", cookie: cookie)
        #expect(grid.status == 200)
        let gridJSON = try JSONSerialization.jsonObject(with: grid.data) as? [String: Any]
        let gridCells = (gridJSON?["cells"] as? [[String: Any]] ?? []).filter { $0["unit"] as? String == "school-no1-high" }
        let status = try harness.cli.run(["status", "--store", unit, "--at", "2017-05-15", "--json"])
        let statusJSON = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let unitCells = statusJSON?["cells"] as? [[String: Any]] ?? []
        func key(_ cell: [String: Any], period: String) -> String {
            "\(cell["clause"] ?? "")|\(cell["rule"] ?? "")|\(period)|\(cell["state"] ?? "")"
        }
        let fromGrid = gridCells.map { key($0, period: ($0["period"] as? [String: Any])?["label"] as? String ?? "") }.sorted()
        let fromStatus = unitCells.map { key($0, period: ($0["period"] as? [String: Any])?["label"] as? String ?? "") }.sorted()
        #expect(!fromGrid.isEmpty)
        #expect(fromGrid == fromStatus)
        #expect(fromGrid.contains("1.3|1.3/article-submissions|2017-W14|met"))

        // The bureau supervises; the unit pulls it and gives feedback; the next sync brings the feedback.
        let id = item.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let page = try await harness.get("/ledger/\(id)", cookie: cookie)
        let csrf = try #require(BureauHarness.csrf(in: page.body))
        let supervise = try await harness.post("/ledger/\(id)/action", form: ["csrf": csrf, "action": "supervise", "comment": "限期整改"], cookie: cookie)
        #expect(supervise.status == 303)
        #expect(try harness.cli.run(["sync", "--store", unit, "--timeout", "120", "--bureau", harness.base.absoluteString]).status == 0)
        let feedback = try harness.cli.run(["ledger", "feedback", id, "--store", unit, "--comment", "已公示"])
        #expect(feedback.status == 0, "\(feedback.stderr)")
        #expect(try harness.cli.run(["sync", "--store", unit, "--timeout", "120", "--bureau", harness.base.absoluteString]).status == 0)
        #expect(try harness.workspace.ledger().first { $0.id == id }?.state == .feedback)
        await harness.stop()
    }

    @Test func ledgerActionsFollowTheRoleAndTheCSRFToken() async throws {
        let harness = try await BureauHarness.start()
        let id = try harness.workspace.registerItem(
            LedgerItem(title: "食堂账目未公示", source: .bureauFinding, measures: ["每月公示"], deadline: LocalDate("2017-06-30"),
                       responsiblePerson: "head-no1-high", registeredOn: LocalDate("2017-05-02")!), unit: "school-no1-high").id
        let office = try await harness.login("office", "office-password")
        let leader = try await harness.login("leader", "leader-password")
        let outsider = try await harness.login("outsider", "outsider-password")
        let viewer = try await harness.login("viewer", "viewer-password")
        func act(_ cookie: String, _ action: String, csrf: String? = nil) async throws -> Int {
            var token = csrf
            // The session's token, from a page whose form every acting account sees.
            if token == nil { token = BureauHarness.csrf(in: try await harness.get("/inspections", cookie: cookie).body) }
            return try await harness.post("/ledger/\(id)/action", form: ["csrf": token ?? "none", "action": action, "comment": "意见"], cookie: cookie).status
        }
        // The outsider does not see the item at all; the viewer sees it but may not act.
        let seenByOutsider = try await harness.get("/ledger/\(id)", cookie: outsider)
        #expect(seenByOutsider.status == 404, "\(seenByOutsider.status) \(seenByOutsider.body.prefix(300))")
        let viewerCSRF = try await BureauHarness.csrf(in: harness.get("/", cookie: viewer).body)
        #expect(viewerCSRF == nil)  // no forms for a viewer
        #expect(try await act(viewer, "supervise", csrf: "anything") == 403)
        // A form without its CSRF token is refused, and changes nothing.
        #expect(try await harness.post("/ledger/\(id)/action", form: ["action": "supervise", "comment": "x"], cookie: office).status == 403)
        #expect(try harness.workspace.ledger().first { $0.id == id }?.state == .registered)
        // A leader of the unit supervises; feedback is the unit's step, so the office is refused.
        let byLeader = try await act(leader, "supervise")
        #expect(byLeader == 303)
        #expect(try await act(office, "feedback") == 403)
        let state = try #require(try harness.workspace.ledger().first { $0.id == id })
        #expect(state.state == .supervising)
        #expect(state.history.map(\.role) == [.leader])
        #expect(state.history.first?.person != nil)
        let history = try await harness.get("/ledger/\(id)", cookie: office)
        #expect(history.body.contains("立项 → 督办"))
        await harness.stop()
    }

    @Test func withoutASessionPagesGoToLoginAndTheAPIAnswers401() async throws {
        let harness = try await BureauHarness.start()
        let page = try await harness.get("/grid")
        #expect(page.status == 303)
        #expect(page.headers["location"]?.hasPrefix("/login") == true)
        for path in ["/api/v1/grid", "/api/v1/ledger", "/api/v1/evaluation", "/api/v1/sync/status", "/export/ledger.csv"] {
            #expect(try await harness.get(path).status == 401, "\(path)")
        }
        let wrong = try await harness.postLogin(["name": "office", "password": "wrong-password"])
        #expect(wrong.status == 401)
        await harness.stop()
    }

    @Test func badBundlesAreRefusedWithTheFaultAndStoreNothing() async throws {
        let harness = try await BureauHarness.start()
        let before = try harness.workspace.store.digest()
        let garbage = try await harness.request("POST", "/api/v1/bundles", body: Data("not a bundle at all".utf8), contentType: "application/octet-stream")
        #expect(garbage.status == 422)
        #expect(garbage.body.contains("not-a-bundle"))
        // A real bundle from a unit whose key the bureau never enrolled.
        let stranger = try harness.cli.run(["init", "--store", "stranger", "--campaign", Fixtures.campaignPath, "--unit", "school-no2-high"])
        #expect(stranger.status == 0)
        _ = try harness.cli.run(["ledger", "add", "--store", "stranger", "--title", "x", "--on", "2017-04-20"])
        #expect(try harness.cli.run(["bundle", "export", "--store", "stranger", "--to", "s.dbd"]).status == 0)
        let bundle = try Data(contentsOf: harness.cli.directory.appendingPathComponent("s.dbd"))
        let unenrolled = try await harness.request("POST", "/api/v1/bundles", body: bundle, contentType: "application/octet-stream")
        #expect(unenrolled.status == 403)
        #expect(unenrolled.body.contains("unenrolled-key"))
        #expect(try harness.workspace.store.digest() == before)
        await harness.stop()
    }

    @Test func anOversizedBodyIsRefusedBeforeItIsRead() async throws {
        let harness = try await BureauHarness.start()
        // Announce a body far over the limit and send none of it: the answer must come anyway.
        let answer = try RawHTTP.exchange(port: harness.base.port!, request:
            "POST /api/v1/bundles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: 900000000\r\n\r\n")
        #expect(answer.hasPrefix("HTTP/1.1 413"))
        #expect(answer.contains("too-large"))
        await harness.stop()
    }

    @Test func aUnitsKeyCannotFetchAnotherUnitsBundle() async throws {
        let harness = try await BureauHarness.start()
        let unit = try harness.enrolUnit("school-no1-high")
        _ = try harness.enrolUnit("school-no2-high")
        let key = try NodeKeys.privateKey(in: harness.cli.directory.appendingPathComponent(unit))
        let keyID = NodeIdentity.keyID(of: key.publicKey.rawRepresentation)
        let time = harness.workspace.store.environment.now()
        func fetch(_ target: String) async throws -> Int {
            let nonce = SignedPull.newNonce()
            let signature = try key.signature(for: SignedPull.message(unit: target, time: time, nonce: nonce)).base64EncodedString()
            return try await harness.request("GET", "/api/v1/bundles/\(target)", headers: [
                "X-Dudao-Key": keyID, "X-Dudao-Time": String(time), "X-Dudao-Nonce": nonce, "X-Dudao-Signature": signature,
            ]).status
        }
        #expect(try await fetch("school-no1-high") == 200)
        #expect(try await fetch("school-no2-high") == 403)
        #expect(try await harness.get("/api/v1/bundles/school-no1-high").status == 401)
        await harness.stop()
    }

    @Test func aCachedPageGoesOutCompressedToClientsThatAcceptGzip() async throws {
        let harness = try await BureauHarness.start()
        let cookie = try await harness.login("office", "office-password")
        let plain = try RawHTTP.exchange(port: harness.base.port!, request:
            "GET /grid?kind=school&lang=en HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: \(cookie)\r\nConnection: close\r\n\r\n")
        #expect(plain.hasPrefix("HTTP/1.1 200"))
        #expect(!plain.lowercased().contains("content-encoding"))
        #expect(plain.contains("<html lang=\"en\""))
        // URLSession asks for gzip and inflates what it gets: the same page, sent compressed.
        let zipped = try await harness.request("GET", "/grid?kind=school&lang=en", cookie: cookie, headers: ["Accept-Encoding": "gzip"])
        #expect(zipped.status == 200)
        #expect(zipped.headers["content-encoding"] == "gzip")
        #expect(zipped.headers["vary"] == "Accept-Encoding")
        let plainBody = plain.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        // (The raw exchange reads one buffer's worth: compare its start.)
        #expect(plainBody.count > 1000 && zipped.body.hasPrefix(String(plainBody.prefix(1000))))
        await harness.stop()
    }

    @Test func everyPageRendersInBothLanguages() async throws {
        let harness = try await BureauHarness.start()
        let unit = try harness.enrolUnit("school-no1-high")
        _ = try harness.cli.run(["record", "add", "publicity/article-submission", "--store", unit, "--json", "-"], stdin: Self.article)
        _ = try harness.cli.run(["sync", "--store", unit, "--timeout", "120", "--bureau", harness.base.absoluteString])
        let record = try #require(try harness.workspace.store.records(unit: "school-no1-high").first)
        let item = try harness.workspace.registerItem(LedgerItem(title: "t", source: .bureauFinding, registeredOn: LocalDate("2017-05-02")!),
                                                      unit: "school-no1-high")
        let cookie = try await harness.login("office", "office-password")
        let paths = ["/", "/grid", "/grid?kind=school", "/grid/cell?unit=school-no1-high&clause=1.3", "/units/school-no1-high",
                     "/ledger", "/ledger?overdue=1&age=30", "/ledger/\(item.id)", "/inspections", "/leaders", "/evaluation", "/sync",
                     "/records/\(record.id)", "/export/grid.csv", "/export/ledger.csv", "/export/evaluation.csv"]
        for language in ["zh", "en"] {
            for path in paths {
                let separator = path.contains("?") ? "&" : "?"
                let reply = try await harness.get("\(path)\(separator)lang=\(language)&at=2017-06-01", cookie: cookie)
                #expect(reply.status == 200, "\(path) in \(language): \(reply.status)")
                if !path.hasPrefix("/export") {
                    #expect(reply.body.contains(language == "zh" ? "lang=\"zh-CN\"" : "lang=\"en\""), "\(path)")
                }
            }
        }
        await harness.stop()
    }

    /// A unit's record reads at the bureau as the unit filled it in: each field under its label,
    /// the author by name; no JSON. A ledger item names the record it came from by its headline.
    @Test func aRecordReadsFieldByFieldAtTheBureau() async throws {
        let harness = try await BureauHarness.start()
        let unit = try harness.enrolUnit("school-no1-high")
        _ = try harness.cli.run(["record", "add", "publicity/article-submission", "--store", unit, "--json", "-"], stdin: Self.article)
        _ = try harness.cli.run(["sync", "--store", unit, "--timeout", "120", "--bureau", harness.base.absoluteString])
        let record = try #require(try harness.workspace.store.records(unit: "school-no1-high").first)
        let cookie = try await harness.login("office", "office-password")
        let zh = try await harness.get("/records/\(record.id)", cookie: cookie)
        #expect(zh.status == 200)
        #expect(zh.body.contains("<th scope=\"row\">稿件标题</th><td>学习动员会报道</td>") && zh.body.contains("<th scope=\"row\">报送日期</th><td>2017-04-05</td>"), "\(zh.body)")
        #expect(!zh.body.contains("\"submittedOn\"") && !zh.body.contains("<pre"))
        let en = try await harness.get("/records/\(record.id)?lang=en", cookie: cookie)
        #expect(en.body.contains("<th scope=\"row\">Title</th><td>学习动员会报道</td>") && en.body.contains("<th scope=\"row\">Submitted on</th>"))
        await harness.stop()
    }

    /// The unit page and a cell's detail name each requirement in words, as the plugin titles it,
    /// never by its rule id.
    @Test func requirementsAppearByTitleNotByRuleID() async throws {
        let harness = try await BureauHarness.start()
        let cookie = try await harness.login("office", "office-password")
        for path in ["/units/school-no1-high?at=2017-06-01", "/grid/cell?unit=school-no1-high&clause=1.3&at=2017-06-01"] {
            let zh = try await harness.get(path, cookie: cookie)
            #expect(zh.status == 200, "\(path)")
            #expect(zh.body.contains("按期报送稿件"), "\(path) names the quota in Chinese")
            #expect(!zh.body.contains("1.3/article-submissions"), "\(path) shows a rule id")
            let en = try await harness.get(path + "&lang=en", cookie: cookie)
            #expect(en.body.contains("articles submitted every period"), "\(path) names the quota in English")
        }
        await harness.stop()
    }
}

/// A raw HTTP exchange over a socket: for requests URLSession will not make (a lying Content-Length).
enum RawHTTP {
    static func exchange(port: Int, request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw DudaoError("socket", "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw DudaoError("connect", "connect") }
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
    }
}
