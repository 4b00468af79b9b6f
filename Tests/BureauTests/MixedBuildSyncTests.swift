import DudaoBureau
import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// A home-visits phase that only the unit's (newer) build has: the bureau runs the shipped plugins.
struct HomeVisitsPlugin: Plugin {
    struct Visit: RecordBody {
        static let recordType = "homevisit/visit"
        static let title = LocalizedText(zh: "家访", en: "home visit")
        static var example: Visit { Visit(visitedOn: LocalDate("2017-05-02")!, family: "学生家长") }
        var visitedOn: LocalDate
        var family: String
    }

    let manifest = PluginManifest(id: "homevisit", version: 1, title: LocalizedText(zh: "家访", en: "Home visits"), clauses: [])

    func register(in registrar: inout PluginRegistrar) {
        registrar.record(Visit.self)
    }
}

/// Over real HTTP: a unit on a newer build (an extra plugin) and an edited campaign file uploads
/// to a bureau on the shipped build; the bureau keeps what it cannot evaluate, says so in its
/// answer and on its sync page.
@Suite(.serialized) struct MixedBuildSyncTests {
    @Test func theBureauAnswersAndShowsAMissingPluginAndOtherCampaignContents() async throws {
        let harness = try await BureauHarness.start()
        // The unit's campaign file differs from the bureau's by one parameter.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: harness.campaignPath))) as? [String: Any])
        Fixtures.setCampaignParameter(&object, key: "dueSoonDays", value: 3)
        let unitRoot = harness.cli.directory.appendingPathComponent("newer-unit")
        let newer = try PluginRegistry(plugins: PluginList.all + [HomeVisitsPlugin()])
        let unit = try Store.initialise(at: unitRoot, campaignData: try JSONSerialization.data(withJSONObject: object), unit: "school-no1-high",
                                        registry: newer)
        try harness.workspace.store.enrol(unit: "school-no1-high", publicKey: unit.identity.publicKey)
        try unit.enrol(unit: nil, publicKey: harness.workspace.store.identity.publicKey)
        let visit = try unit.append([NewRecord(HomeVisitsPlugin.Visit.example, unit: "school-no1-high")])[0]
        let item = try unit.append([NewRecord(unit: "school-no1-high", type: LedgerItem.recordType, body: try RecordCoding.encode(
            LedgerItem(title: "家访发现的问题", source: .selfInspection, measures: ["回访"], deadline: LocalDate("2017-06-30"),
                       responsiblePerson: "张主任", registeredOn: LocalDate("2017-05-03")!)))])[0]

        let bundle = try BundleExporter(store: unit).bundle()
        let reply = try await harness.request("POST", "/api/v1/bundles", body: bundle.data, contentType: "application/vnd.dudao.bundle")
        #expect(reply.status == 200, "\(reply.body)")
        let answer = try JSONDecoder().decode(UploadAnswer.self, from: reply.data)
        #expect(answer.status == "applied")
        let builds = try #require(answer.builds)
        #expect(builds.missingPlugins == [MissingPlugin(plugin: "homevisit", version: 1, installed: nil, types: ["homevisit/visit"], changes: 1)])
        #expect(builds.campaign?.there == unit.campaignFingerprint && builds.campaign?.here == harness.workspace.store.campaignFingerprint)
        #expect(builds.messages.contains { $0.contains("plugin homevisit v1 is missing") })
        #expect(builds.messagesZh?.contains { $0.contains("缺少插件 homevisit v1") } == true)
        #expect(try SchemaValidator.errors([.init("POST /api/v1/bundles", schema: "output/import-outcome.schema.json", json: reply.data)]) == [])

        // Applied what it could, kept the visit, counted it in the digest.
        let bureau = harness.workspace.store
        #expect(try bureau.record(id: item.id) != nil && bureau.record(id: visit.id) == nil)
        #expect(try bureau.digest(unit: "school-no1-high") == unit.digest())

        // The sync page's notice, in both languages, for the office.
        let cookie = try await harness.login("office", "office-password")
        let zh = try await harness.get("/sync", cookie: cookie)
        #expect(zh.status == 200)
        #expect(zh.body.contains("各节点程序版本不同") && zh.body.contains("缺少插件 homevisit v1"))
        #expect(zh.body.contains(String(unit.campaignFingerprint.prefix(12))) && zh.body.contains(String(bureau.campaignFingerprint.prefix(12))))
        let en = try await harness.get("/sync?lang=en", cookie: cookie)
        #expect(en.body.contains("Nodes run different builds") && en.body.contains("plugin homevisit v1 is missing"))
        // A leader who does not cover the unit hears nothing of it.
        let outsider = try await harness.login("outsider", "outsider-password")
        let other = try await harness.get("/sync", cookie: outsider)
        #expect(other.status == 200 && !other.body.contains("homevisit"))

        // The unit pulls the bureau's bundle and hears both: the bureau lacks homevisit, other campaign contents.
        let down = BundleImporter(store: unit).importReporting(try BundleExporter(store: bureau).bundle(for: "school-no1-high").data)
        #expect(down.outcome.isApplied)
        #expect(down.notes.senderLacks == [PluginVersion(plugin: "homevisit", version: 1)])
        #expect(down.notes.campaign?.there == bureau.campaignFingerprint)
        await harness.stop()
    }
}
