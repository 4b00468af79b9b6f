import DudaoKernel

extension RectificationPlugin {
    /// Phase 4 of a simulated year at one unit, for `dudao demo`: a major project, progress reports
    /// on rectification and on the targets, the targets' implementation plan, and the visits of the
    /// bureau leaders responsible for the unit.
    ///
    /// Diligent units register and plan on time and report every period within `graceDays`; late
    /// units register and plan after the date and file every other report after the grace; lax
    /// units give their project a deadline nobody meets and stop reporting at mid-year. Leaders
    /// visit every unit they answer for often enough that each meets `visitsPerPeriod` in total (or
    /// per unit, when `quotaScope` says so), and lax units once more now and then (R2).
    static let simulation: @Sendable (inout SimulationContext) -> Void = { context in
        RectificationYear.run(&context)
    }
}

/// The records of phase 4, clause by clause.
enum RectificationYear {
    static func run(_ context: inout SimulationContext) {
        for clauseID in ["4.1", "4.2", "4.3", "4.4"] {
            guard let clause = context.campaign.clause(clauseID), clause.applies(to: context.unit) else { continue }
            switch clauseID {
            case "4.1": registerProjects(&context, clause)
            case "4.2": report(&context, on: .rectification, clause)
            case "4.3":
                adoptPlan(&context, clause)
                report(&context, on: .target, clause)
            case "4.4": visit(&context, clause)
            default: break
            }
        }
    }

    /// 4.1: `minimumProjects` projects by `registerBy` (late units after it), due at the campaign's
    /// end; a lax unit's is due four `ledgerDefaultDeadlineDays` after registration and left open.
    static func registerProjects(_ context: inout SimulationContext, _ clause: Clause) {
        guard let lead = context.people(.unitHead).first?.id ?? context.leaders.first?.id else { return }
        let due = clause.date("registerBy") ?? clause.window.end
        let span = context.campaign.parameter("ledgerDefaultDeadlineDays")?.intValue ?? 30
        for _ in 0..<max(1, clause.int("minimumProjects") ?? 1) {
            let day = context.scheduled(due, from: clause.window.start)
            let text = context.pick(projects)
            let deadline = context.diligence == .lax ? day.adding(days: 4 * span) : context.campaign.window.end
            let project = MajorProject(title: text.title, leadLeader: lead, department: text.department, measures: text.measures,
                                       deadline: max(day, deadline), registeredOn: day, progress: "已完成立项，按计划推进")
            context.add(project, on: day, author: context.clerk)
        }
    }

    /// 4.2 and 4.3: a report per period of `reportPeriodByUnitKind`, within `graceDays` after it;
    /// a late unit files every other one after the grace, a lax unit none for periods ending after mid-year.
    static func report(_ context: inout SimulationContext, on subject: ProgressReport.Subject, _ clause: Clause) {
        guard let kind = clause.periodKind(ProgressReport.periodKey, for: context.unit)
        else { return }
        let campaign = context.campaign
        let grace = clause.int("graceDays") ?? 0
        let lastDay = max(campaign.clauses.map(\.window.end).max() ?? campaign.window.end, campaign.window.end)
        let midYear = campaign.window.start.adding(days: campaign.window.days / 2)
        for (index, period) in context.calendar.periods(kind, overlapping: clause.window).enumerated() {
            if context.diligence == .lax && period.end >= midYear { break }
            let deadline = period.end.adding(days: grace)
            let day = context.diligence == .late && index % 2 == 1
                ? deadline.adding(days: context.int(in: 1...12))
                : context.between(max(period.start, period.end.adding(days: -3)), deadline)
            guard day <= lastDay else { continue }
            let summary = subject == .rectification
                ? "\(period.label)整改台账事项推进情况：已整改\(context.int(in: 1...4))项，其余按计划推进"
                : "\(period.label)争先创优目标推进情况：阶段性目标按计划完成，存在困难已提请协调"
            context.add(ProgressReport(subject: subject, period: period.label, submittedOn: day, summary: summary),
                        on: day, author: context.clerk)
        }
    }

    /// 4.3: the targets' implementation plan by `planDueBy` (late units after it), with a stage
    /// goal halfway and the final one at the clause's end.
    ///
    /// The plan names the targets in words: each plugin simulates in its own context, so the id
    /// the benchmarking simulation gave the target is not known here.
    static func adoptPlan(_ context: inout SimulationContext, _ clause: Clause) {
        let day = context.scheduled(clause.date("planDueBy") ?? clause.window.end, from: clause.window.start)
        let end = max(day, min(clause.window.end, context.campaign.window.end))
        let responsible = context.people(.unitHead).first?.id ?? "单位负责人"
        let plan = TargetPlan(
            target: "\(context.unit.name.zh)\(clause.window.start.year)年度争先创优目标（3.1）",
            milestones: stageGoals(&context, from: day, to: end, responsible: responsible),
            measures: ["目标分解到部门和个人", "每月调度推进情况", "与标杆单位结对交流"], adoptedOn: day)
        context.add(plan, on: day, author: context.clerk)
    }

    /// The plan's two stage goals, halfway and at the end: a diligent unit reaches both on time, a
    /// late unit the first late and the last on time, a lax unit neither.
    static func stageGoals(_ context: inout SimulationContext, from day: LocalDate, to end: LocalDate,
                           responsible: String) -> [TargetPlan.Milestone] {
        let halfway = day.adding(days: day.days(until: end) / 2)
        var first = TargetPlan.Milestone(title: "完成阶段性目标，开展中期对标评估", dueOn: halfway, responsiblePerson: responsible)
        var last = TargetPlan.Milestone(title: "全面完成年度争先创优目标", dueOn: end, responsiblePerson: responsible)
        switch context.diligence {
        case .diligent:
            first.achievedOn = halfway.adding(days: -context.int(in: 0...5))
            last.achievedOn = end.adding(days: -context.int(in: 0...5))
        case .late:
            first.achievedOn = min(end, halfway.adding(days: context.int(in: 5...20)))
            last.achievedOn = end
        case .lax:
            break
        }
        return [first, last]
    }

    /// 4.4: each responsible leader's visits to this unit, per `period`: enough that the leader's
    /// units together reach `visitsPerPeriod` (each unit, when `quotaScope` is `leader-and-unit`).
    static func visit(_ context: inout SimulationContext, _ clause: Clause) {
        guard let kind = clause.periodKind("period", for: context.unit), let quota = clause.int("visitsPerPeriod") else { return }
        let perUnit = clause.string("quotaScope") == "leader-and-unit"
        let last = min(clause.window.end, context.campaign.window.end)
        for leader in context.leaders {
            let units = max(1, Set(leader.assignedUnits + leader.officesInCharge).count)
            let share = perUnit ? quota : (quota + units - 1) / units
            for period in context.calendar.periods(kind, overlapping: clause.window) {
                let from = max(period.start, clause.window.start), to = min(period.end, last)
                guard from <= to else { continue }
                let extra = context.diligence == .lax && context.chance(0.4) ? 1 : 0
                let days = (0..<(share + extra)).map { _ in context.between(from, to) }.sorted()
                for day in days {
                    // A diligent unit gives the leader nothing to find; elsewhere one gap, now and then.
                    let findings = context.diligence != .diligent && context.chance(0.25) ? [context.pick(gapFindings)] : []
                    context.add(LeaderVisit(leader: leader.id, visitedOn: day, announced: context.chance(0.6),
                                            findings: findings, problemsSolved: context.chance(0.5) ? [context.pick(solved)] : []),
                                on: day, author: leader.id, byBureau: true)
                }
            }
        }
    }

    static let projects: [(title: String, department: String, measures: [String])] = [
        ("校园安全防控体系建设", "安全办", ["完成视频监控全覆盖", "每月开展安全隐患排查"]),
        ("教师队伍梯队建设", "人事办", ["实施青年教师青蓝工程", "建立骨干教师考核激励办法"]),
        ("智慧校园建设", "信息中心", ["完成校园网升级改造", "建设数字化教学资源库"]),
        ("教育教学质量提升工程", "教务处", ["建立质量监测分析制度", "推进分层走班教学"]),
    ]

    static let gapFindings = ["部分工作未按时限完成", "整改推进情况汇报不及时", "学习教育开展不够扎实", "台账管理不够规范"]
    static let solved = ["协调解决校舍维修资金问题", "协调解决教师编制补充问题", "协调解决校园周边交通秩序问题"]
}

