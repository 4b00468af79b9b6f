import DudaoKernel

// The fields of phase 4's records as a person sees them, in the plan's words: every form of
// the workstation and the bureau is built from these.

extension MajorProject {
    public static let fields: [FieldDescription] = [
        .init("title", zh: "项目或工作名称", en: "Project or work", kind: .text),
        .init("leadLeader", zh: "牵头领导", en: "Lead leader", kind: .person(role: nil))
            .help("局领导或本单位领导", "A bureau leader or one of the unit's leaders"),
        .init("department", zh: "责任部门", en: "Responsible department", kind: .text),
        .init("measures", zh: "推进措施", en: "Measures", kind: .list(.text))
            .help("至少一条", "At least one"),
        .init("deadline", zh: "完成时限", en: "Time limit", kind: .date(windowOf: nil))
            .help("不早于立项日期", "Not before the day registered"),
        .init("registeredOn", zh: "立项日期", en: "Registered on", kind: .date(windowOf: "4.1")),
        .init("progress", zh: "进展情况", en: "Progress", kind: .longText, required: false),
    ]
}

extension ProgressReport {
    public static let fields: [FieldDescription] = [
        .init("subject", zh: "汇报事项", en: "Report on", kind: .choice(of: Subject.self, \.title)),
        .init("period", zh: "报告期", en: "Period", kind: .text)
            .help("按月如 2017-04，按季度如 2017-Q2；机关科室、直属单位按月，学校按季度",
                  "A month such as 2017-04 or a quarter such as 2017-Q2: offices and institutions monthly, schools quarterly"),
        .init("submittedOn", zh: "报送日期", en: "Submitted on", kind: .date(windowOf: nil)),
        .init("itemsCovered", zh: "涉及的台账事项", en: "Ledger items covered", kind: .list(.record(type: LedgerItem.recordType))),
        .init("summary", zh: "汇报内容", en: "Summary", kind: .longText),
    ]
}

extension TargetPlan.Milestone {
    /// A stage goal's fields; it is a group in the plan's list.
    public static let fields: [FieldDescription] = [
        .init("title", zh: "阶段性目标", en: "Stage goal", kind: .text),
        .init("dueOn", zh: "完成时限", en: "Due on", kind: .date(windowOf: nil)),
        .init("responsiblePerson", zh: "责任人", en: "Responsible person", kind: .text)
            .help("姓名；名册中的人员也可填其编号", "A name, or a roster person's id"),
        .init("achievedOn", zh: "实现日期", en: "Reached on", kind: .date(windowOf: nil), required: false)
            .help("尚未实现时留空", "Leave empty while not reached"),
    ]
}

extension TargetPlan {
    public static let fields: [FieldDescription] = [
        .init("target", zh: "争先创优目标", en: "First-class target", kind: .record(type: "benchmarking/target")),
        .init("milestones", zh: "阶段性目标", en: "Stage goals", kind: .list(.group(Milestone.fields)))
            .help("至少一个，各有时限和责任人", "At least one, each with a due date and a responsible person"),
        .init("measures", zh: "措施", en: "Measures", kind: .list(.text)),
        .init("adoptedOn", zh: "制定日期", en: "Adopted on", kind: .date(windowOf: nil)),
    ]
}

extension LeaderVisit {
    public static let fields: [FieldDescription] = [
        .init("leader", zh: "局领导", en: "Bureau leader", kind: .person(role: .bureauLeader))
            .help("分包本单位或分管本科室的局领导", "A leader with this unit assigned or in charge"),
        .init("visitedOn", zh: "督导日期", en: "Visited on", kind: .date(windowOf: "4.4")),
        .init("announced", zh: "明查（事先通知）", en: "Announced", kind: .boolean)
            .help("不勾选即为暗访", "Unticked means unannounced"),
        .init("findings", zh: "发现的问题", en: "Problems found", kind: .list(.text))
            .help("每个问题都进入本单位的整改台账", "Each enters the unit's ledger"),
        .init("problemsSolved", zh: "解决的问题", en: "Problems solved", kind: .list(.text)),
    ]
}
