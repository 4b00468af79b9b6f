import DudaoKernel

/// Phase 2 of the plan (征求意见、查摆问题): self-inspection, symposiums, appeal channels, the
/// problem ledger and life meetings, clauses 2.1–2.5.
///
/// Problems found by self-inspections, symposiums and appeals enter the kernel's ledger (R3);
/// 2.4's rules judge that ledger. Every date, quota and list comes from the campaign file.
public struct SelfInspectionPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "self-inspection", version: 1,
        title: LocalizedText(zh: "征求意见、查摆问题", en: "Soliciting opinions and self-inspection"),
        clauses: ["2.1", "2.2", "2.3", "2.4", "2.5"])

    public func register(in registrar: inout PluginRegistrar) {
        registrar.record(SelfInspectionReport.self, clauses: [SelfInspectionReport.clause])
        registrar.record(Symposium.self, clauses: [Symposium.clause])
        registrar.record(AppealChannel.self, clauses: [AppealChannel.clause])
        registrar.record(Appeal.self, clauses: [Appeal.clause])
        registrar.record(LifeMeeting.self, clauses: [LifeMeeting.clause])
        for rule in SelfInspectionRules.all { registrar.rule(rule) }
        registrar.scorePart(AppealScore.part)
        registrar.report(SelfInspectionReports.records)
        registrar.report(SelfInspectionReports.appeals)
        registrar.index("receivedOn", of: Appeal.recordType)
        registrar.simulate(Self.simulation)
    }
}
