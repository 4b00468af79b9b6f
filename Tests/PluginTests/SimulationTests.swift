import Benchmarking
import DudaoKernel
import DudaoTestSupport
import Evaluation
import Foundation
import Publicity
import Rectification
import SelfInspection
import Testing

/// The demo's simulated year: every plugin's simulation over the shipped roster, its records
/// validated as the store would, and judged by the kernel's engine as the bureau would.
@Suite("Simulated year")
struct SimulationTests {
    static let plugins: [any Plugin] = [PublicityPlugin(), SelfInspectionPlugin(), BenchmarkingPlugin(), RectificationPlugin(),
                                        EvaluationPlugin()]

    /// The demo's mix of diligence by roster position (`CampaignSimulator.diligence(at:)`).
    static func demoMix(_ index: Int) -> Diligence { [Diligence.diligent, .diligent, .late, .lax, .diligent, .late][index % 6] }

    /// A simulated year: the records as simulated, and as envelopes with the ledger items the store derives.
    struct Year {
        var engine: ComplianceEngine
        var diligence: [String: Diligence]
        var simulated: [SimulatedRecord]
        var envelopes: [RecordEnvelope]

        var campaign: Campaign { engine.campaign }
        var lastDay: LocalDate { campaign.window.end }

        func cells(_ unit: String, asOf: LocalDate? = nil) -> [ComplianceCell] {
            engine.cells(for: campaign.unit(unit)!, records: envelopes, asOf: asOf ?? lastDay)
        }

        func leaderCells(_ leader: Person) -> [ComplianceCell] {
            engine.cells(forLeader: leader, records: envelopes, asOf: lastDay)
        }

        func units(_ diligence: Diligence) -> [CampaignUnit] { campaign.units.filter { self.diligence[$0.id] == diligence } }
    }

    /// Runs every simulation for every unit of the shipped campaign, seeded as the demo seeds them.
    static func simulate(seed: UInt64 = 0, _ diligence: (Int) -> Diligence) throws -> Year {
        let campaign = try Fixtures.campaign()
        let engine = try ComplianceEngine(campaign: campaign, registry: try PluginRegistry(plugins: plugins))
        let calendar = try campaign.calendar()
        var simulated: [SimulatedRecord] = []
        var profiles: [String: Diligence] = [:]
        for (index, unit) in campaign.units.enumerated() {
            profiles[unit.id] = diligence(index)
            for simulation in engine.registry.simulations {
                var context = SimulationContext(campaign: campaign, calendar: calendar, unit: unit, diligence: diligence(index),
                                                seed: (UInt64(index + 1) &* 7919 &+ UInt64(simulation.plugin.utf8.count)) ^ seed)
                simulation.run(&context)
                simulated += context.records
            }
        }
        return Year(engine: engine, diligence: profiles, simulated: simulated,
                    envelopes: envelopes(simulated, registry: engine.registry, campaign: campaign))
    }

    /// The records in the order of the year, as stored: canonical bodies, increasing HLCs, derived ledger items.
    static func envelopes(_ records: [SimulatedRecord], registry: PluginRegistry, campaign: Campaign) -> [RecordEnvelope] {
        var envelopes: [RecordEnvelope] = []
        let ordered = records.enumerated().sorted { ($0.element.on, $0.offset) < ($1.element.on, $1.offset) }.map(\.element)
        for record in ordered {
            guard let type = registry.recordType(record.type),
                  case .success(let body) = type.validate(Data(record.body), campaign: campaign, unit: campaign.unit(record.unit))
            else { continue }
            func envelope(_ id: String, _ type: String, _ body: Data) -> RecordEnvelope {
                let sequence = Int64(envelopes.count + 1)
                return RecordEnvelope(id: id, unit: record.unit, type: type, body: body, author: record.author,
                                      hlc: HLC(wall: Int64(record.on.dayNumber) * 86_400_000 + sequence),
                                      origin: record.byBureau ? "bureau" : record.unit, sequence: sequence)
            }
            envelopes.append(envelope(record.id, record.type, body))
            for (item, problem) in type.ledgerProblems(body, recordID: record.id, unit: record.unit).enumerated() {
                envelopes.append(envelope("\(record.id)#p\(item + 1)", LedgerItem.recordType, try! RecordCoding.encode(problem)))
            }
        }
        return envelopes
    }

    static func describe(_ cells: [ComplianceCell]) -> String {
        cells.map { "\($0.rule) \($0.period.label): \($0.state.rawValue)" }.joined(separator: "\n")
    }

    // MARK: 1. Validation

    @Test("every simulated record validates as the store would validate it", arguments: Diligence.allCases)
    func recordsValidate(_ diligence: Diligence) throws {
        let year = try Self.simulate { _ in diligence }
        let registry = year.engine.registry
        #expect(!year.simulated.isEmpty)
        #expect(Set(year.simulated.map(\.id)).count == year.simulated.count, "record ids repeat")
        for record in year.simulated {
            let type = try #require(registry.recordType(record.type), "unknown type \(record.type)")
            let unit = try #require(year.campaign.unit(record.unit))
            if case .failure(let error) = type.validate(Data(record.body), campaign: year.campaign, unit: unit) {
                Issue.record("\(record.unit) \(record.type) on \(record.on): \(error.description)")
            }
            #expect(type.writers.allows(bureau: record.byBureau), "\(record.type) written by the \(record.byBureau ? "bureau" : "unit")")
        }
        #expect(year.envelopes.count >= year.simulated.count)
    }

    // MARK: 2. Compliance by profile

    @Test("a diligent unit has nothing overdue and nothing late on the campaign's last day")
    func diligentUnitsAreOnTime() throws {
        let year = try Self.simulate { _ in .diligent }
        for unit in year.campaign.units {
            let cells = year.cells(unit.id)
            let bad = cells.filter { $0.state == .overdue || $0.state == .metLate }
            #expect(bad.isEmpty, "\(unit.id):\n\(Self.describe(bad))")
            #expect(cells.contains { $0.state == .met })
        }
        // The shipped demo's diligent school, in the demo's mix.
        let mixed = try Self.simulate(Self.demoMix)
        let school = try #require(mixed.units(.diligent).first { $0.kind == .school })
        let cells = mixed.cells(school.id)
        #expect(!cells.contains { $0.state == .overdue || $0.state == .metLate }, "\(Self.describe(cells))")
    }

    /// The rules a late unit meets after their dates, whatever its kind; units under the bureau also
    /// 1.4's heads' reflections and 4.1's projects (the plan asks neither of the bureau's offices:
    /// 局属各单位负责人, 机关有关科室); schools also these of 1.3, 2.2 and 2.3.
    static let lateRules = ["1.1/mobilisation-meetings", "1.1/leader-presence", "1.2/materials",
                            "2.1/self-inspections", "3.1/targets-set", "4.2/progress-reports",
                            "4.3/target-plan", "4.3/target-reports"]
    static let lateUnitRules = ["1.4/head-reflections", "4.1/projects-registered"]
    static let lateSchoolRules = ["1.3/website-column", "2.2/symposium-kinds", "2.3/appeal-replies", "3.1/target-levels"]

    @Test("a late unit meets deadlines late but misses none of them")
    func lateUnitsAreLate() throws {
        let year = try Self.simulate { _ in .late }
        for unit in year.campaign.units {
            let cells = year.cells(unit.id)
            let deadlines = cells.filter { $0.period.kind == .window }
            #expect(!deadlines.contains { $0.state == .overdue }, "\(unit.id):\n\(Self.describe(deadlines.filter { $0.state == .overdue }))")
            let late = Set(cells.filter { $0.state == .metLate }.map(\.rule))
            let expected = Self.lateRules + (unit.kind == .office ? [] : Self.lateUnitRules)
                + (unit.kind == .school ? Self.lateSchoolRules : [])
            #expect(Set(expected).isSubset(of: late), "\(unit.id) late: \(late.sorted())")
            if unit.kind == .office {
                #expect(cells.filter { Self.lateUnitRules.contains($0.rule) }.allSatisfy { $0.state == .notApplicable }, "\(unit.id)")
            }
        }
    }

    /// The rules a lax unit leaves overdue on the campaign's last day, whatever its kind.
    static let laxRules = ["1.2/study-sessions", "1.2/materials", "2.4/ledger-complete", "4.2/progress-reports",
                           "4.2/ledger-closure", "4.3/target-reports"]
    /// Units under the bureau (not its offices) also owe heads' reflections (1.4) and major projects (4.1).
    static let laxUnitRules = ["1.4/head-reflections", "4.1/overdue-projects"]
    /// Only schools (and the campaign office) hold 2.2's symposiums in the office's split.
    static let laxSchoolRules = ["1.3/article-submissions", "2.2/symposium-kinds", "2.3/appeal-replies", "3.1/target-levels"]

    @Test("a lax unit leaves specific clauses overdue and keeps the rest")
    func laxUnitsLeaveThingsOut() throws {
        let year = try Self.simulate { _ in .lax }
        for unit in year.campaign.units {
            let cells = year.cells(unit.id)
            let overdue = Set(cells.filter { $0.state == .overdue }.map(\.rule))
            let expected = Self.laxRules + (unit.kind == .office ? [] : Self.laxUnitRules)
                + (unit.kind == .school ? Self.laxSchoolRules : [])
            #expect(Set(expected).isSubset(of: overdue), "\(unit.id) overdue: \(overdue.sorted())")
            // What a lax unit still does, on time.
            for rule in ["1.1/mobilisation-meetings", "1.4/discussions", "2.1/self-inspections", "2.5/life-meeting",
                         "2.5/unit-leaders-attend", "3.1/targets-set", "4.3/target-plan"] + (unit.kind == .office ? [] : ["4.1/projects-registered"]) {
                #expect(cells.first { $0.rule == rule }?.state == .met, "\(unit.id) \(rule)")
            }
            // 5.1 runs to the campaign's last day: nothing adopted, still due then.
            #expect(cells.first { $0.rule == "5.1/practices" }?.state == .due, "\(unit.id) 5.1")
        }
        // By mid-June the gaps already show: no study, no symposium, no reflection.
        let school = try #require(year.campaign.units.first { $0.kind == .school })
        let june = Set(year.cells(school.id, asOf: Fixtures.date("2017-06-15")).filter { $0.state == .overdue }.map(\.clause))
        #expect(Set(["1.2", "1.4", "2.2", "2.4"]).isSubset(of: june), "\(june.sorted())")
    }

    @Test("every bureau leader's reflection, life-meeting attendance and monthly visits are met in the demo's mix")
    func leadersMeetTheirQuotas() throws {
        let year = try Self.simulate(Self.demoMix)
        for leader in year.campaign.leaders {
            let cells = year.leaderCells(leader)
            for rule in ["1.4/leader-reflections", "2.5/leader-attendance", "4.4/leader-visits"] {
                let mine = cells.filter { $0.rule == rule }
                #expect(!mine.isEmpty && mine.allSatisfy { $0.state == .met }, "\(leader.id) \(rule):\n\(Self.describe(mine))")
            }
        }
    }

    // MARK: 3. Determinism

    @Test("the same seed gives the same year; another seed another")
    func sameSeedSameYear() throws {
        let first = try Self.simulate(Self.demoMix).simulated
        let second = try Self.simulate(Self.demoMix).simulated
        #expect(first == second)
        let other = try Self.simulate(seed: 42, Self.demoMix).simulated
        #expect(first != other)
    }

    // MARK: 4. Evaluation

    @Test("the scoreboard ranks diligent above late above lax on average")
    func scoresFollowDiligence() throws {
        let year = try Self.simulate(Self.demoMix)
        let engine = year.engine
        let registry = engine.registry
        let source = try #require(registry.scoreWeights)
        let clause = try #require(year.campaign.clause(source.clause))
        let weights = (clause.parameters[source.key]?.objectValue ?? [:]).compactMapValues(\.doubleValue)
        let contexts = year.campaign.units.filter { clause.applies(to: $0) }.map { unit in
            let mine = year.envelopes.filter { $0.unit == unit.id }
            return ScoreContext(campaign: year.campaign, calendar: engine.calendar, unit: unit, asOf: year.lastDay, records: mine,
                                ledger: engine.ledger(mine, asOf: year.lastDay),
                                cells: engine.cells(for: unit, records: mine, asOf: year.lastDay))
        }
        let scores = Scoreboard.rank(contexts, parts: registry.scoreParts, weights: weights)
        func mean(_ diligence: Diligence) -> Double {
            let totals = scores.filter { year.diligence[$0.unit] == diligence }.map(\.total)
            return totals.reduce(0, +) / Double(max(1, totals.count))
        }
        #expect(scores.count == contexts.count)
        #expect(mean(.diligent) > mean(.late), "\(scores.map { "\($0.unit) \($0.total)" })")
        #expect(mean(.late) > mean(.lax), "\(scores.map { "\($0.unit) \($0.total)" })")
        // Every lax unit ranks below every diligent one.
        let worstDiligent = scores.filter { year.diligence[$0.unit] == .diligent }.map(\.total).min() ?? 0
        let bestLax = scores.filter { year.diligence[$0.unit] == .lax }.map(\.total).max() ?? 0
        #expect(worstDiligent > bestLax)
    }
}
