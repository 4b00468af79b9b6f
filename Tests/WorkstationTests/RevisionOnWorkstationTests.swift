import DudaoKernel
import DudaoSync
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// A campaign revision reaches a school's running workstation in the bureau's bundle file: after
/// the import on the sync page, the next page judges under it and says what changed, without a restart.
@Suite struct RevisionOnWorkstationTests {
    @Test func aRevisionImportedOnTheSyncPageMovesTheDeadlineAndIsSaidInPlainWords() async throws {
        let harness = try await WorkstationHarness.start(today: "2017-04-30")
        defer { Task { await harness.stop() } }
        let cookie = try await harness.signIn()
        let csrf = try await harness.csrf(cookie)
        // Before: the 3.1 targets were due by 2017-04-20, so they are overdue on 04-30.
        let before = try await harness.client.get("/", cookie: cookie)
        #expect(before.body.contains("2017-04-20") && !before.body.contains("2017-05-10"))
        #expect(Self.section(before.body, from: "已逾期 (", to: "本周到期 (").contains("按期制定争先创优目标"))
        #expect(!before.body.contains("活动修订"))

        // The bureau moves the deadline to 05-10, in force before the old one passed, and its bundle carries the revision.
        _ = try harness.bureau.publishRevision(try CampaignEdit.targetsDue("2017-05-10"), effectiveOn: LocalDate("2017-04-15")!,
                                               file: "revised.json")
        let outgoing = try BundleExporter(store: harness.bureau.store).bundle(for: harness.unitID)
        let imported = try await harness.client.upload("/sync/import", cookie: cookie, fields: [
            (name: "csrf", filename: nil, data: Data(csrf.utf8)), (name: "bundle", filename: "bureau.dbd", data: outgoing.data)])
        #expect(imported.status == 303)

        // After: the same running server judges under revision 1 and says what changed.
        let after = try await harness.client.get("/", cookie: cookie)
        #expect(after.body.contains("活动修订 1（自 2017-04-15 起生效"), "\(after.body)")
        #expect(after.body.contains("2017-05-10"))
        // Judged under the revision: the targets are no longer overdue, they are due later.
        #expect(!Self.section(after.body, from: "已逾期 (", to: "本周到期 (").contains("按期制定争先创优目标"), "\(after.body)")
        #expect(Self.section(after.body, from: "本周到期 (", to: "已完成 (").contains("按期制定争先创优目标"))
        let unitPage = try await harness.client.get("/unit?lang=en", cookie: cookie)
        #expect(unitPage.status == 200)
        #expect(unitPage.body.contains("Campaign revision 1 (in force from 2017-04-15"))
        #expect(unitPage.body.contains("2017-05-10"))
    }

    /// The part of `body` between two headings.
    static func section(_ body: String, from: String, to: String) -> Substring {
        guard let start = body.range(of: from), let end = body.range(of: to, range: start.upperBound..<body.endIndex) else { return "" }
        return body[start.upperBound..<end.lowerBound]
    }
}
