import DudaoKernel

// The fields of phase 1's records as a person sees them, in the plan's words: every form of
// the workstation and the bureau is built from these.

extension MobilisationMeeting {
    public static let fields: [FieldDescription] = [
        .init("heldOn", zh: "召开日期", en: "Held on", kind: .date(windowOf: clause)),
        .init("chair", zh: "主持人", en: "Chaired by", kind: .person(role: nil)),
        .init("attendance", zh: "参会人数", en: "Attendance", kind: .count(atLeast: 1)),
        .init("bureauLeaderPresent", zh: "到会的局领导", en: "Bureau leader present",
              kind: .person(role: .bureauLeader), required: false)
            .help("分包本单位或分管本科室、亲自到会动员的局领导", "The bureau leader responsible for the unit who attended in person"),
        .init("guidedByLeader", zh: "指导动员的局领导", en: "Bureau leader who guided it",
              kind: .person(role: .bureauLeader), required: false)
            .help("未到会、但亲自指导本单位动员部署的局领导", "A bureau leader who guided the mobilisation without attending"),
        .init("summary", zh: "会议情况", en: "What the meeting did", kind: .longText),
    ]
}

extension StudySession {
    public static let fields: [FieldDescription] = [
        .init("heldOn", zh: "学习日期", en: "Held on", kind: .date(windowOf: clause)),
        .init("materials", zh: "学习内容", en: "Materials studied",
              kind: .list(.clauseOption(clause: clause, list: materialsKey)))
            .help("至少选择一项", "Choose at least one"),
        .init("participants", zh: "参加人数", en: "Participants", kind: .count(atLeast: 1)),
        .init("hours", zh: "学时", en: "Hours", kind: .decimal(min: 0, max: 24))
            .help("大于 0，不超过 24，可填小数（如 2.5）", "Above 0 and at most 24; decimals allowed (2.5)"),
    ]
}

extension ArticleSubmission {
    public static let fields: [FieldDescription] = [
        .init("title", zh: "稿件标题", en: "Title", kind: .text),
        .init("submittedOn", zh: "报送日期", en: "Submitted on", kind: .date(windowOf: clause))
            .help("报送局活动办的日期；每周至少报送 1 篇", "The day it was sent to the campaign office; at least one a week"),
        .init("author", zh: "作者", en: "Author", kind: .text, required: false)
            .help("署名，如“校办 李明”", "As signed, e.g. 校办 李明"),
        .init("url", zh: "网址", en: "Web address", kind: .text, required: false)
            .help("稿件已发布时填写，以 http:// 或 https:// 开头", "Where it is published, starting with http:// or https://"),
        .init("summary", zh: "内容摘要", en: "Summary", kind: .longText, required: false),
    ]
}

extension ArticleAdoption {
    public static let fields: [FieldDescription] = [
        .init("article", zh: "采用的稿件", en: "Article adopted", kind: .record(type: ArticleSubmission.recordType)),
        .init("adoptedOn", zh: "采用日期", en: "Adopted on", kind: .date(windowOf: clause)),
        .init("outlet", zh: "刊发载体", en: "Published in", kind: .text)
            .help("简报、网站或报刊，如“敢转争”活动简报第5期", "A bulletin, a website or a newspaper"),
    ]
}

extension WebsiteColumn {
    public static let fields: [FieldDescription] = [
        .init("url", zh: "专栏网址", en: "Column address", kind: .text)
            .help("以 http:// 或 https:// 开头", "Starting with http:// or https://"),
        .init("openedOn", zh: "开通日期", en: "Opened on", kind: .date(windowOf: clause)),
    ]
}

extension DiscussionActivity {
    public static let fields: [FieldDescription] = [
        .init("form", zh: "活动形式", en: "Form", kind: .clauseOption(clause: clause, list: formsKey)),
        .init("heldOn", zh: "开展日期", en: "Held on", kind: .date(windowOf: clause)),
        .init("participants", zh: "参加人数", en: "Participants", kind: .count(atLeast: 1)),
        .init("topic", zh: "讨论主题", en: "Topic", kind: .text, required: false),
    ]
}

extension Reflection {
    public static let fields: [FieldDescription] = [
        .init("author", zh: "撰写人", en: "Author", kind: .person(role: nil))
            .help("本单位负责人（一把手）或局领导本人", "A head of this unit or a bureau leader, in person"),
        .init("writtenOn", zh: "撰写日期", en: "Written on", kind: .date(windowOf: clause)),
        .init("submittedOn", zh: "报送局活动办日期", en: "Submitted to the campaign office on",
              kind: .date(windowOf: clause), required: false)
            .help("尚未报送时留空；须于活动办规定日期前报送", "Leave empty until it is submitted; due by the office's date"),
        .init("title", zh: "标题", en: "Title", kind: .text),
        .init("text", zh: "正文", en: "Text", kind: .longText, required: false)
            .help("填写正文，或上传文件并填写其哈希值", "The text, or upload the file and give its hash"),
        .init("fileHash", zh: "附件哈希值", en: "Attached file's hash", kind: .text, required: false)
            .help("已上传文件的 SHA-256（64 位十六进制）", "The uploaded file's SHA-256 (64 hex digits)"),
    ]
}
