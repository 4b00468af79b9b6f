import DudaoKernel

// The fields of phase 5's records as a person sees them, in the plan's words.

extension Practice {
    public static let fields: [FieldDescription] = [
        .init("title", zh: "制度机制名称", en: "Name", kind: .text),
        .init("adoptedOn", zh: "建立日期", en: "Adopted on", kind: .date(windowOf: "5.1")),
        .init("document", zh: "文件", en: "Document", kind: .text)
            .help("文件标题，或已上传文件的哈希值", "The document's title, or the uploaded file's hash"),
        .init("kind", zh: "类别", en: "Kind", kind: .choice(of: Kind.self, \.title)),
    ]
}

extension ScoreSheet {
    public static let fields: [FieldDescription] = [
        .init("assessedOn", zh: "考核日期", en: "Assessed on", kind: .date(windowOf: "5.2")),
        .init("stageTargetsMet", zh: "完成的阶段性目标数", en: "Stage targets met", kind: .integer(min: 0, max: maximumTargets)),
        .init("overallTargetsMet", zh: "完成的总体目标数", en: "Overall targets met", kind: .integer(min: 0, max: maximumTargets)),
        .init("comment", zh: "考核意见", en: "Comment", kind: .longText),
        .init("finalScore", zh: "最终得分", en: "Final score", kind: .decimal(min: 0, max: 100))
            .help("0 至 100", "0 to 100"),
    ]
}
