import DudaoKernel

/// An implementation plan for a first-class target (clause 4.3): stage goals with due dates
/// and responsible people, and the measures that reach them.
public struct TargetPlan: RecordBody, Hashable {
    public static let recordType = "rectification/target-plan"
    public static let title = LocalizedText(zh: "创先争优目标实施方案", en: "target implementation plan")

    /// A stage goal (阶段性目标).
    public struct Milestone: Sendable, Hashable, Codable {
        public var title: String
        public var dueOn: LocalDate
        /// A person id of the roster, or the name of someone not on it.
        public var responsiblePerson: String
        /// The day the stage goal was reached; nil while it is not.
        public var achievedOn: LocalDate?

        public init(title: String, dueOn: LocalDate, responsiblePerson: String, achievedOn: LocalDate? = nil) {
            self.title = title
            self.dueOn = dueOn
            self.responsiblePerson = responsiblePerson
            self.achievedOn = achievedOn
        }
    }

    /// The record id of the target (`benchmarking/target`) the plan serves.
    public var target: String
    public var milestones: [Milestone]
    public var measures: [String]
    public var adoptedOn: LocalDate

    public init(target: String, milestones: [Milestone], measures: [String], adoptedOn: LocalDate) {
        self.target = target
        self.milestones = milestones
        self.measures = measures
        self.adoptedOn = adoptedOn
    }

    public static var example: TargetPlan {
        TargetPlan(
            target: "5f0c2b1e-8d4a-4c7b-9e21-3a6f7d8e9b10",
            milestones: [
                Milestone(title: "完成高一、高二分层分班", dueOn: LocalDate(year: 2017, month: 6, day: 30)!, responsiblePerson: "王晓明"),
                Milestone(title: "期末统考成绩进入全市前三", dueOn: LocalDate(year: 2017, month: 12, day: 31)!, responsiblePerson: "李芳"),
            ],
            measures: ["每周集体备课", "每月质量分析会", "与标杆学校结对交流"],
            adoptedOn: LocalDate(year: 2017, month: 5, day: 10)!)
    }

    public func validate(_ check: inout RecordCheck) {
        check.nonEmpty(target, at: "target")
        check.dateInCampaign(adoptedOn, at: "adoptedOn")
        check.count(milestones, atLeast: 1, at: "milestones")
        for (index, milestone) in milestones.enumerated() {
            let path = "milestones[\(index)]"
            check.nonEmpty(milestone.title, at: "\(path).title")
            check.dateInCampaign(milestone.dueOn, at: "\(path).dueOn")
            check.order(adoptedOn, before: milestone.dueOn, at: "\(path).dueOn")
            check.personOrName(milestone.responsiblePerson, at: "\(path).responsiblePerson")
            if let achievedOn = milestone.achievedOn {
                check.dateInCampaign(achievedOn, at: "\(path).achievedOn")
                check.order(adoptedOn, before: achievedOn, at: "\(path).achievedOn")
            }
        }
        check.count(measures, atLeast: 1, at: "measures")
        for (index, measure) in measures.enumerated() { check.nonEmpty(measure, at: "measures[\(index)]") }
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
