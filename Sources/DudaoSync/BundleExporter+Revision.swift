import DudaoKernel
import DudaoStore

extension BundleExporter {
    /// At the bureau, once the campaign has been revised, the revisions a bundle for `unit` carries,
    /// their documents added to `evidence` (content-addressed, so each hash is a fingerprint): those
    /// after the last one the unit's bundles said it holds (`campaignRevisionHeld`, when it is the
    /// bureau's revision of that number), else every revision from 0 (the campaign the bureau began
    /// with) to the one in force, so a unit that missed some catches up with the next bundle and
    /// judges settled periods under the same revisions as the bureau. Nil when the unit holds them all,
    /// at a unit, and before the first publication; `unit` nil (a restore bundle) carries them all.
    func carriedRevisions(for unit: String?, adding evidence: inout [ChangeCodec.Evidence]) throws -> [CampaignRevision]? {
        guard store.identity.isBureau else { return nil }
        let published = try store.campaignRevisions()
        guard published.count > 1 else { return nil }
        var carried = published
        if let unit, let held = try store.campaignRevisionHeld(by: unit),
           published.first(where: { $0.revision.number == held.number })?.revision.fingerprint == held.fingerprint {
            carried = published.filter { $0.revision.number > held.number }
        }
        guard !carried.isEmpty else { return nil }
        for revision in carried where !evidence.contains(where: { $0.hash == revision.revision.fingerprint }) {
            evidence.append(ChangeCodec.Evidence(hash: revision.revision.fingerprint, data: revision.document))
        }
        return carried.map(\.revision)
    }
}
