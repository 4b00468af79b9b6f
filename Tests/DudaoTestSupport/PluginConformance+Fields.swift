import DudaoKernel

extension PluginConformance {
    /// The field descriptions a record type declares are complete and usable by a form: every
    /// key of the body described once with a label in zh and en, and every reference resolvable.
    static func fieldDescriptionFailures(_ type: RecordType, campaign: Campaign) -> [String] {
        // Every key of the example described, every description a real key, labels in zh and en
        // (the kernel's check, `RecordType.fieldDescriptionProblems`), and every clause option,
        // window or record type a field cites present in the campaign.
        type.fieldDescriptionProblems() + type.fieldReferenceProblems(in: campaign)
    }
}
