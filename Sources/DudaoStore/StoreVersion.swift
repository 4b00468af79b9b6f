import DudaoKernel
import GRDB

/// Which schema a store is at: the identifiers of the migrations applied to it, compared with
/// those this binary knows. A store written by a newer binary is refused before anything is
/// migrated or read; one written by an older binary is migrated forward when it opens.
public enum StoreVersion {
    /// The newest kernel migration this binary knows: the store schema it writes.
    public static let current: String = {
        let registry = try? PluginRegistry(plugins: [])
        return registry.map { StoreSchema.migrator(for: $0).migrations.last ?? "" } ?? ""
    }()

    /// Throws `NewerStoreError` when the store at `path` has migrations this binary does not know.
    static func refuseNewer(_ writer: some DatabaseWriter, migrator: DatabaseMigrator, path: String) throws {
        let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
        let known = Set(migrator.migrations)
        let unknown = applied.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw NewerStoreError(path: path, storeMigrations: unknown, binarySchema: current)
        }
    }
}

/// A store written by a newer Dudao than this one: refused, nothing changed.
public struct NewerStoreError: DudaoFailure, CustomStringConvertible {
    public var path: String
    /// The store's migrations this binary does not know.
    public var storeMigrations: [String]
    /// The newest kernel migration this binary knows.
    public var binarySchema: String

    public var message: LocalizedText {
        let theirs = storeMigrations.joined(separator: ", ")
        return LocalizedText(
            zh: "数据库 \(path) 由较新版本的督导写入（数据库架构含 \(theirs)），本程序是督导 \(DudaoRelease.version)，只认识到 \(binarySchema)。请安装新版督导后再打开；数据库未做任何改动",
            en: "the store \(path) was written by a newer Dudao (its schema has \(theirs)); this is Dudao \(DudaoRelease.version), which knows the schema up to \(binarySchema). Install the newer Dudao to open it; nothing was changed")
    }

    public var description: String { message.en }
}
