import DudaoKernel
import DudaoStore
import Foundation

/// Validates the record bodies of a bundle by their plugins' rules, exactly as a local write
/// does (`RecordType.validate`): body validation is most of what a merge costs. The first invalid body in bundle order is reported, by record and field.
struct BodyValidation: Sendable {
    let registry: PluginRegistry
    let campaign: Campaign

    init(store: Store) {
        registry = store.registry
        campaign = store.campaign
    }

    /// Validates every body in bundle order; throws the first invalid one's error. An import runs
    /// it for the next bundle on one core while the current bundle merges on the other.
    func validate(_ changes: [RecordEnvelope]) throws(BundleError) {
        // A bundle is one unit's: its unit is looked up again only when it changes.
        var unit: (id: String, unit: CampaignUnit?)?
        for change in changes {
            if unit?.id != change.unit { unit = (change.unit, campaign.unit(change.unit)) }
            if let failure = check(change, type: registry.recordType(change.type), unit: unit?.unit) { throw failure }
        }
    }

    private func check(_ change: RecordEnvelope, type: RecordType?, unit: CampaignUnit?) -> BundleError? {
        guard let type else {
            return BundleError(.invalidRecord, "记录 \(change.id) 的类型 \(change.type) 未知", "record \(change.id) has unknown type \(change.type)")
        }
        guard let error = type.check(change.body, campaign: campaign, unit: unit) else { return nil }
        let issues = error.issues.map { "\($0.path): \($0.reason.en)" }.joined(separator: "; ")
        let zh = error.issues.map { "\($0.path)：\($0.reason.zh)" }.joined(separator: "；")
        return BundleError(.invalidRecord, "记录 \(change.id)（\(change.type)）无效：\(zh)",
                           "record \(change.id) (\(change.type)) is invalid: \(issues)")
    }
}
