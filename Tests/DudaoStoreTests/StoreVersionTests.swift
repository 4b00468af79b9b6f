import DudaoKernel
@testable import DudaoStore
import DudaoTestSupport
import Foundation
import GRDB
import Testing

/// Upgrades: a store of the previous schema opens and migrates; a store of a newer one is
/// refused by this binary, naming both versions, and left as it was.
@Suite struct StoreVersionTests {
    /// Takes the newest kernel migration back out of a store: the store the previous binary wrote.
    static func downgrade(_ store: Store) throws -> URL {
        let directory = store.directory
        let newest = StoreVersion.current
        #expect(newest == "kernel.v14-peer-revision-held")
        try store.pool.close()
        let queue = try DatabaseQueue(path: directory.appendingPathComponent(Store.databaseFile).path)
        try queue.write { db in
            try db.execute(sql: "ALTER TABLE peer DROP COLUMN revision_held_fingerprint")
            try db.execute(sql: "ALTER TABLE peer DROP COLUMN revision_held")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [newest])
        }
        try queue.close()
        return directory
    }

    static func migrations(at directory: URL) throws -> [String] {
        let queue = try DatabaseQueue(path: directory.appendingPathComponent(Store.databaseFile).path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
    }

    @Test func aStoreOfThePreviousSchemaOpensAndMigrates() throws {
        let registry = try PluginRegistry(plugins: [AlphaPlugin(), BetaPlugin()])
        let original = try makeStore()
        let added = try original.append([NewRecord(unit: "school-no1-high", type: Note.recordType, body: RecordCoding.encode(Note.example))])
        let identity = original.identity
        let directory = try Self.downgrade(original)
        #expect(!(try Self.migrations(at: directory)).contains(StoreVersion.current))

        let reopened = try Store.open(at: directory, registry: registry)
        #expect(try reopened.appliedMigrations().contains(StoreVersion.current))
        #expect(reopened.identity == identity)
        #expect(try reopened.records().map(\.id) == added.map(\.id))
        #expect(try reopened.integrityCheck() == "ok")
        // The new columns are there, and read.
        #expect(try reopened.pool.read { db in try db.columns(in: "peer").map(\.name) }.contains("revision_held_fingerprint"))
        #expect(try reopened.campaignRevisionHeld(by: "school-no1-high") == nil)
    }

    @Test func aStoreOfANewerSchemaIsRefusedAndLeftAsItWas() throws {
        let registry = try PluginRegistry(plugins: [AlphaPlugin(), BetaPlugin()])
        let directory = try Self.downgrade(try makeStore())
        // A newer binary applied a migration this one does not know (and this one's newest is missing).
        let queue = try DatabaseQueue(path: directory.appendingPathComponent(Store.databaseFile).path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('kernel.v99-from-the-future')")
        }
        try queue.close()
        let before = try Self.migrations(at: directory)

        let error = try #require(throws: NewerStoreError.self) { try Store.open(at: directory, registry: registry) }
        #expect(error.storeMigrations == ["kernel.v99-from-the-future"])
        #expect(error.message.zh.contains("kernel.v99-from-the-future"))
        #expect(error.message.zh.contains(StoreVersion.current))
        #expect(error.message.zh.contains(DudaoRelease.version))
        #expect(error.message.en.contains("written by a newer Dudao"))
        #expect(error.message.en.contains("up to \(StoreVersion.current)"))
        #expect(try Self.migrations(at: directory) == before)
    }
}
