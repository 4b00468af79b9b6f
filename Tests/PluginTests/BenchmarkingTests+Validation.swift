import Benchmarking
import DudaoKernel
import DudaoTestSupport
import Testing

/// One broken body: how the example is edited and the field path the issue must name.
struct BrokenBody: Sendable, CustomTestStringConvertible {
    var testDescription: String
    var path: String
    var unit: String?
    var edit: @Sendable (inout [String: Any]) -> Void

    init(_ description: String, path: String, unit: String? = "school-no1-high", edit: @escaping @Sendable (inout [String: Any]) -> Void) {
        testDescription = description
        self.path = path
        self.unit = unit
        self.edit = edit
    }
}

@Suite("3.1 target validation")
struct BenchmarkingValidationTests {
    static let broken: [BrokenBody] = [
        BrokenBody("missing title", path: "title") { $0["title"] = nil },
        BrokenBody("blank metric", path: "metric") { $0["metric"] = "  " },
        BrokenBody("unknown level", path: "level") { $0["level"] = "county" },
        BrokenBody("baseline of the wrong type", path: "baseline") { $0["baseline"] = 78 },
        BrokenBody("blank responsible person", path: "responsiblePerson") { $0["responsiblePerson"] = "" },
        BrokenBody("unknown responsible person id", path: "responsiblePerson") { $0["responsiblePerson"] = "head-no99" },
        BrokenBody("set before the campaign", path: "setOn") { $0["setOn"] = "2016-12-20" },
        BrokenBody("set after the campaign", path: "setOn") { $0["setOn"] = "2018-01-05" },
        BrokenBody("not a date", path: "setOn") { $0["setOn"] = "2017/04/15" },
        BrokenBody("deadline before it was set", path: "deadline") { $0["deadline"] = "2017-04-01" },
        BrokenBody("achieved before it was set", path: "achievedOn") {
            $0["achieved"] = true
            $0["achievedOn"] = "2017-04-01"
        },
        BrokenBody("achievement date without achievement", path: "achievedOn") { $0["achievedOn"] = "2017-11-30" },
    ]

    @Test(arguments: broken)
    func brokenTargetNamesTheField(_ body: BrokenBody) throws {
        let paths = try PhaseTestKit.issuePaths(BenchmarkTarget.self, unit: body.unit, edit: body.edit)
        #expect(paths == [body.path])
    }

    @Test(arguments: ["office-campaign", "inst-audio-visual", "school-art"])
    func exampleValidatesForEveryKind(unit: String) throws {
        #expect(try PhaseTestKit.issuePaths(BenchmarkTarget.self, unit: unit) { _ in } == [])
        let achieved = try PhaseTestKit.issuePaths(BenchmarkTarget.self, unit: unit) {
            $0["achieved"] = true
            $0["achievedOn"] = "2017-12-20"
        }
        #expect(achieved == [])
        #expect(try PhaseTestKit.issuePaths(BenchmarkTarget.self, unit: unit) { $0["responsiblePerson"] = "head-art" } == [])
    }
}
