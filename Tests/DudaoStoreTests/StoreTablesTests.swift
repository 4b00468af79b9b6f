import DudaoKernel
@testable import DudaoStore
import DudaoTestSupport
import Foundation
import GRDB
import Synchronization
import Testing

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let milliseconds: Mutex<Int64>
    init(_ start: Int64 = 1_500_000_000_000) { milliseconds = Mutex(start) }
    var now: Int64 { milliseconds.withLock { $0 } }
    func advance(seconds: Int64) { milliseconds.withLock { $0 += seconds * 1000 } }
    var environment: StoreEnvironment {
        StoreEnvironment(now: { self.now }, newID: { UUID().uuidString.lowercased() })
    }
}

func makeBureau(_ clock: TestClock) throws -> Store {
    let directory = Fixtures.temporaryDirectory("store").appendingPathComponent("bureau")
    let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))
    return try Store.initialise(at: directory, campaignData: data, unit: nil, registry: try PluginRegistry(plugins: []),
                                environment: clock.environment)
}

/// The tables the store owns, through its typed operations: accounts, sessions, held bundles, the audit.
@Suite struct StoreTablesTests {
    @Test func aSessionOutlivesAReopenedStoreAndEndsAtItsExpiry() throws {
        let clock = TestClock()
        let store = try makeBureau(clock)
        try store.saveUser(name: "wang", role: "office", person: nil, passwordHash: "h")
        try store.openSession(tokenHash: "t1", user: "wang", csrf: "c1", lifetimeMs: 3_600_000)
        let reopened = try Store.open(at: store.directory, registry: store.registry, environment: clock.environment)
        let session = try #require(try reopened.session(tokenHash: "t1"))
        #expect(session.account.name == "wang")
        #expect(session.csrf == "c1")
        #expect(try reopened.session(tokenHash: "other") == nil)
        clock.advance(seconds: 3601)
        #expect(try reopened.session(tokenHash: "t1") == nil)
    }

    @Test func disablingAnAccountOrResettingItsPasswordEndsItsSessions() throws {
        let clock = TestClock()
        let store = try makeBureau(clock)
        try store.saveUser(name: "wang", role: "office", person: nil, passwordHash: "h")
        try store.saveUser(name: "li", role: "viewer", person: nil, passwordHash: "h")
        try store.openSession(tokenHash: "w", user: "wang", csrf: "c", lifetimeMs: 3_600_000)
        try store.openSession(tokenHash: "l", user: "li", csrf: "c", lifetimeMs: 3_600_000)
        try store.setUser("wang", disabled: true, actor: "admin")
        #expect(try store.session(tokenHash: "w") == nil)
        #expect(try store.session(tokenHash: "l") != nil)
        #expect(try store.user(named: "wang")?.disabled == true)
        // Enabled again, the account signs in anew: the old session stays gone.
        try store.setUser("wang", disabled: false)
        #expect(try store.session(tokenHash: "w") == nil)
        try store.setUser("li", passwordHash: "h2")
        #expect(try store.session(tokenHash: "l") == nil)
        #expect(try store.user(named: "li")?.passwordHash == "h2")
        try store.setUser("li", role: "office", person: nil)
        #expect(try store.user(named: "li")?.role == "office")
        #expect(throws: DudaoError.self) { try store.setUser("nobody", disabled: true) }
        let actions = try store.auditTrail().filter { $0.subject == "wang" || $0.subject == "li" }.map(\.action)
        #expect(actions == ["user", "user", "user-disable", "user-enable", "user-password", "user-role"])
    }

    @Test func aHeldBundleWaitingInTheOldFormatWaitsInColumnsAfterTheMigration() throws {
        let directory = Fixtures.temporaryDirectory("store")
        let pool = try DatabasePool(path: directory.appendingPathComponent("old.sqlite").path)
        let registry = try PluginRegistry(plugins: [])
        try StoreSchema.migrator(for: registry).migrate(pool, upTo: "kernel.v6-lean-record-indexes")
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO held_bundle (bundle_id, sender_node, waits_for, data, received_ms)
                VALUES ('b1', 'node-a', '0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b:41', x'00', 5)
                """)
        }
        try StoreSchema.migrator(for: registry).migrate(pool)
        let held = try pool.read { db in try HeldBundleRow.fetchAll(db) }
        #expect(held.map(\.waitsForOrigin) == ["0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b"])
        #expect(held.map(\.waitsForAfter) == [41])
        let columns = try pool.read { db in try db.columns(in: "held_bundle").map(\.name) }
        #expect(!columns.contains("waits_for"))
    }

    @Test func oneFunctionWritesTheAuditTrail() throws {
        let root = Fixtures.packageRoot.appendingPathComponent("Sources")
        var writers: [String] = []
        for case let file as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            writers += text.split(separator: "\n").filter { $0.contains("INTO audit") }.map { "\(file.lastPathComponent): \($0)" }
        }
        #expect(writers.count == 1, "\(writers)")
    }
}
