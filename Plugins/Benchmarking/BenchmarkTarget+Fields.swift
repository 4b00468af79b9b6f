import DudaoKernel

// A first-class target's fields as a person sees them, in the plan's words (3.1).

extension BenchmarkTarget {
    public static let fields: [FieldDescription] = [
        .init("title", zh: "目标", en: "Target", kind: .text),
        .init("level", zh: "对标范围", en: "Comparable across", kind: .choice(of: Level.self, \.title))
            .help("机关科室、直属单位全省可比；学校全省、全市可比", "Offices and institutions: the province; schools: the province and the city"),
        .init("metric", zh: "指标", en: "Metric", kind: .text)
            .help("如：一本上线率", "e.g. the first-tier admission rate"),
        .init("baseline", zh: "现状", en: "Where it stands now", kind: .text),
        .init("targetValue", zh: "目标值", en: "Target value", kind: .text),
        .init("benchmarkPeer", zh: "标杆单位", en: "Benchmark peer", kind: .text),
        .init("plan", zh: "实现路径", en: "How it will be reached", kind: .longText),
        .init("responsiblePerson", zh: "责任人", en: "Responsible person", kind: .text)
            .help("姓名；名册中的人员也可填其编号", "A name, or a roster person's id"),
        .init("department", zh: "责任部门", en: "Responsible department", kind: .text, required: false),
        .init("setOn", zh: "制定日期", en: "Set on", kind: .date(windowOf: nil)),
        .init("deadline", zh: "完成时限", en: "Deadline", kind: .date(windowOf: nil), required: false)
            .help("留空则为当年年底", "Empty means the end of the year"),
        .init("achieved", zh: "是否实现", en: "Achieved", kind: .boolean, required: false)
            .help("尚不知道时留空", "Leave empty until it is known"),
        .init("achievedOn", zh: "实现日期", en: "Achieved on", kind: .date(windowOf: nil), required: false),
    ]
}
