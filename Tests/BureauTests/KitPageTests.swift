import DudaoBureau
import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// The bureau's unit page issues enrolment kits to the office only, through a CSRF-protected
/// form; a unit made from the downloaded kit enrols with its first uploaded bundle, and the
/// page and the upload's message show its key's fingerprint for the phone check.
@Suite struct KitPageTests {
    static let unit = "school-no1-high"

    /// The message a redirect's flash cookie carries.
    static func flash(_ reply: BureauHarness.Reply) -> String {
        let cookies = reply.headers["set-cookie"] ?? ""
        guard let start = cookies.range(of: "dudao_flash=") else { return "" }
        let value = cookies[start.upperBound...].prefix { $0 != ";" }
        return String(value).removingPercentEncoding ?? String(value)
    }

    @Test func theOfficeDownloadsAKitAndTheUnitEnrolsWithItsFirstBundle() async throws {
        let harness = try await BureauHarness.start()
        defer { Task { await harness.stop() } }
        let store = harness.workspace.store
        let office = try await harness.login("office", "office-password")
        let leader = try await harness.login("leader", "leader-password")
        let page = try await harness.get("/units/\(Self.unit)", cookie: office)
        #expect(page.body.contains("下载登记包") && page.body.contains("action=\"/units/\(Self.unit)/kit"))
        #expect(page.body.contains("尚未登记密钥"))
        let csrf = try #require(BureauHarness.csrf(in: page.body))
        // A leader sees no kit form and may not post one; nor may a forged form.
        let leaderPage = try await harness.get("/units/\(Self.unit)", cookie: leader)
        #expect(leaderPage.status == 200 && !leaderPage.body.contains("下载登记包"))
        let leaderCSRF = try #require(BureauHarness.csrf(in: try await harness.get("/logout", cookie: leader).body))
        #expect(try await harness.post("/units/\(Self.unit)/kit", form: ["csrf": leaderCSRF], cookie: leader).status == 403)
        #expect(try await harness.post("/units/\(Self.unit)/kit", form: ["csrf": "forged"], cookie: office).status == 403)
        #expect(try await harness.post("/units/\(Self.unit)/kit", form: [:], cookie: office).status == 403)
        // A date that is no date: refused with the reason, nothing issued.
        let badDate = try await harness.post("/units/\(Self.unit)/kit", form: ["csrf": csrf, "expires": "next week"], cookie: office)
        #expect(badDate.status == 303 && Self.flash(badDate).contains("YYYY-MM-DD"))
        #expect(try store.issuedKits().isEmpty)

        let download = try await harness.post("/units/\(Self.unit)/kit", form: ["csrf": csrf, "address": "https://dudao.example.gov.cn"], cookie: office)
        #expect(download.status == 200)
        #expect(download.headers["content-disposition"]?.contains("\(Self.unit).dudaokit") == true)
        let kit = try EnrolmentKit.read(download.data, file: "download", now: store.environment.now())
        #expect(kit.unit == Self.unit && kit.bureau.address == "https://dudao.example.gov.cn")
        #expect(try store.issuedKits(unit: Self.unit).map(\.issuedBy) == ["office"])

        // The unit's side, by its own command line: the kit, then its first bundle.
        let cli = harness.cli
        let kitPath = cli.directory.appendingPathComponent("school.dudaokit")
        try download.data.write(to: kitPath)
        let made = try cli.run(["init", "--store", "school", "--kit", kitPath.path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains(Fingerprint.grouped(harness.workspace.identity.keyID)))
        #expect(try cli.run(["bundle", "export", "--store", "school", "--to", "first.dbd"]).status == 0)
        let unitKey = try Store.open(at: cli.directory.appendingPathComponent("school"), registry: harness.workspace.registry).identity.keyID
        #expect(made.stdout.contains(Fingerprint.grouped(unitKey)))

        let upload = try await harness.upload("/sync/upload", cookie: office, csrf: csrf, fields: [
            (name: "bundle", filename: "first.dbd", data: try Data(contentsOf: cli.directory.appendingPathComponent("first.dbd")))])
        #expect(upload.status == 303)
        let message = Self.flash(upload)
        #expect(message.contains("已按登记包登记") && message.contains(Fingerprint.grouped(unitKey)), "\(message)")
        #expect(try store.enrolment(keyID: unitKey)?.unit == Self.unit)
        let after = try await harness.get("/units/\(Self.unit)", cookie: office)
        #expect(after.body.contains(Fingerprint.grouped(unitKey)) && after.body.contains("已用"))
    }
}
