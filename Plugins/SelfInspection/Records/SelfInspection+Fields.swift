import DudaoKernel

// The fields of phase 2's records as a person sees them, in the plan's words: every form of
// the workstation and the bureau is built from these.

extension FoundProblem {
    /// A problem's fields; it is a group in the self-inspection's and the symposium's lists.
    public static let fields: [FieldDescription] = [
        .init("title", zh: "问题", en: "Problem", kind: .text),
        .init("detail", zh: "具体表现", en: "Details", kind: .longText, required: false),
        .init("measures", zh: "整改措施", en: "Measures", kind: .list(.text), required: false),
        .init("deadline", zh: "整改时限", en: "Deadline", kind: .date(windowOf: nil), required: false)
            .help("不早于查摆日期", "Not before the day it was found"),
        .init("responsiblePerson", zh: "责任人", en: "Responsible person", kind: .text, required: false)
            .help("姓名；名册中的人员也可填其编号", "A name, or a roster person's id"),
        .init("department", zh: "责任部门", en: "Responsible department", kind: .text, required: false),
    ]
}

extension SelfInspectionReport {
    public static let fields: [FieldDescription] = [
        .init("heldOn", zh: "自查日期", en: "Held on", kind: .date(windowOf: clause)),
        .init("scope", zh: "自查范围", en: "Scope", kind: .choice(of: SelfInspectionScope.self, \.title)),
        .init("problems", zh: "查摆出的问题", en: "Problems found", kind: .list(.group(FoundProblem.fields)))
            .help("每个问题都进入整改台账；未发现问题时留空并勾选下方一项", "Each problem enters the ledger; if none, leave empty and tick below"),
        .init("noneFound", zh: "未发现问题", en: "No problem found", kind: .boolean)
            .help("明确说明本次自查未发现问题", "Say explicitly that this self-inspection found nothing"),
    ]
}

extension Symposium {
    public static let fields: [FieldDescription] = [
        .init("kind", zh: "座谈会类别", en: "Kind", kind: .clauseOption(clause: clause, list: kindsKey)),
        .init("heldOn", zh: "召开日期", en: "Held on", kind: .date(windowOf: clause)),
        .init("attendance", zh: "参会人数", en: "Attendance", kind: .count(atLeast: 1)),
        .init("opinions", zh: "征求到的意见建议", en: "Opinions heard", kind: .list(.text)),
        .init("problems", zh: "梳理出的问题", en: "Problems they reveal", kind: .list(.group(FoundProblem.fields)))
            .help("每个问题都进入整改台账", "Each problem enters the ledger"),
    ]
}

extension AppealChannel {
    public static let fields: [FieldDescription] = [
        .init("channel", zh: "渠道", en: "Channel", kind: .clauseOption(clause: clause, list: channelsKey)),
        .init("address", zh: "地址或号码", en: "Address or number", kind: .text)
            .help("信箱地址、举报电话号码或意见箱设置位置", "The mailbox address, the hotline's number or where the box stands"),
        .init("publishedOn", zh: "公布日期", en: "Published on", kind: .date(windowOf: clause)),
    ]
}

extension Appeal {
    public static let fields: [FieldDescription] = [
        .init("receivedOn", zh: "受理日期", en: "Received on", kind: .date(windowOf: clause)),
        .init("channel", zh: "来源渠道", en: "Channel", kind: .clauseOption(clause: clause, list: AppealChannel.channelsKey)),
        .init("from", zh: "诉求人", en: "From", kind: .choice(of: AppealOrigin.self, \.title)),
        .init("content", zh: "诉求内容", en: "Content", kind: .longText),
        .init("handler", zh: "办理人", en: "Handled by", kind: .text, required: false)
            .help("姓名；名册中的人员也可填其编号", "A name, or a roster person's id"),
        .init("reply", zh: "答复内容", en: "Reply", kind: .longText, required: false),
        .init("repliedOn", zh: "答复日期", en: "Replied on", kind: .date(windowOf: nil), required: false)
            .help("填写答复内容时必填，不早于受理日期", "Needed with a reply; not before the day received"),
        .init("problem", zh: "反映出本单位的问题", en: "Reveals a problem of the unit", kind: .boolean)
            .help("勾选后作为问题列入整改台账", "Ticked, it enters the ledger as a problem"),
    ]
}

extension LifeMeeting {
    public static let fields: [FieldDescription] = [
        .init("kind", zh: "会议类别", en: "Kind", kind: .clauseOption(clause: clause, list: kindsKey)),
        .init("heldOn", zh: "召开日期", en: "Held on", kind: .date(windowOf: clause)),
        .init("attendingLeaders", zh: "参加的局领导", en: "Bureau leaders attending", kind: .list(.person(role: .bureauLeader)))
            .help("局领导每人至少参加 1 次分包单位的专题民主生活会", "Each bureau leader attends at least one democratic life meeting of an assigned unit"),
        .init("attendingUnitLeaders", zh: "参加的本单位领导干部", en: "Unit leaders attending", kind: .list(.text), required: false)
            .help("姓名；名册中的人员也可填其编号", "Names, or roster person ids"),
        .init("measures", zh: "整改措施", en: "Improvement measures", kind: .list(.text))
            .help("至少一条具体措施", "At least one concrete measure"),
    ]
}
