import DudaoKernel
import DudaoStore

extension BundleImporter {
    /// The campaign revisions a bundle carries, checked: declared critical, sent by the bureau (a
    /// unit's key never publishes one), numbered consecutively (`HeaderRules`) from 0 or from just
    /// after revisions this unit holds, with each document carried and a valid campaign, none
    /// differing from a revision received before under its number, the last not older than the one in
    /// force here and compatible with this unit's records. Empty when none is carried.
    func receivedRevisions(_ file: BundleFile, evidence: [ChangeCodec.Evidence], senderUnit: String?) throws(BundleError) -> [IncomingRevision] {
        let header = file.header
        let declared = header.critical.contains(BundleFormat.revisionCapability)
        guard let stamps = header.campaignRevisions else {
            guard !declared else {
                throw BundleError(.badHeader, "头部声明了 \(BundleFormat.revisionCapability)，却没有 campaignRevisions",
                                  "the header declares \(BundleFormat.revisionCapability) but has no campaignRevisions")
            }
            return []
        }
        guard declared else {
            throw BundleError(.badHeader, "头部带有 campaignRevisions，却未在 critical 中声明 \(BundleFormat.revisionCapability)",
                              "the header carries campaignRevisions without declaring \(BundleFormat.revisionCapability) critical")
        }
        guard senderUnit == nil, store.identity.unit != nil else {
            throw BundleError(.unauthorised, "只有教育局能发布活动修订，\(senderUnit ?? "本节点") 的数据包却带有修订",
                              "only the bureau publishes campaign revisions; a bundle from \(senderUnit ?? "the bureau to the bureau") carries some")
        }
        var revisions: [IncomingRevision] = []
        for stamp in stamps {
            guard let document = evidence.first(where: { $0.hash == stamp.fingerprint })?.data else {
                throw BundleError(.revisionRefused, "修订 \(stamp.number) 的活动文件（\(stamp.fingerprint.prefix(12))…）不在数据包中",
                                  "the document of revision \(stamp.number) (\(stamp.fingerprint.prefix(12))…) is not in the bundle")
            }
            do {
                let campaign = try CampaignLoader.decode(document, file: "revision \(stamp.number) of bundle \(header.bundleID)")
                revisions.append(IncomingRevision(revision: stamp, document: document, campaign: campaign))
            } catch {
                let message = (error as? any DudaoFailure)?.message ?? LocalizedText(zh: "\(error)", en: "\(error)")
                throw BundleError(.revisionRefused, message.zh, message.en)
            }
        }
        let problems: [DecodingProblem]
        do {
            problems = try store.revisionProblems(revisions)
        } catch {
            throw BundleError(.revisionRefused, "无法检查活动修订：\(error)", "cannot check the campaign revisions: \(error)")
        }
        guard problems.isEmpty else {
            let refusal = RevisionRefusal(file: "bundle \(header.bundleID)", problems: problems)
            throw BundleError(.revisionRefused, refusal.message.zh, refusal.message.en)
        }
        return revisions
    }
}
