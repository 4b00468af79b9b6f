import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation

/// Enrolment in one trip: the bureau issues a kit for a unit; the unit's store is made from it.
extension Workspace {
    /// How long a kit stays usable when no expiry is given.
    public static let defaultKitDays = 30

    /// At the bureau: issues an enrolment kit for `unit` and returns the signed file's bytes.
    /// The code is written into the file only; the store keeps its public key. `expires` is the
    /// last day the kit may be used (in the campaign's time zone); `address` is the bureau's sync
    /// URL. `actor` names the office account (nil from the command line).
    public func issueKit(unit: String, address: String? = nil, expires: LocalDate? = nil, actor: String? = nil) throws -> (data: Data, kit: IssuedKit) {
        guard identity.isBureau else { throw DudaoError("只有教育局能签发登记包", "only the bureau issues enrolment kits") }
        guard campaign.unit(unit) != nil else {
            throw DudaoError("活动名单中没有单位“\(unit)”", "the campaign has no unit '\(unit)'")
        }
        if let address {
            guard let url = URL(string: address), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw DudaoError("--address 应为 http:// 或 https:// 开头的网址，而不是“\(address)”",
                                 "--address must be an http:// or https:// URL, not '\(address)'")
            }
        }
        let now = store.environment.now()
        let lastDay = expires ?? today.adding(days: Self.defaultKitDays)
        guard lastDay >= today else {
            throw DudaoError("有效期 \(lastDay) 早于今天 \(today)", "the expiry \(lastDay) is before today, \(today)")
        }
        let expiresMs = Int64(engine.calendar.deadlineInstant(lastDay).timeIntervalSince1970 * 1000)
        let code = EnrolmentKit.newCode()
        let kit = EnrolmentKit(
            format: EnrolmentKit.formatName, kitID: store.environment.newID(), campaignID: campaign.id,
            campaign: String(decoding: try store.campaignDefinition(), as: UTF8.self), unit: unit,
            bureau: .init(node: identity.nodeID, publicKey: identity.publicKey.base64EncodedString(), keyID: identity.keyID, address: address),
            code: code.base64EncodedString(), issuedMs: now, expiresMs: expiresMs)
        let data = try kit.signed(with: try NodeKeys.privateKey(in: store.directory))
        let issued = IssuedKit(kitID: kit.kitID, unit: unit, codeKey: try EnrolmentKit.codeKey(code).publicKey.rawRepresentation,
                               address: address, issuedMs: now, expiresMs: expiresMs, issuedBy: actor)
        try store.recordIssuedKit(issued)
        return (data, issued)
    }

    /// At a unit, before anything is made: reads a kit file's bytes and checks everything that can
    /// be checked without the bureau — layout, the bureau's signature, the code, expiry at the
    /// store clock's now, the campaign inside, and that the campaign's roster has the unit. The
    /// workstation's first-run page shows what it returns; ``initFromKit`` reads the same way.
    public static func readKit(_ data: Data, file: String, environment: StoreEnvironment = .live) throws -> KitReading {
        let kit = try EnrolmentKit.read(data, file: file, now: environment.now())
        let campaignData = Data(kit.campaign.utf8)
        let campaign = try CampaignLoader.decode(campaignData, file: "\(file)#campaign")
        guard campaign.id == kit.campaignID else {
            throw KitError(file: file, zh: "所附活动是 \(campaign.id)，登记包却写着 \(kit.campaignID)",
                           en: "the campaign inside is \(campaign.id), but the kit names \(kit.campaignID)")
        }
        guard let unit = campaign.unit(kit.unit) else {
            throw KitError(file: file, zh: "所附活动的名单中没有单位 \(kit.unit)", en: "the campaign inside has no unit \(kit.unit)")
        }
        return KitReading(kit: kit, campaign: campaign, unit: unit)
    }

    /// At a unit: makes the store at `directory` from a kit file's bytes — the campaign and unit it
    /// names, a new key pair, the bureau's key trusted — and keeps the proof of the kit's code that
    /// the unit's bundles carry until the bureau has enrolled the key. `file` names the input in
    /// errors. A kit that fails any check creates nothing; neither does a store that exists.
    /// (`dudao init --kit`, and the workstation's first-run page with the uploaded file.)
    public static func initFromKit(_ data: Data, file: String, at directory: URL, registry: PluginRegistry,
                                   environment: StoreEnvironment = .live) throws -> Workspace {
        let kit = try readKit(data, file: file, environment: environment).kit
        let campaignData = Data(kit.campaign.utf8)
        let existed = FileManager.default.fileExists(atPath: directory.path)
        let store = try Store.initialise(at: directory, campaignData: campaignData, unit: kit.unit, registry: registry, environment: environment)
        do {
            let claim = try kit.claim(for: store.identity.publicKey)
            let claimText = String(decoding: try JSONEncoder().encode(claim), as: UTF8.self)
            try store.adoptKit(bureauKey: kit.bureauKey, claim: claimText, address: kit.bureau.address)
            return try Workspace(store: store)
        } catch {
            // What `initialise` made goes again: the kit may be taken anew.
            for name in [Store.databaseFile, Store.databaseFile + "-wal", Store.databaseFile + "-shm", NodeKeys.privateKeyFile, NodeKeys.publicKeyFile] {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
            if !existed { try? FileManager.default.removeItem(at: directory) }
            throw error
        }
    }
}

/// What a checked kit holds, as the unit sees it before taking it: the kit, its campaign, and the
/// unit of the campaign's roster it is for.
public struct KitReading: Sendable {
    public var kit: EnrolmentKit
    public var campaign: Campaign
    public var unit: CampaignUnit
}
