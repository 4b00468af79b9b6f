import DudaoBureau
import DudaoStore
import DudaoSync
import Foundation
import Testing

/// Issue 10: anyone may post to `/api/v1/bundles`, and a signed pull crosses the network.
@Suite struct SyncHardeningTests {
    @Test func aFloodOfUnverifiedUploadsStoresNothingAndBlamesNoUnit() async throws {
        let harness = try await BureauHarness.start()
        let unit = try harness.enrolUnit("school-no1-high")
        #expect(try harness.cli.run(["ledger", "add", "--store", unit, "--title", "x", "--on", "2017-04-21"]).status == 0)
        #expect(try harness.cli.run(["bundle", "export", "--store", unit, "--to", "u.dbd"]).status == 0)
        // The unit's own signed header, with a body that is not the one it signed: the header claims the unit.
        var forged = try Data(contentsOf: harness.cli.directory.appendingPathComponent("u.dbd"))
        forged[forged.count - 1] ^= 0xFF
        let cookie = try await harness.login("office", "office-password")
        let before = try await harness.get("/sync", cookie: cookie)
        for index in 0..<50 {
            let junk = Data("junk \(index) ".utf8) + Data(repeating: 0x41, count: 8 << 10)
            let reply = try await harness.request("POST", "/api/v1/bundles", body: junk, contentType: "application/octet-stream")
            #expect(reply.status == 422)
        }
        for _ in 0..<5 {
            let reply = try await harness.request("POST", "/api/v1/bundles", body: forged, contentType: "application/octet-stream")
            #expect(reply.status == 422 || reply.status == 403, "\(reply.status)")
        }
        #expect(try harness.workspace.store.syncState().refused.isEmpty)
        let after = try await harness.get("/sync", cookie: cookie)
        #expect(after.status == 200)
        #expect(after.body.utf8.count <= before.body.utf8.count + 64, "\(before.body.utf8.count) → \(after.body.utf8.count)")
        let status = try await harness.get("/api/v1/sync/status", cookie: cookie)
        let json = try #require(try JSONSerialization.jsonObject(with: status.data) as? [String: Any])
        let units = try #require(json["units"] as? [[String: Any]])
        #expect(units.allSatisfy { ($0["refused"] as? Int) == 0 })
        #expect((json["refused"] as? [Any])?.isEmpty == true)
        // The real bundle still goes in.
        let real = try Data(contentsOf: harness.cli.directory.appendingPathComponent("u.dbd"))
        #expect(try await harness.request("POST", "/api/v1/bundles", body: real, contentType: "application/octet-stream").status == 200)
        await harness.stop()
    }

    @Test func aSignedPullIsAnsweredOnce() async throws {
        let harness = try await BureauHarness.start()
        let unit = try harness.enrolUnit("school-no1-high")
        let store = try Store.open(at: harness.cli.directory.appendingPathComponent(unit), registry: harness.workspace.store.registry)
        let pull = try SignedPull.signed(by: store)
        let first = try await harness.request("GET", SignedPull.path(unit: pull.unit), headers: pull.headers)
        #expect(first.status == 200)
        // The same headers again, well inside the ten-minute window: a replay.
        let replay = try await harness.request("GET", SignedPull.path(unit: pull.unit), headers: pull.headers)
        #expect(replay.status == 403)
        #expect(replay.body.contains("already answered"))
        // A request without a nonce is not a signed pull at all.
        var bare = pull.headers
        bare[SignedPull.nonceHeader] = nil
        #expect(try await harness.request("GET", SignedPull.path(unit: pull.unit), headers: bare).status == 401)
        // A new request, with its own nonce, is answered.
        let next = try SignedPull.signed(by: store)
        #expect(try await harness.request("GET", SignedPull.path(unit: next.unit), headers: next.headers).status == 200)
        await harness.stop()
    }

    @Test func theSeenSetIsBoundedAndForgetsWhatLeftTheWindow() {
        let seen = SeenPulls(capacity: 100)
        for index in 0..<1_000 {
            #expect(seen.first("key \(index)", signedAt: Int64(index) * 1_000, now: Int64(index) * 1_000))
        }
        #expect(seen.count <= 100)
        #expect(!seen.first("key 999", signedAt: 999_000, now: 999_000))
    }
}
