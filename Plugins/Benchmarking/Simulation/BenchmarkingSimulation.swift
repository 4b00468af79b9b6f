import DudaoKernel

extension BenchmarkingPlugin {
    /// Phase 3 of a simulated year at one unit, for `dudao demo`: first-class targets (3.1).
    ///
    /// Diligent units set one target at every level `levelsByUnitKind` requires of their kind by
    /// `dueBy` and reach them all; late units set them after `dueBy` and reach about half;
    /// lax units set only the first level's and reach none. Each target is due at the campaign's
    /// end, so its ledger item stays open, not overdue, through the year.
    static let simulation: @Sendable (inout SimulationContext) -> Void = { context in
        BenchmarkingYear.run(&context)
    }
}

/// The targets of phase 3.
enum BenchmarkingYear {
    static let clauseID = "3.1"

    static func run(_ context: inout SimulationContext) {
        guard let clause = context.campaign.clause(clauseID), clause.applies(to: context.unit) else { return }
        let levels = (clause.value("levelsByUnitKind", for: context.unit)?.stringArray ?? [])
            .compactMap(BenchmarkTarget.Level.init(rawValue:))
        let due = clause.date("dueBy") ?? clause.window.end
        let end = context.campaign.window.end
        let reach: Double = switch context.diligence {
        case .diligent: 1
        case .late: 0.5
        case .lax: 0
        }
        for (index, level) in (context.diligence == .lax ? Array(levels.prefix(1)) : levels).enumerated() {
            let day = context.diligence == .late
                ? min(due.adding(days: context.int(in: 1...12)), max(due, end))
                : clause.window.start.adding(days: context.int(in: 0...max(0, clause.window.start.days(until: due))))
            let text = TargetText.pick(kind: context.unit.kind, level: level, random: context.int(in: 0...99))
            // Diligent units reach every target, late units the first of two (or one by chance), lax none.
            let achieved = levels.count > 1 && context.diligence == .late ? index == 0 : context.chance(reach)
            let achievedOn = max(day, end.adding(days: -context.int(in: 0...60)))
            let target = BenchmarkTarget(
                title: text.title, level: level, metric: text.metric, baseline: text.baseline, targetValue: text.target,
                benchmarkPeer: text.peer, plan: text.plan,
                responsiblePerson: context.people(.unitHead).first?.id ?? "单位负责人", department: "办公室",
                setOn: day, deadline: end, achieved: achieved, achievedOn: achieved ? achievedOn : nil)
            context.add(target, on: day, author: (context.people(.operator).first ?? context.people(.unitHead).first)?.id)
        }
    }
}

/// A target in words, by kind of unit and level of comparison.
private struct TargetText: Sendable {
    var title: String
    var metric: String
    var baseline: String
    var target: String
    var peer: String
    var plan: String

    static func pick(kind: UnitKind, level: BenchmarkTarget.Level, random: Int) -> TargetText {
        let pool: [TargetText] = switch (kind, level) {
        case (.school, .province): [
            TargetText(title: "高考本科上线率进入全省同类学校前十", metric: "高考本科上线率", baseline: "78%（全省第15位）",
                       target: "85%（全省前10位）", peer: "郑州外国语学校", plan: "分层教学、集体备课、每月质量分析会"),
            TargetText(title: "省级优质课获奖数进入全省前列", metric: "省级优质课一等奖人数", baseline: "2人",
                       target: "5人", peer: "河南省实验中学", plan: "名师工作室带教、校内赛课选拔"),
        ]
        case (.school, .city): [
            TargetText(title: "学生体质健康达标率全市第一", metric: "体质健康达标率", baseline: "91%（全市第3位）",
                       target: "95%（全市第1位）", peer: "新乡市第一中学", plan: "每天一小时校园体育活动、体育课分项教学"),
            TargetText(title: "家长满意度测评全市第一", metric: "家长满意度", baseline: "88%", target: "95%",
                       peer: "新乡市实验小学", plan: "家长开放日、家校沟通平台、问题限时回复"),
        ]
        case (.institution, _): [
            TargetText(title: "教研成果获省级奖励数进入全省前五", metric: "省级教研成果奖", baseline: "3项（全省第9位）",
                       target: "6项（全省前5位）", peer: "郑州市教育局教研室", plan: "课题分级管理、成果培育孵化"),
            TargetText(title: "教育信息化应用水平全省一流", metric: "省级信息化示范校数", baseline: "4所", target: "8所",
                       peer: "洛阳市电化教育馆", plan: "示范校培育、应用能力全员培训"),
        ]
        default: [
            TargetText(title: "办文办事效率达到全省同类部门一流", metric: "事项平均办结天数", baseline: "7天", target: "3天",
                       peer: "郑州市教育局", plan: "限时办结、网上办理、周通报"),
            TargetText(title: "重点工作考核进入全省前列", metric: "省厅专项考核名次", baseline: "全省第12位", target: "全省前5位",
                       peer: "洛阳市教育局", plan: "对标分解任务、月调度、季评比"),
        ]
        }
        return pool[random % pool.count]
    }
}
