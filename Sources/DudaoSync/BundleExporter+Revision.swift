import DudaoKernel
import DudaoStore

extension BundleExporter {
    /// At the bureau, once the campaign has been revised: every revision from 0 (the campaign the
    /// bureau began with) to the one in force,
    /// their documents added to `evidence` (content-addressed, so each hash is a fingerprint). Every
    /// bureau bundle carries them all, so a unit that missed one catches up with the next and judges
    /// settled periods under the same revisions as the bureau; one that has them changes nothing.
    /// Nil at a unit and before the first publication.
    func carriedRevisions(adding evidence: inout [ChangeCodec.Evidence]) throws -> [CampaignRevision]? {
        guard store.identity.isBureau else { return nil }
        let published = try store.campaignRevisions()
        guard published.count > 1 else { return nil }
        for revision in published where !evidence.contains(where: { $0.hash == revision.revision.fingerprint }) {
            evidence.append(ChangeCodec.Evidence(hash: revision.revision.fingerprint, data: revision.document))
        }
        return published.map(\.revision)
    }
}
