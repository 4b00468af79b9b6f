import DudaoKernel

/// Clause 6.1 in the demo's simulated year: the quota of every period, some periods
/// missed by late and lax units. Nothing happens where the campaign lacks the clause.
enum HomeVisitsSimulation {
    @Sendable static func run(_ context: inout SimulationContext) {
        guard let clause = context.campaign.clause("6.1"), clause.applies(to: context.unit) else { return }
        for day in context.quotaDays(clause, period: "period", minimum: "minimumPerPeriod") {
            context.add(HomeVisit(heldOn: day, content: "家访（模拟）"), on: day, author: context.clerk)
        }
    }
}
