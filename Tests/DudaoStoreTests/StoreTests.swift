import DudaoKernel
@testable import DudaoStore
import DudaoTestSupport
import Foundation
import GRDB
import Testing

struct Note: RecordBody, Hashable {
    static let recordType = "alpha/note"
    static let title = LocalizedText(zh: "笔记", en: "note")
    static let example = Note(text: "x", on: LocalDate("2017-04-01")!)
    var text: String
    var on: LocalDate

    func validate(_ check: inout RecordCheck) { check.nonEmpty(text, at: "text") }
}

struct AlphaPlugin: Plugin {
    let manifest = PluginManifest(id: "alpha", version: 1, title: .init(zh: "甲", en: "alpha"), clauses: [])
    func register(in registrar: inout PluginRegistrar) {
        registrar.record(Note.self)
        registrar.index("on", of: Note.recordType)
    }
}

struct BetaPlugin: Plugin {
    let manifest = PluginManifest(id: "beta", version: 2, title: .init(zh: "乙", en: "beta"), clauses: [])
    func register(in registrar: inout PluginRegistrar) {
        registrar.index("on", of: Note.recordType)
        registrar.index("text", of: Note.recordType)
    }
}

/// A fresh store per test, in its own temporary directory.
func makeStore(unit: String? = "school-no1-high", plugins: [any Plugin] = [AlphaPlugin(), BetaPlugin()]) throws -> Store {
    let directory = Fixtures.temporaryDirectory("store").appendingPathComponent("data")
    let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))
    return try Store.initialise(at: directory, campaignData: data, unit: unit, registry: try PluginRegistry(plugins: plugins))
}

func note(_ text: String, _ day: String = "2017-04-01") throws -> NewRecord {
    try NewRecord(Note(text: text, on: LocalDate(day)!), unit: "school-no1-high")
}

@Suite struct StoreTests {
    /// The kernel's migrations, in the order they run.
    static let kernelMigrations = ["kernel.v1", "kernel.v2-sync", "kernel.v3-bureau-users", "kernel.v4-evidence-ack",
                                   "kernel.v5-merge-indexes", "kernel.v6-lean-record-indexes",
                                   "kernel.v7-held-waits-columns", "kernel.v8-sessions", "kernel.v9-revoked-keys",
                                   "kernel.v10-campaign-revisions", "kernel.v11-mixed-builds", "kernel.v12-bundle-log-sender",
                                   "kernel.v13-enrolment-kits", "kernel.v14-peer-revision-held"]

    @Test func migrationsRunKernelFirstThenPluginsInRegistrationOrderAndOnlyOnce() throws {
        let store = try makeStore()
        let applied = try store.appliedMigrations()
        #expect(Array(applied.prefix(Self.kernelMigrations.count)) == Self.kernelMigrations)
        #expect(applied.dropFirst(Self.kernelMigrations.count).map { $0.split(separator: ".")[1] } == ["alpha", "beta", "beta"])
        let again = try Store.open(at: store.directory, registry: store.registry)
        #expect(try again.appliedMigrations() == applied)
        let indexes = try again.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%' ORDER BY name")
        }
        #expect(indexes == ["idx_alpha_alpha_note_on", "idx_beta_alpha_note_on", "idx_beta_alpha_note_text"])
    }

    @Test func aNewPluginAddsItsMigrationsToAnExistingStore() throws {
        let store = try makeStore(plugins: [AlphaPlugin()])
        #expect(try store.appliedMigrations().count == Self.kernelMigrations.count + 1)
        let later = try Store.open(at: store.directory, registry: try PluginRegistry(plugins: [AlphaPlugin(), BetaPlugin()]))
        #expect(try later.appliedMigrations().count == Self.kernelMigrations.count + 3)
    }

    @Test func recordIDsCarryTheNodesTagAndSortByTime() throws {
        let store = try makeStore()
        let stored = try store.append([try note("one"), try note("two")])
        for record in stored {
            #expect(record.id.hasPrefix(String(store.identity.nodeID.suffix(8)) + "-"))
        }
        let early = StoreEnvironment.timeOrderedUUID(milliseconds: 1_491_000_000_000)
        let later = StoreEnvironment.timeOrderedUUID(milliseconds: 1_491_000_000_001)
        #expect(early < later)
        let characters = Array(early)
        #expect(UUID(uuidString: early) != nil && characters[14] == "7" && "89ab".contains(characters[19]))
        #expect(early.hasPrefix("015b") && early != StoreEnvironment.timeOrderedUUID(milliseconds: 1_491_000_000_000))
    }

    @Test func theMergeWritesOnlyTheIndexesSomethingReads() throws {
        let store = try makeStore()
        let indexes = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'change_log'")
        }
        // The primary key (origin, sequence) is the table itself; nothing else is written per change.
        #expect(indexes.isEmpty)
        // The record table keeps its id, the unit index and the plugins' partial indexes only.
        let recordIndexes = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'record' AND name NOT LIKE 'idx_%' ORDER BY name")
        }
        #expect(recordIndexes == ["record_unit_type", "sqlite_autoindex_record_1"])
    }

    @Test func theChangeLogIsGapFreeAndMonotonicAcrossBatchesAndDeletes() throws {
        let store = try makeStore()
        var ids: [String] = []
        for batch in 0..<5 {
            let stored = try store.append((0..<(batch + 1)).map { try note("n\(batch)-\($0)") })
            ids += stored.map(\.id)
        }
        try store.delete(id: ids[3])
        try store.append([try note("last")])
        let log = try store.changeLog()
        #expect(log.map(\.sequence) == Array(1...Int64(17)))
        #expect(Set(log.map(\.origin)) == [store.identity.nodeID])
        for (a, b) in zip(log, log.dropFirst()) { #expect(a.hlc < b.hlc) }
        #expect(log[15].record == ids[3])
    }

    @Test func aFailedValidationWritesNothing() throws {
        let store = try makeStore()
        try store.append([try note("keep")])
        let before = try store.changeLog().count
        let bad = try NewRecord(Note(text: "  ", on: LocalDate("2017-04-01")!), unit: "school-no1-high")
        #expect(throws: RecordValidationError.self) { try store.append([try note("a"), bad, try note("b")]) }
        #expect(try store.records().count == 1)
        #expect(try store.changeLog().count == before)
        let error = try #require(throws: RecordValidationError.self) { try store.append([bad], location: "input.json") }
        #expect(error.issues.map(\.path) == ["text"])
        #expect(error.message.en.contains("input.json"))
    }

    @Test func aWriteThatFailsInsideTheTransactionLeavesNothingBehind() throws {
        let store = try makeStore()
        try store.append([try note("one")])
        // A trigger on the writer connection aborts the third change of the next batch.
        try store.write { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER boom AFTER INSERT ON change_log WHEN NEW.seq = 4
                BEGIN SELECT RAISE(ABORT, 'boom'); END
                """)
        }
        #expect(throws: (any Error).self) { try store.append([try note("two"), try note("three"), try note("four")]) }
        #expect(try store.records().map { try $0.decode(Note.self).text } == ["one"])
        #expect(try store.changeLog().map(\.sequence) == [1])
        #expect(try store.auditTrail().filter { $0.action == "write" }.count == 1)
    }

    @Test func tombstonesHideARecordButKeepItForSync() throws {
        let store = try makeStore()
        let stored = try store.append([try note("gone"), try note("stays")])
        let tombstone = try store.delete(id: stored[0].id)
        #expect(tombstone.deleted)
        #expect(try store.records().map(\.id) == [stored[1].id])
        let all = try store.records(includeDeleted: true)
        #expect(all.count == 2)
        #expect(all.first { $0.id == stored[0].id }?.deleted == true)
        #expect(try store.record(id: stored[0].id)?.sequence == 3)
        #expect(throws: DudaoError.self) { try store.delete(id: stored[0].id) }
        #expect(throws: DudaoError.self) { try store.delete(id: "no-such-id") }
    }

    @Test func aUnitNodeWritesOnlyItsOwnUnitAndOnlyUnitTypes() throws {
        let store = try makeStore(plugins: [])
        let other = try NewRecord(LedgerItem.example, unit: "school-no2-high")
        #expect(throws: DudaoError.self) { try store.append([other]) }
        let inspection = try NewRecord(Inspection.example, unit: "school-no1-high")
        #expect(throws: DudaoError.self) { try store.append([inspection]) }
        let unknown = NewRecord(unit: "school-no1-high", type: "nope/nothing", body: Data("{}".utf8))
        #expect(throws: UnknownRecordType.self) { try store.append([unknown]) }
        #expect(try store.records().isEmpty)
    }

    @Test func ledgerProblemsAreWrittenWithTheirRecordInOneTransaction() throws {
        let store = try makeStore(unit: nil, plugins: [])
        let stored = try store.append([try NewRecord(Inspection.example, unit: "school-no1-high")])
        #expect(stored.map(\.type) == [Inspection.recordType, LedgerItem.recordType])
        let item = try stored[1].decode(LedgerItem.self)
        #expect(item.source == .bureauFinding && item.sourceRecord == stored[0].id)
        #expect(item.deadline == LocalDate("2017-05-31"))
    }

    @Test func initMakesAPrivateKeyOnlyTheOwnerCanRead() throws {
        let store = try makeStore()
        let attributes = try FileManager.default.attributesOfItem(atPath: store.directory.appendingPathComponent("node.key").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        _ = try NodeKeys.privateKey(in: store.directory)
        #expect(store.identity.publicKey.count == 32)
        #expect(try store.auditTrail().first?.action == "init")
    }

    @Test func initRefusesAnExistingStoreAndAnUnknownUnitChangingNothing() throws {
        let store = try makeStore()
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))
        let before = try Data(contentsOf: store.directory.appendingPathComponent("node.key"))
        #expect(throws: StoreError.self) {
            try Store.initialise(at: store.directory, campaignData: data, unit: nil, registry: store.registry)
        }
        #expect(try Data(contentsOf: store.directory.appendingPathComponent("node.key")) == before)
        let fresh = Fixtures.temporaryDirectory("store").appendingPathComponent("data")
        #expect(throws: DudaoError.self) {
            try Store.initialise(at: fresh, campaignData: data, unit: "school-atlantis", registry: store.registry)
        }
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
    }

    @Test func missingCorruptAndLockedStoresGiveClearErrors() throws {
        let registry = try PluginRegistry(plugins: [])
        let nowhere = Fixtures.temporaryDirectory("store").appendingPathComponent("none")
        #expect(storeErrorKind { try Store.open(at: nowhere, registry: registry) } == .missing)

        let corrupt = Fixtures.temporaryDirectory("store")
        try Data(repeating: 0x42, count: 4096).write(to: corrupt.appendingPathComponent(Store.databaseFile))
        #expect(storeErrorKind { try Store.open(at: corrupt, registry: registry) } == .corrupt)

        let store = try makeStore()
        // Another connection holds the write lock while this store tries to write.
        let holder = try DatabaseQueue(path: store.directory.appendingPathComponent(Store.databaseFile).path)
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? holder.inTransaction(.exclusive) { _ in
                locked.signal()
                release.wait()
                return .rollback
            }
        }
        locked.wait()
        #expect(storeErrorKind { try store.append([try note("blocked")]) } == .locked)
        release.signal()
        try holder.inDatabase { _ in }  // waits for the holder to finish
        try store.append([try note("free")])
        #expect(try store.integrityCheck() == "ok")
    }

    func storeErrorKind(_ body: () throws -> Any) -> StoreError.Kind? {
        do {
            _ = try body()
            return nil
        } catch let error as StoreError {
            return error.kind
        } catch {
            return .other
        }
    }
}
