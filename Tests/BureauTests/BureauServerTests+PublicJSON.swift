import DudaoTestSupport
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Every JSON answer of the real server on 127.0.0.1, validated against its committed schema by
/// Python's `jsonschema`; the API and the command line print the same cell the same way.
/// Part of the serialized server suite: one server at a time in this process.
extension BureauServerTests {
    @Test func everyAPIAnswerValidatesAgainstItsSchema() async throws {
        let harness = try await BureauHarness.start()
        defer { Task { await harness.stop() } }
        let unit = try harness.enrolUnit("school-no1-high")
        let added = try harness.cli.run(["record", "add", "publicity/article-submission", "--store", unit, "--json", "-"],
                                        stdin: #"{"title":"学习动员会报道","submittedOn":"2017-04-05"}"#)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try harness.cli.run(["ledger", "add", "--store", unit, "--title", "课后服务收费公示不及时", "--deadline", "2017-05-31",
                                     "--on", "2017-04-20"]).status == 0)
        let sync = try harness.cli.run(["sync", "--store", unit, "--timeout", "120", "--bureau", harness.base.absoluteString])
        #expect(sync.status == 0, "\(sync.stderr)")

        let cookie = try await harness.login("office", "office-password")
        var checks: [SchemaValidator.Check] = []
        func check(_ path: String, _ schema: String, status: Int = 200, cookie: String? = cookie) async throws {
            let reply = try await harness.get(path, cookie: cookie)
            #expect(reply.status == status, "\(path): \(reply.body)")
            #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true, "\(path)")
            #expect(try SchemaValidator.paths(ofKey: "_0", in: reply.data) == [], "\(path)")
            checks.append(.init("GET \(path)", schema: schema, json: reply.data))
        }
        try await check("/api/v1/grid?at=2017-05-15", "output/grid.schema.json")
        try await check("/api/v1/ledger?at=2017-07-01", "output/ledger-items.schema.json")
        try await check("/api/v1/evaluation?at=2017-12-31", "output/scores.schema.json")
        try await check("/api/v1/sync/status", "output/sync-status.schema.json")
        try await check("/api/v1/grid", "output/problem.schema.json", status: 401, cookie: nil)
        try await check("/api/v1/bundles/school-no1-high", "output/problem.schema.json", status: 401, cookie: nil)
        let forged = try await harness.request("GET", "/api/v1/bundles/school-no1-high",
                                               headers: ["X-Dudao-Key": "nobody", "X-Dudao-Time": "0", "X-Dudao-Signature": "AAAA"])
        #expect(forged.status == 403)
        checks.append(.init("GET /api/v1/bundles (forged)", schema: "output/problem.schema.json", json: forged.data))

        // Uploads: refused, then a real bundle applied, then the same again as a duplicate.
        let garbage = try await harness.request("POST", "/api/v1/bundles", body: Data("not a bundle".utf8), contentType: "application/octet-stream")
        #expect(garbage.status == 422)
        checks.append(.init("POST /api/v1/bundles (garbage)", schema: "output/import-outcome.schema.json", json: garbage.data))
        _ = try harness.cli.run(["ledger", "add", "--store", unit, "--title", "x", "--on", "2017-04-21"])
        #expect(try harness.cli.run(["bundle", "export", "--store", unit, "--to", "u.dbd"]).status == 0)
        let bundle = try Data(contentsOf: harness.cli.directory.appendingPathComponent("u.dbd"))
        for name in ["applied", "duplicate"] {
            let reply = try await harness.request("POST", "/api/v1/bundles", body: bundle, contentType: "application/octet-stream")
            #expect(reply.status == 200)
            #expect(reply.body.contains("\"status\":\"\(name)\""))
            checks.append(.init("POST /api/v1/bundles (\(name))", schema: "output/import-outcome.schema.json", json: reply.data))
        }
        let oversized = try RawHTTP.exchange(port: harness.base.port!, request:
            "POST /api/v1/bundles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: 900000000\r\n\r\n")
        let body = try #require(oversized.range(of: "\r\n\r\n").map { String(oversized[$0.upperBound...]) })
        checks.append(.init("POST /api/v1/bundles (413)", schema: "output/problem.schema.json", json: body))
        let errors = try SchemaValidator.errors(checks)
        #expect(errors == [])
        await harness.stop()
    }

    @Test func theGridAndTheUnitsStatusPrintTheSameCellTheSameWay() async throws {
        let harness = try await BureauHarness.start()
        defer { Task { await harness.stop() } }
        let unit = try harness.enrolUnit("school-no1-high")
        #expect(try harness.cli.run(["record", "add", "publicity/article-submission", "--store", unit, "--json", "-"],
                                    stdin: #"{"title":"学习动员会报道","submittedOn":"2017-04-05"}"#).status == 0)
        #expect(try harness.cli.run(["sync", "--store", unit, "--timeout", "120", "--bureau", harness.base.absoluteString]).status == 0)
        let cookie = try await harness.login("office", "office-password")
        let grid = try await harness.get("/api/v1/grid?at=2017-05-15", cookie: cookie)
        let gridJSON = try #require(try JSONSerialization.jsonObject(with: grid.data) as? [String: Any])
        let fromGrid = (gridJSON["cells"] as? [[String: Any]] ?? []).filter { $0["unit"] as? String == "school-no1-high" }
        let status = try harness.cli.run(["status", "--store", unit, "--at", "2017-05-15", "--json"])
        let statusJSON = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let fromStatus = statusJSON["cells"] as? [[String: Any]] ?? []
        #expect(!fromGrid.isEmpty)
        #expect(fromGrid.count == fromStatus.count)
        // Cell by cell, the same keys and the same values.
        for (a, b) in zip(fromGrid, fromStatus) {
            #expect(NSDictionary(dictionary: a).isEqual(to: b), "\(a) ≠ \(b)")
        }
        let met = fromGrid.first { ($0["period"] as? [String: Any])?["label"] as? String == "2017-W14" && $0["rule"] as? String == "1.3/article-submissions" }
        #expect(met?["state"] as? String == "met")
        #expect((met?["records"] as? [String])?.count == 1)
        await harness.stop()
    }
}
