import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation
import Synchronization
import Testing

/// Backups of the bureau's live store while its server merges bundles and serves pages: every
/// backup restores, passes its checks, and holds a state the live store really had.
@Suite struct BackupUnderLoadTests {
    /// What the load has done so far, shared by its tasks.
    final class Load: Sendable {
        let posted = Atomic<Int>(0)
        let pages = Atomic<Int>(0)
        /// The live store's digest before the first merge and after each one.
        let digests = Mutex<[String]>([])
    }

    static func studySession(_ n: Int) -> Data {
        Data(#"{"heldOn":"2017-04-\#(String(format: "%02d", 1 + n % 28))","hours":2,"materials":["party-constitution"],"participants":\#(10 + n % 40)}"#.utf8)
    }

    /// Runs blocking work (the `dudao` binary) off the test's executor.
    static func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    @Test func backupsTakenWhileTheServerMergesAndServesRestoreToStatesTheStoreHad() async throws {
        let harness = try await BureauHarness.start()
        let cli = harness.cli
        let live = harness.workspace.store
        // Two units' bundles, made beforehand: each round forty more records, each bundle all the
        // unit has not had acknowledged (so later bundles repeat earlier changes, as real ones do).
        var bundles: [Data] = []
        var stores: [Store] = []
        for unit in ["school-no1-high", "school-no2-high"] {
            let directory = try harness.enrolUnit(unit)
            stores.append(try Store.open(at: cli.directory.appendingPathComponent(directory), registry: harness.workspace.registry))
        }
        for round in 0..<12 {
            for store in stores {
                let unit = store.identity.unit!
                try store.append((0..<40).map { NewRecord(unit: unit, type: "publicity/study-session", body: Self.studySession(round * 40 + $0)) })
                bundles.append(try BundleExporter(store: store).bundle().data)
            }
        }
        let sent = bundles
        let load = Load()
        load.digests.withLock { $0.append(try! live.digest()) }
        let total = bundles.count

        let backupDirectory = cli.directory.appendingPathComponent("scheduled")
        let schedule = BackupSchedule(store: live, directory: backupDirectory, interval: .milliseconds(250), keep: 3)
        let scheduled = Task { try await schedule.run() }

        async let posting: Void = {
            for bundle in sent {
                let reply = try await harness.request("POST", "/api/v1/bundles", body: bundle, contentType: "application/vnd.dudao.bundle")
                #expect(reply.status == 200, "\(reply.body)")
                let digest = try live.digest()
                load.digests.withLock { $0.append(digest) }
                load.posted.add(1, ordering: .sequentiallyConsistent)
            }
        }()
        async let paging: Void = {
            let cookie = try await harness.login("office", "office-password")
            while load.posted.load(ordering: .sequentiallyConsistent) < total {
                for path in ["/", "/grid", "/units/school-no1-high", "/sync"] {
                    let reply = try await harness.get(path, cookie: cookie)
                    #expect(reply.status == 200, "\(path)")
                    load.pages.add(1, ordering: .sequentiallyConsistent)
                }
            }
        }()
        // `dudao backup`, the real binary on the same store, three times while the merges go on.
        var during: [(file: String, postedBefore: Int, postedAfter: Int)] = []
        for index in 0..<3 {
            while load.posted.load(ordering: .sequentiallyConsistent) < (index + 1) * total / 5 { try await Task.sleep(for: .milliseconds(10)) }
            let file = "live-\(index).dudaobak"
            let before = load.posted.load(ordering: .sequentiallyConsistent)
            let outcome = try await Self.offThread { try cli.run(["backup", "--store", "bureau", "--to", file, "--lang", "en"]) }
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("backed up to \(file)"))
            during.append((file, before, load.posted.load(ordering: .sequentiallyConsistent)))
        }
        try await posting
        try await paging
        scheduled.cancel()
        _ = await scheduled.result

        let states = Set(load.digests.withLock { $0 })
        #expect(states.count > total / 2)  // most merges brought something new
        #expect(during.contains { $0.postedBefore < total })  // taken while merges were still coming
        #expect(load.pages.load(ordering: .sequentiallyConsistent) > 0)
        for (index, backup) in during.enumerated() {
            let outcome = try cli.run(["restore", backup.file, "--store", "restored-\(index)", "--lang", "en"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("checks: integrity ok"))
            let digest = try #require(outcome.stdout.split(separator: "\n").first { $0.hasPrefix("  digest: ") }).dropFirst(10)
            #expect(states.contains(String(digest)), "backup \(index) (taken after \(backup.postedBefore) merges) holds a state the store never had")
            let restored = try Store.open(at: cli.directory.appendingPathComponent("restored-\(index)"), registry: harness.workspace.registry)
            #expect(try restored.check().passed)
            #expect(try restored.digest() == String(digest))
        }
        // The schedule kept its newest three, each a state the store had.
        let kept = try FileManager.default.contentsOfDirectory(atPath: backupDirectory.path).filter { $0.hasSuffix(".dudaobak") }.sorted()
        #expect((1...3).contains(kept.count))
        for (index, name) in kept.enumerated() {
            let report = try BackupRestore.restore(backupDirectory.appendingPathComponent(name).path,
                                                   into: cli.directory.appendingPathComponent("scheduled-\(index)"), force: false,
                                                   registry: harness.workspace.registry)
            #expect(report.check.passed)
            #expect(states.contains(report.check.digest))
        }
        // Restoring over a store is refused without --force.
        let refused = try cli.run(["restore", during[0].file, "--store", "restored-0", "--lang", "en"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("already holds a Dudao store; add --force"))

        // The unit page lists a revoked key in one short line.
        let office = try await harness.login("office", "office-password")
        #expect(!(try await harness.get("/units/school-no2-high", cookie: office)).body.contains("已吊销的密钥"))
        let old = stores[1].identity.keyID
        try live.revoke(unit: "school-no2-high", keyID: old)
        let page = try await harness.get("/units/school-no2-high", cookie: office)
        #expect(page.body.contains("已吊销的密钥：\(old)"))
        #expect(page.body.contains("有效至序号 480"))
        await harness.stop()
    }
}
