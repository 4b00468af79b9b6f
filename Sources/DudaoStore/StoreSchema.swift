import DudaoKernel
import GRDB

/// The store's migrations: the kernel's first, then each plugin's in registration order.
///
/// Migration ids are never edited once shipped; a new need is a new migration.
enum StoreSchema {
    static func migrator(for registry: PluginRegistry) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("kernel.v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE record (
                    id TEXT PRIMARY KEY NOT NULL,
                    unit TEXT NOT NULL,
                    type TEXT NOT NULL,
                    body TEXT NOT NULL,
                    author TEXT,
                    hlc_wall INTEGER NOT NULL,
                    hlc_counter INTEGER NOT NULL,
                    origin TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    deleted INTEGER NOT NULL DEFAULT 0,
                    evidence TEXT NOT NULL DEFAULT '[]'
                );
                CREATE INDEX record_unit_type ON record(unit, type);
                CREATE INDEX record_type ON record(type);
                CREATE TABLE change_log (
                    origin TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    hlc_wall INTEGER NOT NULL,
                    hlc_counter INTEGER NOT NULL,
                    record_id TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    type TEXT NOT NULL,
                    deleted INTEGER NOT NULL,
                    PRIMARY KEY (origin, seq)
                ) WITHOUT ROWID;
                CREATE INDEX change_log_record ON change_log(record_id);
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at_ms INTEGER NOT NULL,
                    node TEXT NOT NULL,
                    actor TEXT,
                    action TEXT NOT NULL,
                    subject TEXT,
                    detail TEXT
                );
                """)
        }
        migrator.registerMigration("kernel.v2-sync") { db in
            try db.execute(sql: """
                CREATE INDEX record_origin_seq ON record(origin, seq);
                CREATE TABLE knowledge (
                    origin TEXT PRIMARY KEY NOT NULL,
                    through INTEGER NOT NULL
                );
                CREATE TABLE enrolment (
                    key_id TEXT PRIMARY KEY NOT NULL,
                    unit TEXT,
                    public_key BLOB NOT NULL,
                    enrolled_ms INTEGER NOT NULL
                );
                CREATE TABLE peer (
                    peer TEXT PRIMARY KEY NOT NULL,
                    acked INTEGER NOT NULL DEFAULT 0,
                    last_sent TEXT,
                    last_received TEXT,
                    last_received_ms INTEGER
                );
                CREATE TABLE bundle_log (
                    bundle_id TEXT PRIMARY KEY NOT NULL,
                    sender_unit TEXT,
                    sender_node TEXT NOT NULL,
                    content_sha256 TEXT NOT NULL,
                    status TEXT NOT NULL,
                    reason TEXT,
                    changes INTEGER NOT NULL,
                    received_ms INTEGER NOT NULL
                );
                CREATE TABLE held_bundle (
                    bundle_id TEXT PRIMARY KEY NOT NULL,
                    sender_node TEXT NOT NULL,
                    waits_for TEXT NOT NULL,
                    data BLOB NOT NULL,
                    received_ms INTEGER NOT NULL
                );
                CREATE TABLE refused_bundle (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    bundle_id TEXT,
                    sender_unit TEXT,
                    reason TEXT NOT NULL,
                    received_ms INTEGER NOT NULL
                );
                CREATE TABLE conflict (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    record_id TEXT NOT NULL,
                    loser_origin TEXT NOT NULL,
                    loser_seq INTEGER NOT NULL,
                    loser_hlc TEXT NOT NULL,
                    loser_body TEXT NOT NULL,
                    winner_origin TEXT NOT NULL,
                    winner_hlc TEXT NOT NULL,
                    UNIQUE (record_id, loser_origin, loser_seq)
                );
                CREATE TABLE evidence (
                    hash TEXT PRIMARY KEY NOT NULL,
                    size INTEGER NOT NULL,
                    data BLOB NOT NULL
                );
                CREATE TABLE evidence_sent (
                    peer TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    PRIMARY KEY (peer, hash)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("kernel.v3-bureau-users") { db in
            try db.execute(sql: """
                CREATE TABLE bureau_user (
                    name TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL,
                    person TEXT,
                    password_hash TEXT NOT NULL,
                    created_ms INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("kernel.v4-evidence-ack") { db in
            // Evidence counts as delivered once the peer acknowledges the bundle that carried it.
            try db.execute(sql: "ALTER TABLE evidence_sent ADD COLUMN through INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("kernel.v5-merge-indexes") { db in
            // Nothing looks change-log entries up by record, and the index made every merged
            // change one more write at a random place.
            try db.execute(sql: "DROP INDEX change_log_record")
        }
        migrator.registerMigration("kernel.v6-lean-record-indexes") { db in
            // Every merged change writes each index of `record`. A node's own changes are found
            // through the change log's key (origin, seq), records of a type through the unit
            // index or the bureau's snapshot: these two indexes cost every merge and served little.
            try db.execute(sql: "DROP INDEX record_origin_seq; DROP INDEX record_type")
        }
        migrator.registerMigration("kernel.v7-held-waits-columns") { db in
            // A held bundle waited for "origin:after" packed in one string; the two parts are
            // columns now. Node ids hold no colon, so the first one splits them.
            try db.execute(sql: """
                ALTER TABLE held_bundle ADD COLUMN waits_for_origin TEXT NOT NULL DEFAULT '';
                ALTER TABLE held_bundle ADD COLUMN waits_for_after INTEGER NOT NULL DEFAULT 0;
                UPDATE held_bundle SET waits_for_origin = substr(waits_for, 1, instr(waits_for, ':') - 1),
                    waits_for_after = CAST(substr(waits_for, instr(waits_for, ':') + 1) AS INTEGER);
                ALTER TABLE held_bundle DROP COLUMN waits_for;
                """)
        }
        migrator.registerMigration("kernel.v8-sessions") { db in
            // Signed-in sessions live in the store, so a restart keeps them; an account can be
            // disabled, which ends its sessions. Only a hash of the cookie's token is kept.
            try db.execute(sql: """
                ALTER TABLE bureau_user ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE session (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    user TEXT NOT NULL REFERENCES bureau_user(name) ON DELETE CASCADE,
                    csrf TEXT NOT NULL,
                    created_ms INTEGER NOT NULL,
                    expires_ms INTEGER NOT NULL,
                    last_seen_ms INTEGER NOT NULL
                );
                CREATE INDEX session_user ON session(user);
                """)
        }
        migrator.registerMigration("kernel.v9-revoked-keys") { db in
            // A replaced or lost key is revoked, not forgotten: the bundles it signed before stay
            // valid (importing one again is "already had it"), later ones are refused. Bundles carry
            // no trusted time, so "later" is by sequence: the limits are what this store held of
            // each origin when the key was revoked.
            try db.execute(sql: """
                CREATE TABLE revoked_key (
                    key_id TEXT PRIMARY KEY NOT NULL,
                    unit TEXT,
                    public_key BLOB NOT NULL,
                    revoked_ms INTEGER NOT NULL,
                    replaced_by TEXT,
                    actor TEXT
                );
                CREATE TABLE revoked_key_limit (
                    key_id TEXT NOT NULL REFERENCES revoked_key(key_id) ON DELETE CASCADE,
                    origin TEXT NOT NULL,
                    through INTEGER NOT NULL,
                    PRIMARY KEY (key_id, origin)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("kernel.v10-campaign-revisions") { db in
            // The bureau publishes revisions of the campaign; units adopt them from its bundles.
            // Each is kept whole, so periods settled under an earlier one keep being judged by it.
            try db.execute(sql: """
                CREATE TABLE campaign_revision (
                    number INTEGER PRIMARY KEY NOT NULL,
                    fingerprint TEXT NOT NULL,
                    effective_on TEXT NOT NULL,
                    document TEXT NOT NULL,
                    recorded_ms INTEGER NOT NULL,
                    origin TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("kernel.v11-mixed-builds") { db in
            // A node built without a record type's plugin keeps the changes of that type as they
            // came (`opaque_change`), out of `record` so that nothing evaluates them, until a
            // build with the plugin validates them and merges them. `peer_build` keeps what each
            // peer's last bundle said of its build: campaign fingerprint and plugin versions.
            try db.execute(sql: """
                CREATE TABLE opaque_change (
                    origin TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    record_id TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    type TEXT NOT NULL,
                    plugin TEXT NOT NULL,
                    plugin_version INTEGER NOT NULL,
                    author TEXT,
                    hlc_wall INTEGER NOT NULL,
                    hlc_counter INTEGER NOT NULL,
                    deleted INTEGER NOT NULL,
                    evidence TEXT NOT NULL DEFAULT '[]',
                    body BLOB NOT NULL,
                    change BLOB NOT NULL,
                    writer_unit TEXT,
                    bundle_id TEXT NOT NULL,
                    received_ms INTEGER NOT NULL,
                    status TEXT NOT NULL DEFAULT 'waiting',
                    judged_version INTEGER,
                    reason_zh TEXT,
                    reason_en TEXT,
                    PRIMARY KEY (origin, seq)
                ) WITHOUT ROWID;
                CREATE INDEX opaque_change_record ON opaque_change(record_id);
                CREATE TABLE peer_build (
                    peer TEXT PRIMARY KEY NOT NULL,
                    node TEXT NOT NULL,
                    campaign TEXT NOT NULL,
                    campaign_fingerprint TEXT,
                    plugin_versions TEXT NOT NULL,
                    bundle_id TEXT NOT NULL,
                    seen_ms INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("kernel.v12-bundle-log-sender") { db in
            // A record's creator is known by its origin node: a peer's node by the bundles it sent
            // (`sender_unit`). The merge looks a node up there when a change would write a record
            // another node created, so the look-up is a point query.
            try db.execute(sql: "CREATE INDEX bundle_log_sender_node ON bundle_log(sender_node)")
        }
        migrator.registerMigration("kernel.v13-enrolment-kits") { db in
            // Enrolment kits the bureau issued: one per unit and trip. The one-time code itself is
            // never kept, only the Ed25519 public key derived from it, which checks a unit's proof
            // of the code but cannot make one. A kit is spent by the first key it enrols.
            try db.execute(sql: """
                CREATE TABLE enrolment_kit (
                    kit_id TEXT PRIMARY KEY NOT NULL,
                    unit TEXT NOT NULL,
                    code_key BLOB NOT NULL,
                    address TEXT,
                    issued_ms INTEGER NOT NULL,
                    expires_ms INTEGER NOT NULL,
                    issued_by TEXT,
                    spent_ms INTEGER,
                    spent_key_id TEXT
                );
                CREATE INDEX enrolment_kit_unit ON enrolment_kit(unit);
                """)
        }
        migrator.registerMigration("kernel.v14-peer-revision-held") { db in
            // The last campaign revision each unit says it holds (its bundles' campaignRevisionHeld):
            // the bureau's next bundle to it carries only the revisions after that one.
            try db.execute(sql: """
                ALTER TABLE peer ADD COLUMN revision_held INTEGER;
                ALTER TABLE peer ADD COLUMN revision_held_fingerprint TEXT;
                """)
        }
        for plugin in registry.plugins {
            for index in registry.indexes where index.plugin == plugin.id {
                migrator.registerMigration("plugin.\(plugin.id).\(index.name)") { db in
                    let field = index.field.replacingOccurrences(of: "'", with: "''")
                    let type = index.recordType.replacingOccurrences(of: "'", with: "''")
                    try db.execute(sql: """
                        CREATE INDEX "\(index.name)" ON record(unit, json_extract(body, '$.\(field)')) WHERE type = '\(type)'
                        """)
                }
            }
        }
        return migrator
    }
}
