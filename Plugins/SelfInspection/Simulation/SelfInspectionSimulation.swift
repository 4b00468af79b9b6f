import DudaoKernel

extension SelfInspectionPlugin {
    /// Phase 2 of a simulated year at one unit, for `dudao demo`: the self-inspection and its
    /// problems (the ledger of 2.4), the symposiums the unit's kind or tag requires, the appeal
    /// channels and appeals, and the life meeting its responsible bureau leaders attend.
    ///
    /// Diligent units do it all on time with every ledger item fully specified; late units inspect
    /// and hold their symposiums after the window and answer some appeals after the reply limit;
    /// lax units hold no symposium, leave a problem without a responsible person and with a short
    /// deadline nobody meets, and never answer one appeal. Every date and list is read from the
    /// campaign file.
    static let simulation: @Sendable (inout SimulationContext) -> Void = { context in
        SelfInspectionYear.run(&context)
    }
}

/// The records of phase 2, clause by clause.
enum SelfInspectionYear {
    static func run(_ context: inout SimulationContext) {
        for clauseID in [SelfInspectionReport.clause, Symposium.clause, AppealChannel.clause, LifeMeeting.clause] {
            guard let clause = context.campaign.clause(clauseID), clause.applies(to: context.unit) else { continue }
            switch clauseID {
            case SelfInspectionReport.clause: inspect(&context, clause)
            case Symposium.clause: holdSymposiums(&context, clause)
            case AppealChannel.clause: handleAppeals(&context, clause, channels: publishChannels(&context, clause))
            case LifeMeeting.clause: holdLifeMeeting(&context, clause)
            default: break
            }
        }
    }

    /// 2.1: a unit self-inspection with one or two problems, each with measures, a deadline at the
    /// campaign's end and a responsible person (2.4). A lax unit's first problem names nobody and is
    /// due `ledgerDefaultDeadlineDays` after the inspection.
    static func inspect(_ context: inout SimulationContext, _ clause: Clause) {
        let day = context.scheduled(clause.window.end, from: clause.window.start)
        var pool = ProblemText.all
        var problems: [FoundProblem] = []
        for index in 0..<context.int(in: 1...2) {
            let text = pool.remove(at: context.int(in: 0...(pool.count - 1)))
            if context.diligence == .lax && index == 0 {
                let days = context.campaign.parameter("ledgerDefaultDeadlineDays")?.intValue ?? 30
                problems.append(FoundProblem(title: text.title, detail: text.detail, measures: text.measures,
                                             deadline: day.adding(days: days)))
            } else {
                problems.append(context.problem(text))
            }
        }
        context.add(SelfInspectionReport(heldOn: day, scope: .unit, problems: problems), on: day, author: context.clerk)
    }

    /// 2.2: one symposium of each kind `requiredKinds` names for the unit (late units after the
    /// window; lax units none); some raise a problem for the ledger.
    static func holdSymposiums(_ context: inout SimulationContext, _ clause: Clause) {
        let key = "requiredKinds"
        guard context.diligence != .lax, let value = clause.value(key, for: context.unit) ?? clause.parameters[key] else { return }
        let kinds = value.stringArray ?? value.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        for kind in kinds {
            let day = context.scheduled(clause.window.end, from: clause.window.start)
            var opinions = ["希望进一步减少形式主义的检查评比", "建议畅通教职工反映问题的渠道", "希望加强家校沟通",
                            "建议完善评优评先办法", "希望领导班子多到一线听取意见", "建议定期公开重大事项"]
            let heard = (0..<context.int(in: 2...3)).map { _ in opinions.remove(at: context.int(in: 0...(opinions.count - 1))) }
            let problems = context.chance(0.5) ? [context.problem(context.pick(ProblemText.all))] : []
            context.add(Symposium(kind: kind, heldOn: day, attendance: context.int(in: 8...40), opinions: heard, problems: problems),
                        on: day, author: context.clerk)
        }
    }

    /// 2.3: every channel published by `channelsDueBy`; returns the channel ids and the day the first opened.
    static func publishChannels(_ context: inout SimulationContext, _ clause: Clause) -> (ids: [String], opened: LocalDate) {
        let due = clause.date("channelsDueBy") ?? clause.window.end
        let ids = clause.optionIDs(AppealChannel.channelsKey)
        var opened = due
        for id in ids {
            let day = context.between(clause.window.start, due)
            opened = min(opened, day)
            context.add(AppealChannel(channel: id, address: context.address(of: id, clause: clause), publishedOn: day),
                        on: day, author: context.clerk)
        }
        return (ids, opened)
    }

    /// 2.3: a few appeals, answered within `replyLimitDays`; a late unit answers every other one
    /// after the limit, a lax unit never answers its first (which reveals a problem).
    static func handleAppeals(_ context: inout SimulationContext, _ clause: Clause, channels: (ids: [String], opened: LocalDate)) {
        guard !channels.ids.isEmpty, let limit = clause.int(Appeal.replyLimitKey) else { return }
        let last = min(clause.window.end, context.campaign.window.end).adding(days: -(limit + 12))
        guard channels.opened < last else { return }
        let days = (0..<context.int(in: 3...6)).map { _ in context.between(channels.opened, last) }.sorted()
        for (index, received) in days.enumerated() {
            let text = context.pick(AppealText.all)
            let handler = context.people(.unitHead).first?.name ?? "办公室"
            var appeal = Appeal(receivedOn: received, channel: context.pick(channels.ids), from: text.from, content: text.content,
                                handler: handler, reply: text.reply, repliedOn: received.adding(days: context.int(in: 1...limit)))
            if context.diligence == .late && index % 2 == 1 {
                appeal.repliedOn = received.adding(days: limit + context.int(in: 1...10))
            } else if context.diligence == .lax && index == 0 {
                (appeal.reply, appeal.repliedOn, appeal.problem) = (nil, nil, true)
            }
            context.add(appeal, on: received, author: context.clerk)
        }
    }

    /// 2.5: by `dueBy`, the kinds leaders must attend (`leaderMeetingKinds`, the 民主生活会) with the
    /// unit's responsible bureau leaders present, then the kinds its own leaders attend
    /// (`unitLeaderMeetingKinds`, the 组织生活会) with its heads present, at every unit.
    static func holdLifeMeeting(_ context: inout SimulationContext, _ clause: Clause) {
        let kinds = clause.optionIDs(LifeMeeting.kindsKey)
        guard !kinds.isEmpty else { return }
        let due = clause.date("dueBy") ?? clause.window.end
        let measures = ["班子成员每月深入基层调研不少于两次", "建立服务承诺制和限时办结制", "每季度召开一次作风建设分析会"]
        let heads = context.people(.unitHead).map(\.id)
        for kind in kinds {
            let forLeaders = clause.strings("leaderMeetingKinds")?.contains(kind) ?? false
            let forUnitLeaders = clause.strings("unitLeaderMeetingKinds")?.contains(kind) ?? false
            guard forLeaders || forUnitLeaders else { continue }
            let day = context.between(clause.window.start, due)
            context.add(LifeMeeting(kind: kind, heldOn: day, attendingLeaders: forLeaders ? context.leaders.map(\.id) : [],
                                    attendingUnitLeaders: forUnitLeaders ? (heads.isEmpty ? ["班子成员"] : heads) : nil,
                                    measures: Array(measures.prefix(context.int(in: 2...3)))),
                        on: day, author: context.clerk)
        }
    }
}

/// A problem a unit finds in itself, in words.
fileprivate struct ProblemText: Sendable {
    var title: String
    var detail: String
    var measures: [String]

    static let all = [
        ProblemText(title: "服务基层意识不强，来文来电办理不够及时", detail: "部分事项办理超过承诺时限",
                    measures: ["建立来文办理台账", "实行限时办结制"]),
        ProblemText(title: "担当意识不足，遇到难题上交矛盾", detail: "个别干部怕担责任、遇事推诿",
                    measures: ["建立难题领办制度", "班子成员分工包联难点工作"]),
        ProblemText(title: "调查研究不深入，深入一线不够", detail: "班子成员到一线听取意见次数偏少",
                    measures: ["班子成员每月深入一线不少于两次", "建立调研成果转化机制"]),
        ProblemText(title: "会议文件偏多，以文件落实文件", detail: "部分工作停留在发文部署",
                    measures: ["精简会议文件", "推行一线工作法"]),
        ProblemText(title: "工作标准不高，满足于过得去", detail: "与全省先进单位相比差距明显",
                    measures: ["对标先进制定提升计划", "每月开展工作质量分析"]),
        ProblemText(title: "服务师生群众不够热情，办事流程繁琐", detail: "办事需多次往返",
                    measures: ["公开办事流程", "推行首问负责制"]),
    ]
}

/// An appeal and its answer, in words.
fileprivate struct AppealText: Sendable {
    var from: AppealOrigin
    var content: String
    var reply: String

    static let all = [
        AppealText(from: .parent, content: "上下学时段校门口交通拥堵，存在安全隐患", reply: "已协调交警在上下学时段设岗疏导"),
        AppealText(from: .student, content: "食堂饭菜价格偏高，希望公开成本", reply: "已在校务公开栏公示食堂成本核算"),
        AppealText(from: .staff, content: "希望公开职称评审推荐办法和结果", reply: "推荐办法和结果已在校内公示"),
        AppealText(from: .parent, content: "课后服务收费标准不清楚", reply: "已向家长发放收费标准告知书"),
        AppealText(from: .student, content: "宿舍热水供应时间太短", reply: "热水供应时间已延长至晚十点"),
        AppealText(from: .public, content: "办事窗口午休时间无人值守", reply: "已实行午间轮流值班"),
    ]
}

extension SimulationContext {
    /// `text` as a fully specified problem (2.4): due at the campaign's end, the head responsible.
    fileprivate func problem(_ text: ProblemText) -> FoundProblem {
        FoundProblem(title: text.title, detail: text.detail, measures: text.measures, deadline: campaign.window.end,
                     responsiblePerson: people(.unitHead).first?.id ?? "单位负责人", department: "办公室")
    }

    /// Where channel `id` can be reached: an address, a number, or a place.
    fileprivate func address(of id: String, clause: Clause) -> String {
        if id.contains("mail") { return "gzz@\(unit.id).edu.cn" }
        if id.contains("hotline") || id.contains("phone") { return "0373-30\(String(unit.id.utf8.count * 977 % 100_000))" }
        return "\(unit.name.zh)办公楼一楼大厅（\(clause.optionTitle(AppealChannel.channelsKey, id: id, .zh))）"
    }
}
