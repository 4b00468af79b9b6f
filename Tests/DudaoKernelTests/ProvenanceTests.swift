import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// Every parameter of the shipped campaign is traceable: a quote that is really in its clause's
/// Chinese text, or an assumption of the campaign office with its reason in both languages.
@Suite struct ProvenanceTests {
    @Test func theShippedCampaignHasASourceForEveryParameterAndEveryQuoteIsInItsClause() throws {
        let campaign = try Fixtures.campaign()
        #expect(Provenance.problems(of: campaign).isEmpty)
        for clause in campaign.clauses {
            let words = Provenance.words(of: clause)
            for key in Provenance.clauseSourceKeys {
                #expect(clause.sources[key] != nil, "clause \(clause.id) has no source for \(key)")
            }
            for parameter in clause.parameterList {
                switch parameter.source {
                case .quote(let quote):
                    #expect(!quote.isEmpty && words.contains(quote), "clause \(clause.id) \(parameter.name): “\(quote)”")
                case .assumption(let reason):
                    #expect(!reason.zh.isEmpty && !reason.en.isEmpty, "clause \(clause.id) \(parameter.name)")
                }
            }
        }
        #expect(campaign.sources["window.end"]?.isAssumption == true, "活动结束 is never dated by the plan")
    }

    /// The settings the plan does not make, each labelled as the office's own (issue 15's table).
    @Test(arguments: [
        ("1.3", "columnDueBy"), ("2.2", "requiredKinds"), ("2.3", "replyLimitDays"), ("2.3", "channelsDueBy"),
        ("4.1", "registerBy"), ("4.2", "graceDays"), ("4.3", "graceDays"), ("4.3", "planDueBy"), ("5.2", "weights"),
    ])
    func inventedSettingsAreLabelledAsAssumptions(clause: String, name: String) throws {
        let campaign = try Fixtures.campaign()
        let source = try #require(campaign.clause(clause)?.source(of: name))
        #expect(source.isAssumption, "\(clause) \(name) is not in the plan's words")
        #expect(campaign.clause(clause)!.assumptions.contains { $0.name == name })
    }

    /// Parameters the plan does fix, each with the phrase that fixes it.
    @Test(arguments: [
        ("1.3", "submissionPeriod", "每周"), ("1.4", "reflectionDueBy", "于4月28日前报送局活动办"),
        ("2.5", "dueBy", "2017年6月底前"), ("3.1", "dueBy", "2017年4月20日前"),
        ("4.4", "visitsPerPeriod", "每月至少到分包单位和分管科室进行2次督导调研"),
    ])
    func parametersThePlanFixesQuoteIt(clause: String, name: String, quote: String) throws {
        let campaign = try Fixtures.campaign()
        #expect(campaign.clause(clause)?.source(of: name) == .quote(quote))
    }

    func problems(_ change: (inout [String: Any]) -> Void) -> [DecodingProblem] {
        do {
            _ = try Fixtures.campaign(editing: change)
            return []
        } catch let error as CampaignFileError {
            return error.problems
        } catch {
            return [DecodingProblem(path: "?", reason: .init(zh: "\(error)", en: "\(error)"))]
        }
    }

    func editParameter(_ object: inout [String: Any], clause: Int, parameter: Int, _ change: (inout [String: Any]) -> Void) {
        var clauses = object["clauses"] as! [[String: Any]]
        var parameters = clauses[clause]["parameters"] as! [[String: Any]]
        change(&parameters[parameter])
        clauses[clause]["parameters"] = parameters
        object["clauses"] = clauses
    }

    @Test func aCopyWithAnUnsourcedParameterIsRefused() {
        let found = problems { object in
            editParameter(&object, clause: 3, parameter: 0) { $0.removeValue(forKey: "source") }
        }
        #expect(found.map(\.path) == ["$.clauses[3].parameters[0].source"])
    }

    @Test func aCopyWithAQuoteThatIsNotInTheClauseIsRefused() {
        let found = problems { object in
            editParameter(&object, clause: 3, parameter: 0) { $0["source"] = ["quote": "于4月30日前报送局活动办"] }
        }
        #expect(found.map(\.path) == ["$.clauses[3].parameters[0].source.quote"])
        #expect(found.first?.reason.zh.contains("不在原文中") == true)
        // A phrase of another clause is not this clause's word either.
        let elsewhere = problems { object in
            editParameter(&object, clause: 3, parameter: 0) { $0["source"] = ["quote": "每周"] }
        }
        #expect(elsewhere.map(\.path) == ["$.clauses[3].parameters[0].source.quote"])
    }

    @Test func aCopyWithoutAClauseWindowSourceOrWithAnEmptyReasonIsRefused() {
        let noWindow = problems { object in
            var clauses = object["clauses"] as! [[String: Any]]
            var sources = clauses[0]["sources"] as! [String: Any]
            sources.removeValue(forKey: "window")
            clauses[0]["sources"] = sources
            object["clauses"] = clauses
        }
        #expect(noWindow.map(\.path) == ["$.clauses[0].sources.window"])
        let emptyReason = problems { object in
            editParameter(&object, clause: 2, parameter: 2) { $0["source"] = ["assumption": ["zh": "", "en": "ours"]] }
        }
        #expect(emptyReason.map(\.path) == ["$.clauses[2].parameters[2].source.assumption"])
    }

    /// The clause texts are the plan's own words, so a quote of them is a quote of the plan. The
    /// Chinese original sits beside the repository (`../shared/seed/`) where the project is checked out
    /// with it; compared with whitespace removed, since the original indents with full-width spaces.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: ProvenanceTests.originalPath)))
    func theClauseTextsAreThePlansOwnWords() throws {
        func squeezed(_ text: String) -> String { String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init)) }
        let original = squeezed(try String(contentsOfFile: Self.originalPath, encoding: .utf8))
        let campaign = try Fixtures.campaign()
        for clause in campaign.clauses {
            for part in [clause.text, clause.schedule ?? "", clause.responsibleText ?? ""] {
                #expect(original.contains(squeezed(part)), "clause \(clause.id): \(part)")
            }
        }
        for requirement in campaign.requirements {
            #expect(original.contains(squeezed(requirement.text)), "\(requirement.id)")
        }
    }

    static let originalPath = Fixtures.packageRoot
        .appendingPathComponent("../shared/seed/supervision-plan-2017.zh.txt").standardized.path
}

extension ProvenanceTests {
    /// A 待办 line can tell the plan's deadlines from the office's.
    @Test("期限为督导办设定，原文未规定", arguments: [
        ("1.3", "2017-03-31", true), ("2.3", "2017-04-30", true), ("4.1", "2017-05-31", true),
        ("1.4", "2017-04-28", false), ("3.1", "2017-04-20", false), ("2.5", "2017-06-30", false),
    ])
    func deadlinesSayWhoSetThem(clause: String, deadline: String, assumed: Bool) throws {
        let found = try Fixtures.campaign().clause(clause)?.assumption(forDeadline: LocalDate(deadline)!)
        #expect((found != nil) == assumed)
        if let found { #expect(found.label.zh == "期限为督导办设定，原文未规定") }
    }
}
