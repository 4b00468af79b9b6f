import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// Section 二's methods, "明查与暗访相结合、听取汇报与查阅资料相结合、召开座谈会与实地走访相结合", are
/// combined across a unit's inspections, not inside each; one inspection's methods agree with its flag.
@Suite struct MethodMixTests {
    static func inspection(announced: Bool, _ methods: [String], held: String? = "2017-05-10") -> Inspection {
        Inspection(announced: announced, plannedOn: LocalDate("2017-05-10")!, heldOn: held.flatMap { LocalDate($0) },
                   methods: methods, team: ["leader-1"])
    }

    @Test("明查与暗访相结合 across a unit's inspections", arguments: [
        ("明查 then 暗访: combined", [MethodMixTests.inspection(announced: true, ["hearing-reports"]), MethodMixTests.inspection(announced: false, ["reading-documents"])],
         ["M1": true, "M2": true, "M3": false]),
        ("明查 only: 暗访 missing", [MethodMixTests.inspection(announced: true, []), MethodMixTests.inspection(announced: true, [])], ["M1": false, "M2": false, "M3": false]),
        ("召开座谈会与实地走访 in two visits", [MethodMixTests.inspection(announced: false, ["symposium"]), MethodMixTests.inspection(announced: false, ["field-visit"])],
         ["M1": false, "M2": false, "M3": true]),
        ("a planned inspection does not count yet", [MethodMixTests.inspection(announced: true, []), MethodMixTests.inspection(announced: false, [], held: nil)],
         ["M1": false, "M2": false, "M3": false]),
    ])
    func pairsAreCombinedAcrossInspections(_ name: String, inspections: [Inspection], combined: [String: Bool]) throws {
        let mix = MethodMix.of(inspections, unit: "school-no1-high", campaign: try Fixtures.campaign(), asOf: LocalDate("2017-12-31")!)
        #expect(Dictionary(uniqueKeysWithValues: mix.pairs.map { ($0.pair, $0.combined) }) == combined, "\(name)")
    }

    @Test("one inspection need not use both halves, but its methods must agree with its announced flag", arguments: [
        (true, ["hearing-reports", "field-visit"], [String]()),
        (false, ["unannounced", "symposium"], []),
        (true, ["unannounced"], ["methods[0]"]),
        (false, ["announced"], ["methods[0]"]),
    ])
    func oneInspection(announced: Bool, methods: [String], issues: [String]) throws {
        var check = RecordCheck(campaign: try Fixtures.campaign(), unit: nil)
        Self.inspection(announced: announced, methods).validate(&check)
        #expect(check.issues.map(\.path) == issues)
    }
}
