import DudaoBureau
import Foundation
import Testing

/// Issue 10: password guessing is throttled, login and logout need a CSRF token, cookies can be `Secure`.
@Suite struct LoginHardeningTests {
    /// A throttle on a hand-moved clock: three free failures, then a 30-second wait.
    static func throttle(_ clock: TestClock) -> LoginThrottle {
        var settings = LoginThrottle.Settings()
        settings.freeFailures = 3
        settings.firstWait = 30
        return LoginThrottle(settings: settings, now: { clock.now })
    }

    @Test func afterAFewFailuresTheRightPasswordWaitsWith429UntilTheWaitPasses() async throws {
        let clock = TestClock()
        let throttle = Self.throttle(clock)
        let harness = try await BureauHarness.start { try BureauServer(workspace: $0, maxBodyBytes: 1 << 20, loginThrottle: throttle) }
        for _ in 0..<3 {
            #expect(try await harness.postLogin(["name": "office", "password": "guess", "next": "/"]).status == 401)
        }
        let refused = try await harness.postLogin(["name": "office", "password": "office-password", "next": "/"])
        #expect(refused.status == 429)
        #expect(refused.body.contains("30 秒后再试"), "\(refused.body.prefix(400))")
        #expect(refused.headers["set-cookie"]?.contains("dudao_session=") != true)
        clock.now += 31
        #expect(try await harness.postLogin(["name": "office", "password": "office-password", "next": "/"]).status == 303)
        await harness.stop()
    }

    @Test func oneAddressGuessingManyAccountsIsSlowedForEveryAccount() async throws {
        let clock = TestClock()
        let throttle = Self.throttle(clock)
        let harness = try await BureauHarness.start { try BureauServer(workspace: $0, maxBodyBytes: 1 << 20, loginThrottle: throttle) }
        for name in ["a1", "a2", "a3"] {
            #expect(try await harness.postLogin(["name": name, "password": "guess"]).status == 401)
        }
        // 127.0.0.1 has failed three times: the viewer's right password from there waits too.
        #expect(try await harness.postLogin(["name": "viewer", "password": "viewer-password"]).status == 429)
        await harness.stop()
    }

    @Test func behindATrustedProxyTheForwardedAddressIsCounted() async throws {
        let clock = TestClock()
        let throttle = Self.throttle(clock)
        let harness = try await BureauHarness.start {
            try BureauServer(workspace: $0, maxBodyBytes: 1 << 20, trust: ProxyTrust(behindProxy: true), loginThrottle: throttle)
        }
        for name in ["a1", "a2", "a3"] {
            _ = try await harness.postLogin(["name": name, "password": "guess"], headers: ["X-Forwarded-For": "203.0.113.9"])
        }
        #expect(try await harness.postLogin(["name": "viewer", "password": "viewer-password"], headers: ["X-Forwarded-For": "203.0.113.9"]).status == 429)
        #expect(try await harness.postLogin(["name": "viewer", "password": "viewer-password"], headers: ["X-Forwarded-For": "198.51.100.4"]).status == 303)
        await harness.stop()
    }

    @Test func aLoginPostWithoutTheFormsTokenIsRefused() async throws {
        let harness = try await BureauHarness.start()
        let bare = try await harness.post("/login", form: ["name": "office", "password": "office-password", "next": "/"])
        #expect(bare.status == 403)
        #expect(bare.body.contains("<!doctype html>") && bare.body.contains("CSRF"))
        #expect(bare.headers["set-cookie"]?.contains("dudao_session=") != true)
        // A token without its cookie (a cross-site form copies the field but cannot send the cookie) is refused too.
        let (_, token) = try await harness.loginForm()
        let noCookie = try await harness.post("/login", form: ["name": "office", "password": "office-password", "csrf": token])
        #expect(noCookie.status == 403)
        let page = try await harness.get("/login")
        let setCookie = page.headers["set-cookie"] ?? ""
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), "\(setCookie)")
        #expect(try await harness.postLogin(["name": "office", "password": "office-password"]).status == 303)
        await harness.stop()
    }

    @Test func logoutIsAFormWithTheSessionsToken() async throws {
        let harness = try await BureauHarness.start()
        let cookie = try await harness.login("office", "office-password")
        // A forged sign-out (no token) leaves the session alone.
        let forged = try await harness.post("/logout", form: [:], cookie: cookie)
        #expect(forged.status == 403)
        #expect(try await harness.get("/", cookie: cookie).status == 200)
        let overview = try await harness.get("/", cookie: cookie)
        #expect(overview.body.contains("href=\"/logout\""))
        let page = try await harness.get("/logout", cookie: cookie)
        let token = try #require(BureauHarness.csrf(in: page.body))
        let out = try await harness.post("/logout", form: ["csrf": token], cookie: cookie)
        #expect(out.status == 303)
        #expect(try await harness.get("/", cookie: cookie).status == 303)
        await harness.stop()
    }

    @Test func cookiesAreSecureWhenTheOptionOrATrustedProxySaysHTTPS() async throws {
        let plain = try await BureauHarness.start()
        #expect(try await plain.get("/login").headers["set-cookie"]?.contains("Secure") == false)
        // Without --behind-proxy the header is anyone's to send, so it changes nothing.
        #expect(try await plain.request("GET", "/login", headers: ["X-Forwarded-Proto": "https"]).headers["set-cookie"]?.contains("Secure") == false)
        await plain.stop()

        let secure = try await BureauHarness.start { try BureauServer(workspace: $0, maxBodyBytes: 1 << 20, trust: ProxyTrust(secureCookies: true)) }
        #expect(try await secure.get("/login").headers["set-cookie"]?.contains("; Secure") == true)
        let login = try await secure.postLogin(["name": "office", "password": "office-password"])
        #expect(login.status == 303)
        let cookies = login.headers["set-cookie"] ?? ""
        #expect(cookies.contains("dudao_session=") && cookies.contains("SameSite=Lax; Secure"), "\(cookies)")
        await secure.stop()

        let proxied = try await BureauHarness.start { try BureauServer(workspace: $0, maxBodyBytes: 1 << 20, trust: ProxyTrust(behindProxy: true)) }
        #expect(try await proxied.request("GET", "/login", headers: ["X-Forwarded-Proto": "https"]).headers["set-cookie"]?.contains("; Secure") == true)
        #expect(try await proxied.get("/login").headers["set-cookie"]?.contains("Secure") == false)
        await proxied.stop()
    }
}
