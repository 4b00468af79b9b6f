import DudaoKernel

/// Whether a self-inspection looked at the unit as a whole or at one cadre.
public enum SelfInspectionScope: String, Sendable, Hashable, Codable, CaseIterable {
    case unit
    case individual

    public var title: LocalizedText {
        switch self {
        case .unit: LocalizedText(zh: "单位", en: "unit")
        case .individual: LocalizedText(zh: "个人", en: "individual")
        }
    }
}

/// A self-inspection (2.1, 深入自查) and the problems it found, or an explicit "none found".
///
/// Each problem enters the ledger as an item from `self-inspection` (R3).
public struct SelfInspectionReport: SelfInspectionRecord, Hashable {
    public static let recordType = "self-inspection/self-inspection"
    public static let title = LocalizedText(zh: "自查", en: "self-inspection")
    static let clause = "2.1"

    public var heldOn: LocalDate
    public var scope: SelfInspectionScope
    public var problems: [FoundProblem]
    /// True when the inspection found nothing; then `problems` must be empty.
    public var noneFound: Bool

    public init(heldOn: LocalDate, scope: SelfInspectionScope, problems: [FoundProblem], noneFound: Bool = false) {
        self.heldOn = heldOn
        self.scope = scope
        self.problems = problems
        self.noneFound = noneFound
    }

    public static var example: SelfInspectionReport {
        SelfInspectionReport(heldOn: LocalDate("2017-04-14")!, scope: .unit, problems: [
            FoundProblem(title: "服务基层意识不强，基层来文办理不及时", measures: ["建立来文办理台账", "实行限时办结制"],
                         deadline: LocalDate("2017-06-30")!, responsiblePerson: "head-campaign", department: "局活动办"),
        ])
    }

    var reportDate: LocalDate { heldOn }

    public func validate(_ check: inout RecordCheck) {
        check.date(heldOn, at: "heldOn", inWindowOf: Self.clause)
        if problems.isEmpty && !noneFound {
            check.fail("problems", "须列出查摆出的问题，或明确填写“未发现问题”（noneFound）",
                       "list the problems found, or say explicitly that none were found (noneFound)")
        }
        if !problems.isEmpty && noneFound {
            check.fail("noneFound", "已列出问题，不能同时填写“未发现问题”", "cannot say none were found while listing problems")
        }
        for (index, problem) in problems.enumerated() {
            problem.validate(&check, at: "problems[\(index)]", foundOn: heldOn)
        }
    }

    public func ledgerProblems(recordID: String, unit: String) -> [LedgerItem] {
        problems.map { $0.ledgerItem(source: .selfInspection, recordID: recordID, registeredOn: heldOn) }
    }

    func summary(_ language: Language, campaign: Campaign) -> String {
        let titles = problems.map(\.title)
        switch language {
        case .zh: return "\(scope.title.zh)自查；" + (noneFound ? "未发现问题" : "问题 \(problems.count) 个：\(titles.joined(separator: "；"))")
        case .en: return "\(scope.title.en) self-inspection; " + (noneFound ? "none found" : "\(problems.count) problems: \(titles.joined(separator: "; "))")
        }
    }
}
