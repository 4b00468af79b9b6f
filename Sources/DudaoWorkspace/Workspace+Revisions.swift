import DudaoKernel
import DudaoStore
import Foundation

/// What one revision of the campaign changed, for `status` and the workstation's "what changed".
public struct RevisionSummary: Sendable, Codable, Hashable {
    public var number: Int
    public var fingerprint: String
    public var effectiveOn: LocalDate
    /// The revision it follows.
    public var previous: Int
    /// `published` at the bureau, `received` at a unit.
    public var origin: String
    /// When this store adopted it (milliseconds since 1970, the store's clock).
    public var recordedMs: Int64
    public var changes: [CampaignChange]

    /// The summary in `language`: a heading and one line a change.
    public func lines(_ language: Language) -> [String] {
        let heading = language == .zh
            ? "活动修订 \(number)（自 \(effectiveOn) 起生效，接替修订 \(previous)）："
            : "Campaign revision \(number) (in force from \(effectiveOn), after revision \(previous)):"
        let none = language == .zh ? "  内容无实质变化" : "  nothing of substance changed"
        return [heading] + (changes.isEmpty ? [none] : changes.map { "  · " + $0.text(language) })
    }
}

extension Workspace {
    /// The revision in force and what each revision this store adopted changed, newest first
    /// (`limit` of them): what `status` prints and the workstation shows as "what changed".
    public func revisionChanges(limit: Int = .max) throws -> [RevisionSummary] {
        try revisionChanges(limit: limit, adoptedSince: nil)
    }

    /// As `revisionChanges(limit:)`, keeping only the revisions this store adopted at or after
    /// `since` (milliseconds, the store's clock). Only the campaigns the kept summaries compare are
    /// decoded, so asking for news that is not there costs one read.
    public func revisionChanges(limit: Int = .max, adoptedSince since: Int64?) throws -> [RevisionSummary] {
        let stored = try store.campaignRevisions()
        guard stored.count > 1 else { return [] }
        let kept = stored.indices.dropFirst().reversed().prefix(limit).filter { stored[$0].recordedMs >= since ?? .min }
        var campaigns: [Int: Campaign] = [:]
        func campaign(_ index: Int) throws -> Campaign {
            if let known = campaigns[index] { return known }
            let revision = stored[index]
            let decoded = try CampaignLoader.decode(revision.document, file: "campaign_revision[\(revision.revision.number)]")
            campaigns[index] = decoded
            return decoded
        }
        return try kept.map { index in
            let revision = stored[index]
            return RevisionSummary(number: revision.revision.number, fingerprint: revision.revision.fingerprint,
                                   effectiveOn: revision.revision.effectiveOn, previous: stored[index - 1].revision.number,
                                   origin: revision.origin, recordedMs: revision.recordedMs,
                                   changes: CampaignChange.between(try campaign(index - 1), try campaign(index)))
        }
    }

    /// At the bureau: publishes `document` as the next revision (refused, nothing stored, when it is
    /// invalid or incompatible: `Store.publishRevision`), then, on a workspace over the revision now
    /// in force, moves merged units' open ledger items to the units that took them over. What
    /// `dudao campaign publish` does; a running `dudao serve` adopts the revision at its next request.
    public func publishRevision(_ document: Data, effectiveOn: LocalDate, file: String,
                                actor: String? = nil) throws -> (revision: CampaignRevision, published: Workspace, moved: Int) {
        let revision = try store.publishRevision(document, effectiveOn: effectiveOn, file: file, actor: actor)
        let published = try Workspace(store: store.reopened(), cache: engine.cache)
        return (revision, published, try published.transferMergedUnitsLedger(account: actor))
    }
}
