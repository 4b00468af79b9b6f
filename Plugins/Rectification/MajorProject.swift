import DudaoKernel

/// A major project or key work item (重大项目和重点工作, clause 4.1): a lead leader, a
/// responsible department and a time limit; it enters the ledger with source `major-project`.
public struct MajorProject: RecordBody, Hashable {
    public static let recordType = "rectification/major-project"
    public static let title = LocalizedText(zh: "重大项目和重点工作", en: "major project")

    public var title: String
    /// The leader who leads it (牵头领导): a person id of the roster, a bureau leader or one of the unit's people.
    public var leadLeader: String
    /// The responsible department (责任部门).
    public var department: String
    /// How it is pushed forward: at least one measure, so its ledger item is complete (R3).
    public var measures: [String]
    public var deadline: LocalDate
    public var registeredOn: LocalDate
    /// Where it stands, in a sentence.
    public var progress: String?

    public init(title: String, leadLeader: String, department: String, measures: [String], deadline: LocalDate,
                registeredOn: LocalDate, progress: String? = nil) {
        self.title = title
        self.leadLeader = leadLeader
        self.department = department
        self.measures = measures
        self.deadline = deadline
        self.registeredOn = registeredOn
        self.progress = progress
    }

    public static var example: MajorProject {
        MajorProject(title: "新校区学生宿舍楼建设", leadLeader: "leader-1", department: "总务处",
                     measures: ["5月底前完成招标", "每周召开工程例会"],
                     deadline: LocalDate(year: 2017, month: 8, day: 31)!, registeredOn: LocalDate(year: 2017, month: 4, day: 25)!,
                     progress: "已完成立项审批，正在招标")
    }

    public func validate(_ check: inout RecordCheck) {
        check.nonEmpty(title, at: "title")
        check.person(leadLeader, at: "leadLeader")
        if let person = check.campaign.person(leadLeader), let unit = check.unit,
           !person.roles.contains(.bureauLeader), person.unit != unit.id {
            check.fail("leadLeader", "“\(person.name)”既不是局领导，也不属于\(unit.name.zh)",
                       "'\(leadLeader)' is neither a bureau leader nor one of \(unit.name.en)'s people")
        }
        check.nonEmpty(department, at: "department")
        check.count(measures, atLeast: 1, at: "measures")
        check.nonEmpty(measures, at: "measures")
        check.date(registeredOn, at: "registeredOn", inWindowOf: "4.1")
        check.order(registeredOn, before: deadline, at: "deadline")
        if let progress { check.nonEmpty(progress, at: "progress") }
    }

    /// The project as a ledger item (R3): the lead leader answers for it by its deadline.
    public func ledgerProblems(recordID: String, unit: String) -> [LedgerItem] {
        [LedgerItem(title: title, detail: progress, source: .majorProject, sourceRecord: recordID,
                    measures: measures, deadline: deadline, responsiblePerson: leadLeader, department: department,
                    registeredOn: registeredOn)]
    }
}
