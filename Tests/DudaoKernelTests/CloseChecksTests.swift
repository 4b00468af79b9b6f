import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// R1 (严字当头): "思想认识上不去的不放过,查摆问题不聚焦的不放过,整改措施不到位的不放过,群众不满意的不放过".
/// Closing a ledger item records the four checks and is refused without any one of them.
@Suite struct CloseChecksTests {
    func issues(_ transition: LedgerTransition) throws -> [String] {
        var check = RecordCheck(campaign: try Fixtures.campaign(), unit: nil)
        transition.validate(&check)
        return check.issues.map(\.path)
    }

    func close(_ checks: CloseChecks?) -> LedgerTransition {
        LedgerTransition(item: "item", action: .close, role: .office, on: LocalDate("2017-05-25")!, comment: "整改到位",
                         closeChecks: checks)
    }

    @Test func aCloseWithAllFourChecksIsValid() throws {
        #expect(try issues(close(.allMet)) == [])
    }

    @Test func aCloseWithoutTheChecksIsRefused() throws {
        #expect(try issues(close(nil)) == ["closeChecks"])
    }

    @Test(arguments: [
        ("思想认识上不去的不放过", CloseChecks.Check.awarenessRaised),
        ("查摆问题不聚焦的不放过", .problemsFocused),
        ("整改措施不到位的不放过", .measuresInPlace),
        ("群众不满意的不放过", .publicSatisfied),
    ])
    func eachNoLetGoStopsTheClose(phrase: String, check: CloseChecks.Check) throws {
        var checks = CloseChecks.allMet
        switch check {
        case .awarenessRaised: checks.awarenessRaised = false
        case .problemsFocused: checks.problemsFocused = false
        case .measuresInPlace: checks.measuresInPlace = false
        case .publicSatisfied: checks.publicSatisfied = false
        }
        #expect(check.title.zh == phrase)
        #expect(try Fixtures.campaign().requirements.first { $0.id == "R1" }?.text.contains(phrase) == true)
        #expect(try issues(close(checks)) == ["closeChecks.\(check.rawValue)"])
        #expect(checks.unmet == [check])
        // However it arrived (an older node, a hand-made bundle), such a close never takes effect.
        #expect(try fold(closeWith: checks).state == .feedback)
    }

    @Test func theFoldAppliesACloseOnlyWithItsChecks() throws {
        #expect(try fold(closeWith: .allMet).state == .closed)
        let refused = try fold(closeWith: nil)
        #expect(refused.state == .feedback)
        #expect(refused.history.last?.applied == false)
    }

    @Test func checksBelongToClosingOnly() throws {
        let supervise = LedgerTransition(item: "item", action: .supervise, role: .office, on: LocalDate("2017-05-02")!,
                                         comment: "督办", closeChecks: .allMet)
        #expect(try issues(supervise) == ["closeChecks"])
    }

    func fold(closeWith checks: CloseChecks?) throws -> LedgerItemState {
        var maker = RecordMaker()
        let item = maker.make(LedgerItem(title: "食堂账目未公示", source: .bureauFinding, measures: ["每月公示"],
                                         deadline: LocalDate("2017-06-30"), responsiblePerson: "p", department: "总务处",
                                         registeredOn: LocalDate("2017-05-02")!), unit: "school-no1-high", id: "item")
        let steps = [
            LedgerTransition(item: "item", action: .supervise, role: .office, on: LocalDate("2017-05-03")!, comment: "限期整改"),
            LedgerTransition(item: "item", action: .feedback, role: .unit, on: LocalDate("2017-05-20")!, comment: "已公示"),
            close(checks),
        ].map { maker.make($0, unit: "school-no1-high") }
        let transitions = try steps.map { TypedRecord(envelope: $0, body: try $0.decode(LedgerTransition.self)) }
        let items = [TypedRecord(envelope: item, body: try item.decode(LedgerItem.self))]
        return try #require(LedgerFold.fold(items: items, transitions: transitions).first)
    }
}
