import DudaoStore
import DudaoTestSupport
import Foundation
import Testing

/// A school's store is private to the OS user who made it, however it was made: the folder 0700,
/// the database and its -wal/-shm 0600, the key 0600. A store made before is tightened on open.
@Suite struct StorePrivacyTests {
    let cli = CommandRunner()

    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: cli.directory.appendingPathComponent(path).path)[.posixPermissions] as? Int)
    }

    /// The folder, the database, its WAL files (after a write) and the key of `store`.
    func expectPrivate(_ store: String, _ how: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try mode(store) == 0o700, "\(how): folder", sourceLocation: sourceLocation)
        for file in [Store.databaseFile, NodeKeys.privateKeyFile] {
            #expect(try mode("\(store)/\(file)") == 0o600, "\(how): \(file)", sourceLocation: sourceLocation)
        }
        // Reading opens the database; SQLite gives -wal and -shm the database file's mode.
        #expect(try cli.run(["status", "--store", store]).status == 0, sourceLocation: sourceLocation)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("\(store)/\(Store.databaseFile)\(suffix)").path) {
            #expect(try mode("\(store)/\(Store.databaseFile)\(suffix)") == 0o600, "\(how): \(suffix)", sourceLocation: sourceLocation)
        }
    }

    func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try cli.run(arguments)
        #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)", sourceLocation: sourceLocation)
    }

    @Test func everyWayOfMakingAStoreMakesItPrivate() throws {
        let unit = "school-no1-high"
        try run(["init", "--store", "bureau", "--campaign", Fixtures.campaignPath, "--bureau"])
        try expectPrivate("bureau", "init --bureau")
        try run(["init", "--store", "school", "--campaign", Fixtures.campaignPath, "--unit", unit])
        try expectPrivate("school", "init --campaign")
        // Made inside a folder that does not exist yet: the store's own folder is the private one.
        try run(["init", "--store", "nested/deeper/school", "--campaign", Fixtures.campaignPath, "--unit", unit])
        try expectPrivate("nested/deeper/school", "init into new folders")

        try run(["bureau", "kit", "--store", "bureau", "--unit", unit, "--to", "school.dudaokit", "--address", "https://dudao.example.gov.cn"])
        try run(["init", "--store", "by-kit", "--kit", "school.dudaokit"])
        try expectPrivate("by-kit", "init --kit")

        try run(["key", "export", "--store", "school", "--to", "school.pub"])
        try run(["key", "export", "--store", "bureau", "--to", "bureau.pub"])
        try run(["bureau", "enrol", "--store", "bureau", "--unit", unit, "--key", "school.pub"])
        try run(["bundle", "export", "--store", "bureau", "--for", unit, "--restore", "--to", "restore.dbd"])
        try run(["init", "--store", "by-restore-bundle", "--campaign", Fixtures.campaignPath, "--unit", unit,
                 "--restore", "restore.dbd", "--bureau-key", "bureau.pub"])
        try expectPrivate("by-restore-bundle", "init --restore")

        try run(["backup", "--store", "school", "--to", "school.dudaobackup"])
        try run(["restore", "--store", "from-backup", "school.dudaobackup"])
        try expectPrivate("from-backup", "dudao restore")
    }

    /// A store made by an older build (0755 and 0644) is tightened the next time it is opened.
    @Test func anOlderStoreIsTightenedOnOpen() throws {
        try run(["init", "--store", "old", "--campaign", Fixtures.campaignPath, "--unit", "school-no1-high"])
        let folder = cli.directory.appendingPathComponent("old")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.appendingPathComponent(Store.databaseFile).path)
        #expect(try mode("old") == 0o755 && mode("old/\(Store.databaseFile)") == 0o644)
        #expect(try cli.run(["status", "--store", "old"]).status == 0)
        try expectPrivate("old", "opened again")
    }
}
