import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import DudaoWorkstation
import Foundation
import Testing

/// `dudao app` on a new PC: the first-run page takes the bureau's kit over HTTP as a browser sends
/// it, shows what it holds, and on confirmation makes the store and goes on to the workstation in
/// the same session; the unit's first bundle then enrols it at the bureau.
@Suite struct FirstRunTests {
    let root = Fixtures.temporaryDirectory("first-run")

    @Test func aKitTakenThroughTheBrowserMakesTheStoreAndTheFirstBundleEnrolsTheUnit() async throws {
        let bureau = try FirstRunHarness.bureau(in: root)
        let issued = try bureau.issueKit(unit: FirstRunHarness.unit, address: "https://dudao.example.gov.cn/")
        let harness = try await FirstRunHarness.start(in: root)
        defer { Task { await harness.stop() } }

        // Without the link nothing is shown; with it, the welcome page in Chinese.
        #expect(try await harness.client.get("/").status == 401)
        let session = try await harness.signIn()
        let welcome = try await harness.client.get("/", cookie: session.cookie)
        #expect(welcome.status == 200)
        #expect(welcome.body.contains("欢迎使用督导") && welcome.body.contains("enctype=\"multipart/form-data\"") && welcome.body.contains("name=\"kit\""))
        #expect(welcome.body.contains("换了电脑") && welcome.body.contains("--restore"))
        #expect(!welcome.body.contains("href=\"/sync\""))

        // The kit is checked and shown; nothing is made yet.
        let shown = try await harness.upload(issued.data, session)
        #expect(shown.status == 200, "\(shown.body)")
        #expect(shown.body.contains("新乡市第一中学"))
        #expect(shown.body.contains(Fingerprint.grouped(bureau.identity.keyID)))
        #expect(shown.body.contains("https://dudao.example.gov.cn/"))
        #expect(shown.body.contains("教育局“敢转争”实践活动办公室"))
        #expect(shown.body.contains("2017-05-30"))  // usable through: 30 days from the bureau's today
        #expect(!harness.madeAnything)

        // A confirmation without the session's form token is refused and makes nothing.
        let forged = try await harness.client.post("/setup/confirm", pairs: [("csrf", "forged")], cookie: session.cookie)
        #expect(forged.status == 403 && forged.body.contains("CSRF"))
        let missing = try await harness.client.post("/setup/confirm", pairs: [], cookie: session.cookie)
        #expect(missing.status == 403)
        #expect(!harness.madeAnything)

        // Confirmed: the store is made and the same browser lands on the unit's 待办 page.
        let confirmed = try await harness.client.post("/setup/confirm", pairs: [("csrf", session.csrf)], cookie: session.cookie)
        #expect(confirmed.status == 303 && confirmed.headers["location"] == "/")
        let flash = try #require(confirmed.cookies.first { $0.hasPrefix("dudao_flash=") })
        let workstation = try #require(await harness.server.workstation)
        let store = workstation.workspace.store
        #expect(FileManager.default.fileExists(atPath: harness.directory.appendingPathComponent(Store.databaseFile).path))
        #expect(store.identity.unit == FirstRunHarness.unit)
        // Private to this OS user from its making, as every store is.
        for (name, mode) in [("", 0o700), (Store.databaseFile, 0o600), (Store.databaseFile + "-wal", 0o600), (NodeKeys.privateKeyFile, 0o600)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: harness.directory.appendingPathComponent(name).path)
            #expect(attributes[.posixPermissions] as? Int == mode, "\(name)")
        }
        #expect(try store.enrolments() == [Enrolment(unit: nil, publicKey: bureau.identity.publicKey)])
        let todo = try await harness.client.get("/", cookie: session.cookie + "; " + flash)
        #expect(todo.status == 200)
        #expect(todo.body.contains("待办") && todo.body.contains("href=\"/sync\"") && todo.body.contains("新乡市第一中学"))
        #expect(todo.body.contains(Fingerprint.grouped(store.identity.keyID)) && todo.body.contains(Fingerprint.grouped(bureau.identity.keyID)))
        // The kit's address is the sync page's default.
        let sync = try await harness.client.get("/sync", cookie: session.cookie)
        #expect(sync.body.contains("value=\"https://dudao.example.gov.cn/\""))
        // A second click on the confirm button goes home; it makes nothing more.
        let again = try await harness.client.post("/setup/confirm", pairs: [("csrf", session.csrf)], cookie: session.cookie)
        #expect(again.status == 303 && again.headers["location"] == "/")
        // The link is still spent for a second browser.
        let second = try await harness.client.get("/?token=\(FirstRunHarness.secret)")
        #expect(second.status == 403 && second.body.contains("已经用过"))

        // The first bundle, downloaded from the sync page, enrols the unit at the bureau and spends the kit.
        let bundle = try await harness.client.post("/sync/export", pairs: [("csrf", session.csrf)], cookie: session.cookie)
        #expect(bundle.status == 200)
        let outcome = BundleImporter(store: bureau.store).importBundle(bundle.data)
        guard case .applied = outcome else { Issue.record("the first bundle was not applied: \(outcome)"); return }
        #expect(try bureau.store.enrolment(keyID: store.identity.keyID)?.unit == FirstRunHarness.unit)
        #expect(try bureau.store.issuedKit(issued.kit.kitID)?.spentKeyID == store.identity.keyID)
    }

    @Test func theFirstRunSpeaksEnglishBySwitch() async throws {
        let bureau = try FirstRunHarness.bureau(in: root)
        let harness = try await FirstRunHarness.start(in: root)
        defer { Task { await harness.stop() } }
        let session = try await harness.signIn(lang: "en")
        let welcome = try await harness.client.get("/?lang=en", cookie: session.cookie)
        #expect(welcome.body.contains("Welcome to Dudao") && welcome.body.contains("lang=\"en\""))
        let shown = try await harness.upload(try bureau.issueKit(unit: FirstRunHarness.unit).data, (session.cookie + "; dudao_lang=en", session.csrf))
        #expect(shown.body.contains("Xinxiang No. 1 High School") && shown.body.contains("The fingerprint matches"))
        let junk = try await harness.upload(Data("hello".utf8), filename: "notes.txt", (session.cookie + "; dudao_lang=en", session.csrf))
        #expect(junk.status == 400 && junk.body.contains("not a Dudao enrolment kit") && junk.body.contains("Nothing was created"))
        #expect(!harness.madeAnything)
    }

    /// A kit the page cannot take: how it is made, and the words the refusal must hold.
    struct BadKit: Sendable, CustomStringConvertible {
        var description: String
        var status: Int
        var reason: String
        var make: @Sendable (URL) throws -> Data
    }

    static let badKits: [BadKit] = [
        BadKit(description: "forged: another unit written into the signed part", status: 400, reason: "签名无效") { root in
            let kit = try FirstRunHarness.bureau(in: root).issueKit(unit: FirstRunHarness.unit).data
            return Data(String(decoding: kit, as: UTF8.self).replacingOccurrences(of: FirstRunHarness.unit, with: "school-no2-high").utf8)
        },
        BadKit(description: "expired: its last day was 2017-04-12", status: 400, reason: "已于 2017-04-12") { root in
            try FirstRunHarness.bureau(in: root, today: "2017-04-10").issueKit(unit: FirstRunHarness.unit, expires: LocalDate("2017-04-12")).data
        },
        BadKit(description: "another campaign inside than the kit names", status: 400, reason: "所附活动是 another-campaign-2018") { root in
            let bureau = try FirstRunHarness.bureau(in: root)
            var kit = try EnrolmentKit.read(try bureau.issueKit(unit: FirstRunHarness.unit).data, file: "k", now: FirstRunHarness.clock("2017-04-30").now())
            var object = try JSONSerialization.jsonObject(with: Data(kit.campaign.utf8)) as! [String: Any]
            object["id"] = "another-campaign-2018"
            kit.campaign = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            return try kit.signed(with: NodeKeys.privateKey(in: bureau.store.directory))
        },
        BadKit(description: "a unit its campaign does not have", status: 400, reason: "名单中没有单位 school-no-such") { root in
            let bureau = try FirstRunHarness.bureau(in: root)
            var kit = try EnrolmentKit.read(try bureau.issueKit(unit: FirstRunHarness.unit).data, file: "k", now: FirstRunHarness.clock("2017-04-30").now())
            kit.unit = "school-no-such"
            return try kit.signed(with: NodeKeys.privateKey(in: bureau.store.directory))
        },
        BadKit(description: "not a kit at all: the campaign file", status: 400, reason: "不是督导登记包") { _ in
            try Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))
        },
        BadKit(description: "an empty file", status: 400, reason: "请选择") { _ in Data() },
        BadKit(description: "too big: 9 MiB", status: 413, reason: "超过登记包的上限 8 MB") { _ in Data(repeating: 0x7B, count: 9 << 20) },
    ]

    @Test(arguments: badKits) func aBadKitIsRefusedWithItsReasonAndMakesNothing(_ bad: BadKit) async throws {
        let data = try bad.make(root)
        let harness = try await FirstRunHarness.start(in: root)
        defer { Task { await harness.stop() } }
        let session = try await harness.signIn()
        let reply = try await harness.upload(data, session)
        #expect(reply.status == bad.status, "\(bad): \(reply.status)")
        #expect(reply.body.contains(bad.reason) && reply.body.contains("没有建立任何数据"), "\(bad): \(reply.body)")
        // The page offers the upload again, and a confirmation now has no kit to take.
        #expect(reply.body.contains("name=\"kit\""))
        let confirm = try await harness.client.post("/setup/confirm", pairs: [("csrf", session.csrf)], cookie: session.cookie)
        #expect(confirm.status == 400 && confirm.body.contains("请先选择登记包"))
        #expect(!harness.madeAnything)
        #expect(await harness.server.workstation == nil)
    }

    /// A kit's code is spent at the bureau, which the unit cannot see offline: a second PC takes
    /// the same kit, but its first bundle is refused at the bureau, naming the kit as used, and the
    /// bureau keeps the first PC's key.
    @Test func aSpentKitsSecondPCIsRefusedAtTheBureau() async throws {
        let bureau = try FirstRunHarness.bureau(in: root)
        let kit = try bureau.issueKit(unit: FirstRunHarness.unit).data
        var keys: [String] = []
        var bundles: [Data] = []
        for name in ["first-pc", "second-pc"] {
            let harness = try await FirstRunHarness.start(in: root, name: name)
            let session = try await harness.signIn()
            #expect(try await harness.upload(kit, session).status == 200)
            #expect(try await harness.client.post("/setup/confirm", pairs: [("csrf", session.csrf)], cookie: session.cookie).status == 303)
            let bundle = try await harness.client.post("/sync/export", pairs: [("csrf", session.csrf)], cookie: session.cookie)
            bundles.append(bundle.data)
            keys.append(try #require(await harness.server.workstation).workspace.identity.keyID)
            await harness.stop()
        }
        guard case .applied = BundleImporter(store: bureau.store).importBundle(bundles[0]) else { Issue.record("the first PC was refused"); return }
        let digest = try bureau.store.digest()
        guard case .refused(let error) = BundleImporter(store: bureau.store).importBundle(bundles[1]) else {
            Issue.record("the second PC's bundle was taken"); return
        }
        #expect(error.message.en.contains("already used") && error.message.zh.contains("已于"))
        #expect(try bureau.store.digest() == digest)
        #expect(try bureau.store.enrolments().filter { $0.unit == FirstRunHarness.unit }.map(\.keyID) == [keys[0]])
    }
}
