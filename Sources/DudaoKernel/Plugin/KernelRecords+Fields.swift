// The fields of the kernel's own record types (the ledger, inspections, look-backs) as a person
// sees them, in the plan's words (R1–R3, 2.4).

extension LedgerItem {
    public static let fields: [FieldDescription] = [
        .init("title", zh: "问题或任务", en: "Problem or task", kind: .text),
        .init("detail", zh: "具体情况", en: "Details", kind: .longText, required: false),
        .init("source", zh: "来源", en: "Source", kind: .choice(of: LedgerSource.self, \.title)),
        .init("sourceRecord", zh: "来源记录", en: "Source record", kind: .text, required: false)
            .help("问题出自的记录编号（自查、座谈会、诉求……），由系统填写", "The record it came from, filled in by Dudao"),
        .init("measures", zh: "整改措施", en: "Measures", kind: .list(.text)),
        .init("deadline", zh: "整改时限", en: "Deadline", kind: .date(windowOf: nil), required: false),
        .init("responsiblePerson", zh: "责任人", en: "Responsible person", kind: .text, required: false)
            .help("姓名；名册中的人员也可填其编号", "A name, or a roster person's id"),
        .init("department", zh: "责任部门", en: "Responsible department", kind: .text, required: false),
        .init("registeredOn", zh: "立项日期", en: "Registered on", kind: .date(windowOf: nil)),
        .init("account", zh: "登记账号", en: "Registered by account", kind: .text, required: false)
            .help("在教育局登记时的网页账号，由系统填写", "The bureau's web account that registered it, filled in by Dudao"),
    ]
}

extension CloseChecks {
    /// The four 不放过 (R1) as a group of checkboxes, each in R1's words.
    public static let fields: [FieldDescription] = Check.allCases.map { check in
        FieldDescription(check.rawValue, label: check.met, kind: .boolean)
    }
}

extension CloseChecks.Check {
    /// What the supervisor confirms when ticking the check.
    var met: LocalizedText {
        switch self {
        case .awarenessRaised: LocalizedText(zh: "思想认识上去了", en: "Awareness is raised")
        case .problemsFocused: LocalizedText(zh: "查摆问题聚焦了", en: "The problems are focused")
        case .measuresInPlace: LocalizedText(zh: "整改措施到位了", en: "The measures are in place")
        case .publicSatisfied: LocalizedText(zh: "群众满意了", en: "The public is satisfied")
        }
    }
}

extension LedgerTransition {
    public static let fields: [FieldDescription] = [
        .init("item", zh: "台账事项", en: "Ledger item", kind: .record(type: LedgerItem.recordType)),
        .init("action", zh: "环节", en: "Step", kind: .choice(of: LedgerAction.self, \.title)),
        .init("role", zh: "办理方", en: "Taken by", kind: .choice(of: LedgerRole.self, \.title)),
        .init("person", zh: "办理人", en: "Person", kind: .person(role: nil), required: false),
        .init("on", zh: "日期", en: "On", kind: .date(windowOf: nil)),
        .init("comment", zh: "意见或说明", en: "Comment", kind: .longText),
        .init("deadline", zh: "新的时限", en: "New deadline", kind: .date(windowOf: nil), required: false)
            .help("督办或回头看时设定", "Set when supervising or reopening"),
        .init("closeChecks", zh: "“四个不放过”检查", en: "The four no-let-go checks", kind: .group(CloseChecks.fields), required: false)
            .help("销号时必填，且四项均须满足", "Needed to close, and all four must be met"),
        .init("account", zh: "办理账号", en: "Account", kind: .text, required: false)
            .help("在教育局办理时的网页账号，由系统填写", "The bureau's web account that took the step, filled in by Dudao"),
    ]
}

extension Inspection.FocusScore {
    public static let fields: [FieldDescription] = [
        .init("point", zh: "督导要点", en: "Focus point", kind: .text)
            .help("活动文件中的要点编号（F1…F9）", "A focus point id of the campaign (F1 … F9)"),
        .init("score", zh: "得分", en: "Score", kind: .integer(min: 0, max: 100)),
        .init("note", zh: "说明", en: "Note", kind: .text, required: false),
    ]
}

extension Inspection.Finding {
    public static let fields: [FieldDescription] = [
        .init("problem", zh: "问题", en: "Problem", kind: .text),
        .init("deadline", zh: "整改时限", en: "Deadline", kind: .date(windowOf: nil)),
        .init("responsiblePerson", zh: "责任人", en: "Responsible person", kind: .text, required: false),
        .init("measures", zh: "整改措施", en: "Measures", kind: .list(.text), required: false),
    ]
}

extension Inspection {
    public static let fields: [FieldDescription] = [
        .init("announced", zh: "明查（事先通知）", en: "Announced", kind: .boolean)
            .help("不勾选即为暗访", "Unticked means unannounced"),
        .init("plannedOn", zh: "计划日期", en: "Planned on", kind: .date(windowOf: nil)),
        .init("heldOn", zh: "实施日期", en: "Held on", kind: .date(windowOf: nil), required: false)
            .help("尚未实施时留空", "Leave empty while planned"),
        .init("methods", zh: "督导方式", en: "Methods", kind: .list(.text))
            .help("活动文件中的督导方式编号，须与是否事先通知相符", "Method ids of the campaign, agreeing with announced"),
        .init("team", zh: "督查组成员", en: "Team", kind: .list(.text))
            .help("至少一人", "At least one"),
        .init("scores", zh: "要点评分", en: "Focus-point scores", kind: .list(.group(FocusScore.fields))),
        .init("findings", zh: "发现的问题", en: "Findings", kind: .list(.group(Finding.fields)))
            .help("每个问题限期整改，进入台账", "Each gets a deadline and enters the ledger"),
        .init("notes", zh: "检查记录", en: "Notes", kind: .longText, required: false),
        .init("corrects", zh: "更正的检查", en: "Corrects inspection", kind: .record(type: recordType), required: false)
            .help("更正已实施的检查时选择原检查，并在检查记录中说明原因", "When correcting, the inspection corrected; say why in the notes"),
    ]
}

extension LookBack {
    public static let fields: [FieldDescription] = [
        .init("on", zh: "回头看日期", en: "On", kind: .date(windowOf: nil)),
        .init("reason", zh: "原因", en: "Reason", kind: .longText),
        .init("reopenedItems", zh: "重新督办的台账事项", en: "Ledger items reopened", kind: .list(.record(type: LedgerItem.recordType))),
        .init("nextVisitBy", zh: "再督导时限", en: "Next visit by", kind: .date(windowOf: nil), required: false),
    ]
}

extension LedgerTransfer {
    /// Written by the bureau when a merged unit's items move (never by a unit's form); described
    /// whole so that every door shows it like any record.
    public static let fields: [FieldDescription] = [
        .init("item", zh: "台账事项", en: "Ledger item", kind: .record(type: LedgerItem.recordType)),
        .init("fromUnit", zh: "原单位", en: "From unit", kind: .unit),
        .init("toUnit", zh: "接收单位", en: "To unit", kind: .unit),
        .init("on", zh: "转交日期", en: "Moved on", kind: .date(windowOf: nil)),
        .init("comment", zh: "说明", en: "Comment", kind: .longText),
        .init("carried", zh: "转交时的事项", en: "The item as it moved", kind: .group(Carried.fields)),
    ]
}

extension LedgerTransfer.Carried {
    static let fields: [FieldDescription] = [
        .init("item", zh: "事项内容", en: "The item", kind: .group(LedgerItem.fields)),
        .init("state", zh: "当时环节", en: "Its stage", kind: .choice(of: LedgerState.self, \.title)),
        .init("deadline", zh: "当时时限", en: "Its deadline", kind: .date(windowOf: nil), required: false),
        .init("history", zh: "办理经过", en: "Its history", kind: .list(.group(LedgerItemState.Entry.fields))),
    ]
}

extension LedgerItemState.Entry {
    static let fields: [FieldDescription] = [
        .init("record", zh: "记录", en: "Record", kind: .text),
        .init("action", zh: "环节", en: "Step", kind: .choice(of: LedgerAction.self, \.title)),
        .init("role", zh: "办理方", en: "Taken by", kind: .choice(of: LedgerRole.self, \.title)),
        .init("person", zh: "办理人", en: "Person", kind: .person(role: nil), required: false),
        .init("account", zh: "办理账号", en: "Account", kind: .text, required: false),
        .init("on", zh: "日期", en: "On", kind: .date(windowOf: nil)),
        .init("comment", zh: "意见或说明", en: "Comment", kind: .longText),
        .init("from", zh: "原环节", en: "From", kind: .choice(of: LedgerState.self, \.title)),
        .init("to", zh: "新环节", en: "To", kind: .choice(of: LedgerState.self, \.title)),
        .init("applied", zh: "是否生效", en: "Took effect", kind: .boolean),
    ]
}
