import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing

/// Every link of the workstation leads to a page: a crawl from the home page, in both languages,
/// over a store with records, a ledger item and evidence, finds no 404 and no 500.
@Suite struct CrawlTests {
    @Test func everyLinkOfTheWorkstationLeadsToAPage() async throws {
        let harness = try await WorkstationHarness.start(today: "2017-05-10")
        defer { Task { await harness.stop() } }
        let workspace = harness.unitWorkspace
        let registry = try PluginList.registry()
        // Something on every page: each type's example that this unit may write, a photo, a ledger item.
        let photo = try workspace.store.addEvidence(Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]))
        var written = 0
        for type in registry.recordTypes where type.writers.allows(bureau: false) && type.id != LedgerTransition.recordType {
            if (try? workspace.addRecord(type: type.id, body: type.example, evidence: written == 0 ? [photo] : [])) != nil { written += 1 }
        }
        #expect(written >= 10)
        let cookie = try await harness.signIn()
        var queue = ["/", "/?lang=en"], seen = Set<String>(), failures: [String] = []
        while let path = queue.first, seen.count < 600 {
            queue.removeFirst()
            guard seen.insert(path).inserted else { continue }
            let reply = try await harness.client.get(path, cookie: cookie)
            if reply.status != 200 { failures.append("\(path) → \(reply.status)") }
            guard reply.headers["content-type"]?.hasPrefix("text/html") == true else { continue }
            for link in TestHTTPClient.links(in: reply.body) where !seen.contains(link) && !link.hasPrefix("/assets/") {
                queue.append(link)
            }
        }
        #expect(failures.isEmpty, "\(failures)")
        #expect(seen.count > 40)
        #expect(seen.contains { $0.hasPrefix("/records/new") } && seen.contains { $0.hasPrefix("/evidence/") } && seen.contains("/unit"))
    }
}
