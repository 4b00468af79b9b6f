import DudaoKernel
import Foundation
import GRDB

/// A node's SQLite store: its records, change log, audit trail, campaign and identity.
///
/// A store is a directory (0700): `dudao.sqlite` (WAL, 0600), `node.key` (0600) and `node.pub`.
/// See ``StorePrivacy``. Every local
/// write validates first, then appends records and change-log entries in one transaction.
public struct Store: Sendable {
    public static let databaseFile = "dudao.sqlite"
    /// The running workstation's launcher secret (0600), kept beside the store (`dudao app`).
    public static let launcherSecretFile = "launcher.secret"

    public let directory: URL
    public let registry: PluginRegistry
    public let environment: StoreEnvironment
    public let campaign: Campaign
    public let identity: NodeIdentity
    /// SHA-256 of the campaign's canonical JSON (`CampaignContent`): bundles name it beside the campaign id.
    public let campaignFingerprint: String
    let pool: DatabasePool

    var databasePath: String { directory.appendingPathComponent(Self.databaseFile).path }

    /// Opens an initialised store; missing, damaged or locked stores give a `StoreError`.
    public static func open(at directory: URL, registry: PluginRegistry, environment: StoreEnvironment = .live) throws -> Store {
        let path = directory.appendingPathComponent(databaseFile).path
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError(.missing, path: directory.path) }
        StorePrivacy.tighten(directory)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration())
            let migrator = StoreSchema.migrator(for: registry)
            try StoreVersion.refuseNewer(pool, migrator: migrator, path: directory.path)
            try migrator.migrate(pool)
            let meta = try pool.read { db in
                try Dictionary(uniqueKeysWithValues: MetaEntry.fetchAll(db).map { ($0.key, $0.value) })
            }
            guard let nodeID = meta["node_id"], let campaignJSON = meta["campaign"],
                  let publicKey = meta["public_key"].flatMap({ Data(base64Encoded: $0) }) else {
                throw StoreError(.notInitialised, path: directory.path, detail: "meta")
            }
            let campaign = try CampaignLoader.decode(Data(campaignJSON.utf8), file: "\(path)#meta.campaign")
            let identity = NodeIdentity(nodeID: nodeID, unit: meta["unit"], publicKey: publicKey)
            let store = Store(directory: directory, registry: registry, environment: environment, campaign: campaign,
                              identity: identity, campaignFingerprint: try campaignFingerprint(campaignJSON, meta: meta, pool: pool),
                              pool: pool)
            // Changes kept for a plugin this build now has take effect (or are reported invalid).
            try store.applyKnownOpaqueChanges()
            return store
        } catch {
            throw StoreError.from(error, path: directory.path)
        }
    }

    /// Creates a store for `unit` (nil for the bureau) with `campaignData` as its campaign.
    /// Refuses an existing store; removes what it made if any step fails.
    @discardableResult
    public static func initialise(at directory: URL, campaignData: Data, unit: String?, registry: PluginRegistry,
                                  environment: StoreEnvironment = .live) throws -> Store {
        let campaign = try CampaignLoader.decode(campaignData, file: "campaign")
        if let unit, campaign.unit(unit) == nil {
            throw DudaoError("活动名单中没有单位“\(unit)”。可选：\(campaign.units.map(\.id).joined(separator: "、"))",
                             "the campaign has no unit '\(unit)'. Known units: \(campaign.units.map(\.id).joined(separator: ", "))")
        }
        let manager = FileManager.default
        let path = directory.appendingPathComponent(databaseFile).path
        if manager.fileExists(atPath: path) || manager.fileExists(atPath: directory.appendingPathComponent(NodeKeys.privateKeyFile).path) {
            throw StoreError(.exists, path: directory.path)
        }
        let createdDirectory = !manager.fileExists(atPath: directory.path)
        do {
            if createdDirectory { try StorePrivacy.makeDirectory(directory) }
            let publicKey = try NodeKeys.generate(in: directory)
            try StorePrivacy.createDatabaseFile(path)
            let pool = try DatabasePool(path: path, configuration: configuration())
            try StoreSchema.migrator(for: registry).migrate(pool)
            let nodeID = environment.newID()
            let campaignText = String(decoding: campaignData, as: UTF8.self)
            try pool.write { db in
                var meta = ["node_id": nodeID, "campaign": campaignText, "public_key": publicKey.base64EncodedString(),
                            "created_ms": String(environment.now()), "role": unit == nil ? "bureau" : "unit"]
                if let unit { meta["unit"] = unit }
                for (key, value) in meta { try MetaEntry(key: key, value: value).insert(db) }
                try Self.audit(db, node: nodeID, at: environment.now(), actor: nil, action: "init",
                               subject: unit ?? "bureau", detail: campaign.id)
            }
            try pool.close()
            return try open(at: directory, registry: registry, environment: environment)
        } catch {
            for file in [databaseFile, databaseFile + "-wal", databaseFile + "-shm", NodeKeys.privateKeyFile, NodeKeys.publicKeyFile] {
                try? manager.removeItem(at: directory.appendingPathComponent(file))
            }
            if createdDirectory { try? manager.removeItem(at: directory) }
            throw StoreError.from(error, path: directory.path)
        }
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(2)
        configuration.journalMode = .wal
        // Every commit waits for the disk, but a merge's (see `writeResendable`).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return configuration
    }

    /// Appends an audit entry: who did what, when, on which node. The one writer of `audit`:
    /// every store operation that changes something calls it in its own transaction.
    static func audit(_ db: Database, node: String, at: Int64, actor: String?, action: String, subject: String?, detail: String?) throws {
        // Prepared once per connection: every imported bundle writes a line.
        try db.cachedStatement(sql: "INSERT INTO audit (at_ms, node, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [at, node, actor, action, subject, detail])
    }

    /// Runs `body` in a write transaction, mapping SQLite errors to `StoreError`.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch { throw StoreError.from(error, path: directory.path) }
    }

    /// Runs `body` in a write transaction whose commit does not wait for the disk to confirm
    /// (WAL with `synchronous = NORMAL`): atomic and consistent, and safe against a killed process,
    /// but a power cut may lose the last such commits. Only for merging bundles: a sender keeps
    /// sending its changes until this node acknowledges them, and an acknowledgement is read from
    /// this store, so a lost merge is sent again. Local writes keep `synchronous = FULL`, and so
    /// does the export's bookkeeping, committed before a bundle leaves: its sync of the WAL makes
    /// every merge before it durable before any acknowledgement of it is sent.
    func writeResendable<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError.from(error, path: directory.path)
        }
    }

    /// Copies the write-ahead log into the database file as far as no reader needs it (a passive
    /// checkpoint): after a long import, so the log does not wait for the next one.
    public func checkpoint() throws {
        do {
            try pool.writeWithoutTransaction { db in _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        } catch {
            throw StoreError.from(error, path: directory.path)
        }
    }

    /// Runs `body` in a read transaction, mapping SQLite errors to `StoreError`.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw StoreError.from(error, path: directory.path) }
    }

    /// The ids of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
    }

    /// `PRAGMA integrity_check`'s answer: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
