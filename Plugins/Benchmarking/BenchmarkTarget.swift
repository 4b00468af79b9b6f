import DudaoKernel

/// A first-class target (争先创优目标, clause 3.1): what a unit means to reach in the year,
/// against which benchmark peer (标杆), and at which level of comparison.
///
/// Every target enters the ledger with source `target` (R3), so it is tracked until closed.
public struct BenchmarkTarget: RecordBody, Hashable {
    public static let recordType = "benchmarking/target"
    public static let title = LocalizedText(zh: "争先创优目标", en: "first-class target")

    /// Across what the target is comparable: the province or the city.
    public enum Level: String, Sendable, Hashable, Codable, CaseIterable {
        case province
        case city

        public var title: LocalizedText {
            switch self {
            case .province: LocalizedText(zh: "全省", en: "province")
            case .city: LocalizedText(zh: "全市", en: "city")
            }
        }
    }

    public var title: String
    public var level: Level
    /// What is measured, e.g. 一本上线率.
    public var metric: String
    /// Where the unit stands now.
    public var baseline: String
    /// Where it means to stand.
    public var targetValue: String
    /// The unit it measures itself against.
    public var benchmarkPeer: String
    /// How it means to get there.
    public var plan: String
    /// Who answers for it (责任人): a person id of the roster, or the name of someone not on it.
    public var responsiblePerson: String
    /// The department that answers for it (R3: 明确具体部门); nil when not named.
    public var department: String?
    public var setOn: LocalDate
    /// When the target must be reached; the end of the year it was set in when absent.
    public var deadline: LocalDate?
    /// Whether it was reached; nil until known.
    public var achieved: Bool?
    public var achievedOn: LocalDate?

    public init(title: String, level: Level, metric: String, baseline: String, targetValue: String,
                benchmarkPeer: String, plan: String, responsiblePerson: String, department: String? = nil, setOn: LocalDate,
                deadline: LocalDate? = nil, achieved: Bool? = nil, achievedOn: LocalDate? = nil) {
        self.title = title
        self.level = level
        self.metric = metric
        self.baseline = baseline
        self.targetValue = targetValue
        self.benchmarkPeer = benchmarkPeer
        self.plan = plan
        self.responsiblePerson = responsiblePerson
        self.department = department
        self.setOn = setOn
        self.deadline = deadline
        self.achieved = achieved
        self.achievedOn = achievedOn
    }

    public static var example: BenchmarkTarget {
        BenchmarkTarget(title: "高考本科上线率进入全省同类学校前十", level: .province, metric: "高考本科上线率",
                        baseline: "78%（全省第15位）", targetValue: "85%（全省前10位）",
                        benchmarkPeer: "郑州外国语学校", plan: "分层教学、集体备课、每月质量分析会", responsiblePerson: "王晓明", department: "教务处",
                        setOn: LocalDate(year: 2017, month: 4, day: 15)!)
    }

    public func validate(_ check: inout RecordCheck) {
        check.nonEmpty(title, at: "title")
        check.nonEmpty(metric, at: "metric")
        check.nonEmpty(baseline, at: "baseline")
        check.nonEmpty(targetValue, at: "targetValue")
        check.nonEmpty(benchmarkPeer, at: "benchmarkPeer")
        check.nonEmpty(plan, at: "plan")
        check.personOrName(responsiblePerson, at: "responsiblePerson")
        if let department { check.nonEmpty(department, at: "department") }
        check.dateInCampaign(setOn, at: "setOn")
        if let deadline { check.order(setOn, before: deadline, at: "deadline") }
        if let achievedOn {
            if achieved != true {
                check.fail("achievedOn", "只有已实现的目标才有实现日期", "only an achieved target has an achievement date")
            }
            check.dateInCampaign(achievedOn, at: "achievedOn")
            check.order(setOn, before: achievedOn, at: "achievedOn")
        }
    }

    /// Reached by `date`: achieved, and on or before `date` when the day is known.
    public func isAchieved(asOf date: LocalDate) -> Bool {
        achieved == true && (achievedOn.map { $0 <= date } ?? true)
    }

    /// The day the target falls due in the ledger: its own deadline, else the end of its year
    /// (3.1's targets are annual, 年度目标).
    public var ledgerDeadline: LocalDate {
        deadline ?? LocalDate(year: setOn.year, month: 12, day: 31) ?? setOn
    }

    /// The target as a ledger item (R3): registered on the day it is set, due by its deadline.
    public func ledgerProblems(recordID: String, unit: String) -> [LedgerItem] {
        [LedgerItem(title: title, detail: "\(metric)：\(baseline) → \(targetValue)（标杆：\(benchmarkPeer)）",
                    source: .target, sourceRecord: recordID, measures: [plan], deadline: ledgerDeadline,
                    responsiblePerson: responsiblePerson, department: department, registeredOn: setOn)]
    }
}

extension RecordCheck {
    /// A roster id (ASCII letters, digits and hyphens) must name a person of the roster;
    /// anything else is the name of someone not on it and must not be blank.
    mutating func personOrName(_ text: String, at path: String) {
        let idShaped = !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
        }
        if idShaped { person(text, at: path) } else { nonEmpty(text, at: path) }
    }
}
