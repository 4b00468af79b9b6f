import DudaoKernel
import DudaoTestSupport
import Testing

@Suite struct LedgerPolicyTests {
    /// The lifecycle of PLAN.md written out independently of the kernel's table:
    /// (action, from) → (to, roles allowed).
    static let expected: [LedgerAction: (LedgerState, LedgerState, Set<LedgerRole>)] = [
        .supervise: (.registered, .supervising, [.office, .leader]),
        .feedback: (.supervising, .feedback, [.unit]),
        .close: (.feedback, .closed, [.office, .leader]),
        .reject: (.feedback, .supervising, [.office, .leader]),
        .reopen: (.closed, .supervising, [.office, .leader]),
        .archive: (.closed, .archived, [.office]),
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        var action: LedgerAction
        var state: LedgerState
        var role: LedgerRole
        var testDescription: String { "\(role.rawValue) \(action.rawValue) from \(state.rawValue)" }
    }

    static let allCases: [Case] = LedgerAction.allCases.flatMap { action in
        LedgerState.allCases.flatMap { state in LedgerRole.allCases.map { Case(action: action, state: state, role: $0) } }
    }

    @Test(arguments: allCases)
    func everyTransitionIsAllowedOrRefusedByStateAndRole(_ c: Case) {
        let (from, to, roles) = Self.expected[c.action]!
        let result = LedgerPolicy.apply(c.action, by: c.role, from: c.state)
        switch result {
        case .success(let next):
            #expect(c.state == from && roles.contains(c.role))
            #expect(next == to)
        case .failure(let refusal):
            #expect(!(c.state == from && roles.contains(c.role)))
            #expect(refusal.wrongRole == (c.state == from))
            #expect(refusal.state == c.state && refusal.role == c.role)
            let english = refusal.message.en
            #expect(english.contains(c.action.rawValue) && english.contains(c.state.rawValue))
            #expect(!refusal.message.zh.isEmpty)
        }
    }

    @Test func theStateIsDerivedFromTransitionsAndIllegalOnesAreKeptButNotApplied() throws {
        var maker = RecordMaker()
        let item = maker.make(LedgerItem(title: "课后服务收费不透明", source: .appeal, measures: ["公示"],
                                         deadline: LocalDate("2017-05-31"), responsiblePerson: "p",
                                         registeredOn: LocalDate("2017-04-20")!), unit: "school-no1-high", id: "item")
        func step(_ action: LedgerAction, _ role: LedgerRole, _ day: String) -> RecordEnvelope {
            maker.make(LedgerTransition(item: "item", action: action, role: role, on: LocalDate(day)!, comment: action.rawValue,
                                        closeChecks: action == .close ? .allMet : nil),
                       unit: "school-no1-high")
        }
        let steps = [step(.supervise, .office, "2017-04-21"), step(.feedback, .unit, "2017-05-10"),
                     step(.close, .unit, "2017-05-11"),  // a unit may not close: kept, not applied
                     step(.reject, .office, "2017-05-12"), step(.feedback, .unit, "2017-05-20"),
                     step(.close, .leader, "2017-05-25"), step(.reopen, .office, "2017-09-01")]
        let items = [TypedRecord(envelope: item, body: try item.decode(LedgerItem.self))]
        let transitions = try steps.map { TypedRecord(envelope: $0, body: try $0.decode(LedgerTransition.self)) }
        let states = LedgerFold.fold(items: items, transitions: transitions)
        let state = try #require(states.first)
        #expect(state.state == .supervising)
        #expect(state.history.map(\.applied) == [true, true, false, true, true, true, true])
        #expect(state.history.map(\.to) == [.supervising, .feedback, .feedback, .supervising, .feedback, .closed, .supervising])
        // As of a date, later steps do not count yet.
        let inMay = try #require(LedgerFold.fold(items: items, transitions: transitions, asOf: LocalDate("2017-05-26")).first)
        #expect(inMay.state == .closed)
        #expect(inMay.closedInTime)
        #expect(!inMay.isOverdue(asOf: LocalDate("2017-06-30")!))
        let inApril = try #require(LedgerFold.fold(items: items, transitions: transitions, asOf: LocalDate("2017-04-30")).first)
        #expect(inApril.state == .supervising)
        #expect(!inApril.isOverdue(asOf: LocalDate("2017-04-30")!))
        #expect(inApril.isOverdue(asOf: LocalDate("2017-06-01")!))
        #expect(LedgerFold.fold(items: items, transitions: transitions, asOf: LocalDate("2017-04-19")).isEmpty)
    }

    @Test func concurrentTransitionsFoldAlikeWhateverTheInputOrder() throws {
        var maker = RecordMaker()
        let item = maker.make(LedgerItem(title: "x", source: .unitList, registeredOn: LocalDate("2017-04-20")!), unit: "u", id: "item")
        var a = RecordMaker(origin: "node-a"), b = RecordMaker(origin: "node-b")
        let one = a.make(LedgerTransition(item: "item", action: .supervise, role: .office, on: LocalDate("2017-04-21")!, comment: "a"), unit: "u")
        let two = b.make(LedgerTransition(item: "item", action: .supervise, role: .leader, on: LocalDate("2017-04-21")!, comment: "b"), unit: "u")
        let items = [TypedRecord(envelope: item, body: try item.decode(LedgerItem.self))]
        let typed = try [one, two].map { TypedRecord(envelope: $0, body: try $0.decode(LedgerTransition.self)) }
        let forward = LedgerFold.fold(items: items, transitions: typed)
        let backward = LedgerFold.fold(items: items, transitions: typed.reversed())
        #expect(forward == backward)
        #expect(forward.first?.history.map(\.applied) == [true, false])
    }

    @Test func leadersActOnlyOnTheirAssignedUnitsAndOffices() throws {
        let campaign = try Fixtures.campaign()
        let leader = try #require(campaign.leaders.first)
        for unit in leader.assignedUnits + leader.officesInCharge { #expect(LedgerPolicy.leader(leader, mayActOn: unit)) }
        let others = campaign.units.map(\.id).filter { !(leader.assignedUnits + leader.officesInCharge).contains($0) }
        #expect(!others.isEmpty)
        for unit in others { #expect(!LedgerPolicy.leader(leader, mayActOn: unit)) }
    }
}
