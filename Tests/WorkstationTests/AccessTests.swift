import DudaoKernel
import DudaoTestSupport
import DudaoWorkstation
import Foundation
import Testing

/// The workstation's door: the one-time secret signs one browser in; nothing else gets a page.
@Suite struct AccessTests {
    @Test func withoutTheSecretOrASessionEveryPageIsRefusedInTheBrowsersLanguage() async throws {
        let harness = try await WorkstationHarness.start()
        defer { Task { await harness.stop() } }
        for path in ["/", "/records", "/ledger", "/sync", "/unit", "/records/new?type=publicity/article-submission", "/evidence/00"] {
            let reply = try await harness.client.get(path)
            #expect(reply.status == 401, "\(path)")
            #expect(reply.body.contains("再点一次桌面或菜单中的“督导 · 单位端”图标") && !reply.body.contains("href=\"/sync\""), "\(path)")
        }
        let english = try await harness.client.get("/sync?lang=en")
        #expect(english.status == 401 && english.body.contains("Click the 督导 · 单位端 (Dudao workstation) icon") && english.body.contains("no need to restart the PC"))
        // Forms are refused too, and change nothing.
        let before = try harness.unitWorkspace.store.digest()
        let post = try await harness.client.post("/sync/export", pairs: [("csrf", "x")])
        #expect(post.status == 401)
        #expect(try harness.unitWorkspace.store.digest() == before)
        // The stylesheet is public (the refusal page needs it).
        let css = try await harness.client.get(TestHTTPClient.links(in: english.body).first { $0.hasPrefix("/assets/") } ?? "/assets/x.css")
        #expect(css.status == 200)
    }

    @Test func theSecretSignsOneBrowserInOnceAndLeavesTheAddress() async throws {
        let harness = try await WorkstationHarness.start()
        defer { Task { await harness.stop() } }
        let wrong = try await harness.client.get("/?token=guessed")
        #expect(wrong.status == 403 && wrong.body.contains("登录链接不正确"))
        let first = try await harness.client.get("/ledger?token=\(WorkstationHarness.secret)&lang=en")
        #expect(first.status == 303)
        // The secret leaves the address at once; the rest of the query stays.
        #expect(first.headers["location"] == "/ledger?lang=en")
        let cookie = try #require(first.cookies.first { $0.hasPrefix("dudao_unit_session=") })
        #expect(first.headers["set-cookie"]?.contains("HttpOnly") == true)
        let page = try await harness.client.get("/", cookie: cookie)
        #expect(page.status == 200 && page.body.contains("待办") && page.body.contains("href=\"/sync\""))
        // Spent: a second browser with the same link is refused and told why.
        let again = try await harness.client.get("/?token=\(WorkstationHarness.secret)")
        #expect(again.status == 403 && again.body.contains("已经用过"))
        #expect(again.cookies.first { $0.hasPrefix("dudao_unit_session=") } == nil)
        // The signed-in browser that opens the link again just loses the secret from the address.
        let reopened = try await harness.client.get("/?token=\(WorkstationHarness.secret)", cookie: cookie)
        #expect(reopened.status == 303 && reopened.headers["location"] == "/")
        // A form with a wrong token is refused (403) and stores nothing.
        let before = try harness.unitWorkspace.store.digest()
        let forged = try await harness.client.post("/records/x/delete", pairs: [("csrf", "forged")], cookie: cookie)
        #expect(forged.status == 403 && forged.body.contains("CSRF"))
        #expect(try harness.unitWorkspace.store.digest() == before)
        // Signing out ends the session.
        let token = try await harness.csrf(cookie)
        #expect(try await harness.client.post("/logout", pairs: [("csrf", token)], cookie: cookie).status == 303)
        #expect(try await harness.client.get("/", cookie: cookie).status == 401)
    }

    @Test func bindingBeyondThisPCIsRefusedForAUnitStoreHasNoAccounts() async throws {
        #expect(throws: DudaoError.self) { try WorkstationServer.checkBinding(host: "0.0.0.0") }
        #expect(throws: DudaoError.self) { try WorkstationServer.checkBinding(host: "192.168.1.10") }
        try WorkstationServer.checkBinding(host: "127.0.0.1")
        // The real command refuses before it opens anything, in plain words, in either language.
        let cli = CommandRunner()
        #expect(try cli.run(["init", "--store", "unit", "--campaign", Fixtures.campaignPath, "--unit", WorkstationHarness.unit]).status == 0)
        let zh = try cli.run(["app", "--store", "unit", "--host", "0.0.0.0", "--port", "0"])
        #expect(zh.status == 1 && zh.stderr.contains("只在本机地址 127.0.0.1") && zh.stderr.contains("没有网页账号"))
        let en = try cli.run(["app", "--store", "unit", "--host", "0.0.0.0", "--lang", "en"])
        #expect(en.status == 1 && en.stderr.contains("serves on 127.0.0.1 only"))
        // At the bureau's store the workstation does not start at all.
        #expect(try cli.run(["init", "--store", "bureau", "--campaign", Fixtures.campaignPath, "--bureau"]).status == 0)
        let bureau = try cli.run(["app", "--store", "bureau", "--port", "0"])
        #expect(bureau.status == 1 && bureau.stderr.contains("只能在单位的数据库上运行"))
    }

    /// The launcher's secret gets a fresh sign-in secret, which retires the unused one before it;
    /// before the launcher secret is made, or with a wrong one, nothing is issued.
    @Test func theLauncherSecretIssuesOneFreshSignInSecretAtATime() async throws {
        let access = WorkstationAccess(secret: "printed")
        #expect(await access.signInSecret(forLauncher: "") == nil)
        let launcher = await access.newLauncherSecret()
        #expect(await access.signInSecret(forLauncher: "forged") == nil)
        #expect(await access.redeem("printed") != .wrong, "a wrong launcher secret retires nothing")
        let fresh = try #require(await access.signInSecret(forLauncher: launcher))
        let newer = try #require(await access.signInSecret(forLauncher: launcher))
        #expect(fresh != newer)
        #expect(await access.redeem(fresh) == .spent, "replaced by the newer one")
        guard case .opened = await access.redeem(newer) else { Issue.record("the newest secret opens a session"); return }
        #expect(await access.redeem(newer) == .spent)
        // A new launcher secret (a restart's) replaces the old one.
        _ = await access.newLauncherSecret()
        #expect(await access.signInSecret(forLauncher: launcher) == nil)
    }
}
