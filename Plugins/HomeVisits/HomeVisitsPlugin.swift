import DudaoKernel

/// 家访 (Home visits): clause 6.1 of the campaign file.
///
/// Rule `6.1/quota`: at least `minimumPerPeriod` records every `period` (both clause
/// parameters) from every unit the clause binds. Score part `homeVisits`: the share of
/// those periods met; in the office's ranking at the clause's `scoreWeight`, else weight 10.
public struct HomeVisitsPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "home-visits", version: 1, title: LocalizedText(zh: "家访", en: "Home visits"), clauses: ["6.1"])

    public func register(in registrar: inout PluginRegistrar) {
        registrar.record(HomeVisit.self, clauses: ["6.1"])
        registrar.rule(QuotaRule<HomeVisit>(
            id: "6.1/quota", clause: "6.1",
            title: LocalizedText(zh: "按期完成家访", en: "Home visits, every period"),
            period: "period", minimum: "minimumPerPeriod", date: \.heldOn))
        registrar.scorePart(.compliance(id: "homeVisits", title: manifest.title, clause: "6.1", defaultWeight: 10))
        registrar.report(.recordList(id: "home-visits/records", clause: "6.1", title: manifest.title,
                                     of: [HomeVisit.self]))
        registrar.simulate(HomeVisitsSimulation.run)
    }
}
