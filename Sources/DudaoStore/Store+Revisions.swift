import DudaoKernel
import Foundation
import GRDB

/// A revision as a bundle delivers it: the bureau's stamp, the document and the campaign it decodes to.
public struct IncomingRevision: Sendable {
    public var revision: CampaignRevision
    public var document: Data
    public var campaign: Campaign

    public init(revision: CampaignRevision, document: Data, campaign: Campaign) {
        self.revision = revision
        self.document = document
        self.campaign = campaign
    }
}

/// A revision as the store keeps it.
public struct StoredRevision: Sendable, Hashable {
    public var revision: CampaignRevision
    public var document: Data
    /// `initial`, `published` or `received`.
    public var origin: String
    public var recordedMs: Int64
}

extension Store {
    /// The revision in force: the last adopted, or revision 0 (the campaign of `init`).
    public func campaignRevision() throws -> CampaignRevision {
        try read { db in try Self.currentRevision(db).revision }
    }

    /// The number of the revision in force (0 until the first publication): one indexed read, so a
    /// long-running server can ask before every request whether another process published one.
    public func campaignRevisionNumber() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT MAX(number) FROM campaign_revision") ?? 0 }
    }

    /// The same store (database, identity, keys) with the campaign now in force, for a process that
    /// opened it before a revision was adopted; the database connections are shared, not reopened.
    public func reopened() throws -> Store {
        let meta = try read { db in
            try Dictionary(uniqueKeysWithValues: MetaEntry.fetchAll(db).map { ($0.key, $0.value) })
        }
        guard let campaignJSON = meta["campaign"] else { throw StoreError(.notInitialised, path: directory.path, detail: "meta") }
        let campaign = try CampaignLoader.decode(Data(campaignJSON.utf8), file: "\(databasePath)#meta.campaign")
        return Store(directory: directory, registry: registry, environment: environment, campaign: campaign, identity: identity,
                     campaignFingerprint: try Self.campaignFingerprint(campaignJSON, meta: meta, pool: pool), pool: pool)
    }

    /// Every revision kept, oldest first (empty until the first revision replaces the initial campaign).
    public func campaignRevisions() throws -> [StoredRevision] {
        try read { db in
            try CampaignRevisionRow.order(CampaignRevisionRow.Columns.number).fetchAll(db).map(Self.stored)
        }
    }

    /// The revisions with their campaigns, oldest first: what evaluation across revisions reads.
    public func campaignHistory() throws -> CampaignHistory {
        let stored = try campaignRevisions()
        guard stored.count > 1 else {
            return CampaignHistory(eras: [.init(revision: try campaignRevision(), campaign: campaign)])
        }
        return CampaignHistory(eras: try stored.map { revision in
            let campaign = try CampaignLoader.decode(revision.document, file: "\(databasePath)#campaign_revision[\(revision.revision.number)]")
            return .init(revision: revision.revision, campaign: campaign)
        })
    }

    /// At the bureau: the last revision `unit`'s bundles said it holds (number and fingerprint); nil
    /// when it never said, or its newest node has not.
    public func campaignRevisionHeld(by unit: String) throws -> (number: Int, fingerprint: String)? {
        try read { db in
            guard let peer = try Peer.fetchOne(db, key: unit), let number = peer.revisionHeld,
                  let fingerprint = peer.revisionHeldFingerprint else { return nil }
            return (number, fingerprint)
        }
    }

    /// The ids this store's records refer to (and the units with an enrolled key, and this unit).
    public func campaignReferences() throws -> CampaignReferences {
        try read { db in try Self.references(db, unit: self.identity.unit) }
    }

    /// Publishes `document` as the next revision, in force from `effectiveOn`: at the bureau only,
    /// and only when it is a valid campaign whose record types this build knows, compatible with
    /// the one in force, and different from it. One transaction; a refusal stores nothing.
    @discardableResult
    public func publishRevision(_ document: Data, effectiveOn: LocalDate, file: String, actor: String? = nil) throws -> CampaignRevision {
        guard identity.isBureau else {
            throw DudaoError("只有教育局能发布活动修订；单位从教育局的数据包接收修订",
                             "only the bureau publishes revisions; a unit receives them in the bureau's bundles")
        }
        let campaign = try CampaignLoader.decode(document, file: file)
        var problems: [DecodingProblem] = []
        for (index, clause) in campaign.clauses.enumerated() {
            for (position, type) in clause.recordTypes.enumerated() where registry.recordType(type) == nil {
                problems.append(DecodingProblem(path: "$.clauses[\(index)].recordTypes[\(position)]", reason: LocalizedText(
                    zh: "没有插件注册记录类型 \(type)", en: "no plugin registers the record type \(type)")))
            }
        }
        if !problems.isEmpty { throw RevisionRefusal(file: file, problems: problems) }
        let now = environment.now()
        let fingerprint = Self.sha256(document)
        return try write { db in
            let current = try Self.currentRevision(db)
            if current.campaign == campaign {
                throw DudaoError("\(file) 与现行修订 \(current.revision.number) 内容相同，未发布",
                                 "\(file) says what revision \(current.revision.number) says: nothing published")
            }
            let revision = CampaignRevision(number: current.revision.number + 1, fingerprint: fingerprint, effectiveOn: effectiveOn)
            try Self.adopt(db, revision, document: document, campaign: campaign, origin: "published", file: file,
                           unit: nil, node: self.identity.nodeID, now: now, actor: actor)
            return revision
        }
    }

    /// Why the revisions a bundle carries (0, 1, …, n, or k, …, n after the k − 1 this node holds)
    /// cannot be adopted here; empty when they can, or when every one of them is here already.
    public func revisionProblems(_ incoming: [IncomingRevision]) throws -> [DecodingProblem] {
        try read { db in
            switch try Self.toAdopt(db, incoming, unit: self.identity.unit) {
            case .success: return []
            case .failure(let refusal): return refusal.problems
            }
        }
    }

    /// Adopts, inside a verified bundle's transaction, the bureau's revisions not yet here; the last
    /// becomes the campaign in force. A `RevisionRefusal` (and nothing kept) when one differs from a
    /// revision received before under its number, the last is older than the one in force, or the
    /// last lacks this unit or an id its records use.
    static func adoptReceived(_ db: Database, _ incoming: [IncomingRevision], bundleID: String, unit: String?, node: String, now: Int64) throws {
        let adopted = try toAdopt(db, incoming, unit: unit).get()
        guard let last = incoming.last, !adopted.isEmpty else { return }
        for revision in adopted {
            try CampaignRevisionRow(number: revision.revision.number, fingerprint: revision.revision.fingerprint,
                                    effectiveOn: revision.revision.effectiveOn.description,
                                    document: String(decoding: revision.document, as: UTF8.self), recordedMs: now, origin: "received").save(db)
        }
        try MetaEntry(key: "campaign", value: String(decoding: last.document, as: UTF8.self)).save(db)
        try audit(db, node: node, at: now, actor: nil, action: "campaign-revision", subject: String(last.revision.number),
                  detail: "received \(adopted.map { String($0.revision.number) }.joined(separator: ",")) in bundle \(bundleID)")
    }

    /// The bureau's revisions (0, 1, …, n, or k, …, n when this store holds 0 … k − 1) this store does
    /// not hold yet, or why they cannot be adopted.
    /// A unit's own revision 0 is the file it was initialised with, a bootstrap: the bureau's
    /// revision 0 replaces it, so both judge every period under the same revisions.
    private static func toAdopt(_ db: Database, _ incoming: [IncomingRevision], unit: String?) throws -> Result<[IncomingRevision], RevisionRefusal> {
        let current = try currentRevision(db)
        var rows: [Int: CampaignRevisionRow] = [:]
        for row in try CampaignRevisionRow.fetchAll(db) { rows[row.number] = row }
        var problems: [DecodingProblem] = []
        func problem(_ path: String, _ zh: String, _ en: String) {
            problems.append(DecodingProblem(path: path, reason: LocalizedText(zh: zh, en: en)))
        }
        guard let first = incoming.first?.revision.number, let last = incoming.last,
              incoming.map(\.revision.number) == Array(first..<first + incoming.count) else {
            problem("campaignRevisions", "修订应依次编号 0、1、…", "the revisions must be numbered 0, 1, … in order")
            return .failure(RevisionRefusal(file: "campaignRevisions", problems: problems))
        }
        // A chain that starts after 0 continues the bureau's revisions this node holds: every one before it.
        let before = (0..<first).compactMap { rows[$0] }.filter { $0.origin != "initial" }
        guard before.count == first else {
            let held = (zh: before.isEmpty ? "本节点还没有任何修订" : "本节点只有到 \(before.count - 1) 的修订",
                        en: before.isEmpty ? "this node holds none" : "this node holds revisions only up to \(before.count - 1)")
            problem("campaignRevisions[0].number",
                    "数据包的修订从 \(first) 起，\(held.zh)；本节点的下一个数据包会告诉教育局，教育局随后的数据包将带上全部修订",
                    "the bundle's revisions start at \(first) but \(held.en); its next bundle tells the bureau so, and the bureau's next bundle carries them all")
            return .failure(RevisionRefusal(file: "campaignRevisions", problems: problems))
        }
        let chain = before.map { stored($0).revision } + incoming.map(\.revision)
        for revision in incoming.map(\.revision) {
            if let row = rows[revision.number], row.origin != "initial", row.fingerprint != revision.fingerprint {
                problem("campaignRevisions[\(revision.number - first)].fingerprint",
                        "修订 \(revision.number) 已有另一份内容（指纹 \(row.fingerprint.prefix(12))…，收到 \(revision.fingerprint.prefix(12))…）",
                        "revision \(revision.number) is already here with other content (fingerprint \(row.fingerprint.prefix(12))…, received \(revision.fingerprint.prefix(12))…)")
            }
        }
        if last.revision.number < current.revision.number {
            problem("campaignRevisions", "修订 \(last.revision.number) 早于本节点现行的修订 \(current.revision.number)，不予采用",
                    "revision \(last.revision.number) is older than revision \(current.revision.number) in force here")
        }
        for (earlier, later) in zip(chain.dropFirst(), chain.dropFirst(2)) where later.effectiveOn < earlier.effectiveOn {
            problem("campaignRevisions[\(later.number - first)].effectiveOn",
                    "修订 \(later.number) 的生效日期 \(later.effectiveOn) 早于修订 \(earlier.number) 的 \(earlier.effectiveOn)",
                    "revision \(later.number) takes effect on \(later.effectiveOn), before revision \(earlier.number) (\(earlier.effectiveOn))")
        }
        let adopted = incoming.filter { rows[$0.revision.number]?.fingerprint != $0.revision.fingerprint }
        guard problems.isEmpty, !adopted.isEmpty else {
            return problems.isEmpty ? .success([]) : .failure(RevisionRefusal(file: "campaignRevisions", problems: problems))
        }
        if let unit, last.campaign.unit(unit) == nil {
            problem("$.roster.units", "修订 \(last.revision.number) 的名单中没有本单位 \(unit)",
                    "revision \(last.revision.number)'s roster lacks this unit, \(unit)")
        }
        problems += CampaignCompatibility.problems(from: current.campaign, to: last.campaign, references: try references(db, unit: unit))
        return problems.isEmpty ? .success(adopted) : .failure(RevisionRefusal(file: "campaignRevisions", problems: problems))
    }

    /// Adopts the bureau's next revision as published: effective no earlier than the one before and
    /// compatible with it.
    private static func adopt(_ db: Database, _ revision: CampaignRevision, document: Data, campaign: Campaign, origin: String,
                              file: String, unit: String?, node: String, now: Int64, actor: String?) throws {
        let current = try currentRevision(db)
        var problems: [DecodingProblem] = []
        if current.revision.number > 0, revision.effectiveOn < current.revision.effectiveOn {
            problems.append(DecodingProblem(path: "effectiveOn", reason: LocalizedText(
                zh: "生效日期 \(revision.effectiveOn) 早于现行修订 \(current.revision.number) 的 \(current.revision.effectiveOn)",
                en: "it takes effect on \(revision.effectiveOn), before revision \(current.revision.number) did (\(current.revision.effectiveOn))")))
        }
        problems += CampaignCompatibility.problems(from: current.campaign, to: campaign, references: try references(db, unit: unit))
        if !problems.isEmpty { throw RevisionRefusal(file: file, problems: problems) }
        if try CampaignRevisionRow.fetchCount(db) == 0 {
            try CampaignRevisionRow(number: current.revision.number, fingerprint: current.revision.fingerprint,
                                    effectiveOn: current.revision.effectiveOn.description, document: String(decoding: current.document, as: UTF8.self),
                                    recordedMs: now, origin: "initial").insert(db)
        }
        let text = String(decoding: document, as: UTF8.self)
        try CampaignRevisionRow(number: revision.number, fingerprint: revision.fingerprint, effectiveOn: revision.effectiveOn.description,
                                document: text, recordedMs: now, origin: origin).insert(db)
        try MetaEntry(key: "campaign", value: text).save(db)
        try audit(db, node: node, at: now, actor: actor, action: "campaign-revision", subject: String(revision.number),
                  detail: "\(origin) \(revision.fingerprint) effective \(revision.effectiveOn)")
    }

    private static func currentRevision(_ db: Database) throws -> (revision: CampaignRevision, campaign: Campaign, document: Data) {
        guard let text = try MetaEntry.fetchOne(db, key: "campaign")?.value else {
            throw DudaoError("存储中没有活动", "the store holds no campaign")
        }
        let document = Data(text.utf8)
        let campaign = try CampaignLoader.decode(document, file: "meta.campaign")
        if let row = try CampaignRevisionRow.order(CampaignRevisionRow.Columns.number.desc).fetchOne(db) {
            return (stored(row).revision, campaign, document)
        }
        return (CampaignRevision(number: 0, fingerprint: sha256(document), effectiveOn: campaign.window.start), campaign, document)
    }

    private static func references(_ db: Database, unit: String?) throws -> CampaignReferences {
        var units = Set(try String.fetchAll(db, sql: "SELECT DISTINCT unit FROM record"))
        units.formUnion(try String.fetchAll(db, sql: "SELECT DISTINCT unit FROM enrolment WHERE unit IS NOT NULL"))
        if let unit { units.insert(unit) }
        return CampaignReferences(
            units: units,
            people: Set(try String.fetchAll(db, sql: "SELECT DISTINCT author FROM record WHERE author IS NOT NULL")),
            recordTypes: Set(try String.fetchAll(db, sql: "SELECT DISTINCT type FROM record")))
    }

    private static func stored(_ row: CampaignRevisionRow) -> StoredRevision {
        StoredRevision(revision: CampaignRevision(number: row.number, fingerprint: row.fingerprint,
                                                  effectiveOn: LocalDate(row.effectiveOn) ?? LocalDate(year: 1970, month: 1, day: 1)!),
                       document: Data(row.document.utf8), origin: row.origin, recordedMs: row.recordedMs)
    }
}
