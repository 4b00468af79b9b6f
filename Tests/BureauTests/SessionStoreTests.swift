import DudaoTestSupport
import DudaoBureau
import DudaoKernel
import DudaoStore
import DudaoWorkspace
import Foundation
import Testing

extension BureauHarness {
    /// A new server over the same store, as after a restart of `dudao serve`; this one stops.
    func restarted() async throws -> BureauHarness {
        await stop()
        let store = try Store.open(at: workspace.store.directory, registry: workspace.store.registry)
        return try await Self.serve(try Workspace(store: store, cache: BodyCache()), cli: cli, campaignPath: campaignPath)
    }
}

/// Sessions live in the bureau's store: a restart keeps them, disabling an account ends them.
@Suite(.serialized) struct SessionStoreTests {
    @Test func aSessionSurvivesARestartAndEndsWhenItsAccountIsDisabled() async throws {
        let first = try await BureauHarness.start()
        let cookie = try await first.login("office", "office-password")
        #expect(try await first.get("/ledger", cookie: cookie).status == 200)
        let harness = try await first.restarted()
        defer { Task { await harness.stop() } }
        #expect(try await harness.get("/ledger", cookie: cookie).status == 200)
        try harness.server.users.setDisabled("office", true, actor: "test")
        let after = try await harness.get("/ledger", cookie: cookie)
        #expect(after.status == 303)
        #expect(after.headers["location"]?.hasPrefix("/login") == true)
        let again = try await harness.post("/login", form: ["name": "office", "password": "office-password", "next": "/"])
        #expect(again.status == 401)
        try harness.server.users.setDisabled("office", false)
        #expect(try await harness.login("office", "office-password").hasPrefix("dudao_session="))
    }

    @Test func aResetPasswordEndsTheSessionsAndTheOldPasswordNoLongerWorks() async throws {
        let harness = try await BureauHarness.start()
        defer { Task { await harness.stop() } }
        let cookie = try await harness.login("viewer", "viewer-password")
        try harness.server.users.resetPassword("viewer", to: "a new password", cost: 4)
        #expect(try await harness.get("/ledger", cookie: cookie).status == 303)
        #expect(try await harness.post("/login", form: ["name": "viewer", "password": "viewer-password", "next": "/"]).status == 401)
        #expect(try await harness.login("viewer", "a new password").hasPrefix("dudao_session="))
        let accounts = try harness.server.users.all()
        #expect(accounts.map(\.user.name).sorted() == ["leader", "office", "outsider", "viewer"])
    }

    @Test func anUnknownAccountCostsAFullBcryptVerification() async throws {
        let harness = try await BureauHarness.start()
        defer { Task { await harness.stop() } }
        // The decoy hash has the production cost (10, some 50 ms); the test accounts cost 4 (about 1 ms).
        let start = ContinuousClock.now
        let unknown = try await harness.server.users.authenticate(name: "nobody", password: "whatever-password")
        let elapsed = ContinuousClock.now - start
        #expect(unknown == nil)
        #expect(elapsed > .milliseconds(15))
        #expect(try await harness.server.users.authenticate(name: "office", password: "office-password")?.role == .office)
    }
}
