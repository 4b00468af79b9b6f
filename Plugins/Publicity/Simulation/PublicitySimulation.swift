import DudaoKernel

extension PublicityPlugin {
    /// Phase 1 of a simulated year at one unit, for `dudao demo`: mobilisation, study, the website
    /// column and weekly articles (with the bureau's adoptions), discussions and reflections.
    ///
    /// Diligent units do it all on time; late units open the column, study part of the materials
    /// and hand in the heads' reflections after their dates, and miss a few weeks' articles; lax
    /// units hold no study session, write no reflection and miss many weeks. Bureau leaders write
    /// their own reflection once, at the first unit they answer for. Every date and list is read
    /// from the campaign file.
    static let simulation: @Sendable (inout SimulationContext) -> Void = { context in
        PublicityYear.run(&context)
    }
}

/// The records of phase 1, clause by clause.
enum PublicityYear {
    static func run(_ context: inout SimulationContext) {
        for clauseID in [MobilisationMeeting.clause, StudySession.clause, WebsiteColumn.clause, DiscussionActivity.clause] {
            guard let clause = context.campaign.clause(clauseID), clause.applies(to: context.unit) else { continue }
            switch clauseID {
            case MobilisationMeeting.clause: mobilise(&context, clause)
            case StudySession.clause: study(&context, clause)
            case WebsiteColumn.clause:
                openColumn(&context, clause)
                submitArticles(&context, clause)
            case DiscussionActivity.clause:
                discuss(&context, clause)
                reflect(&context, clause)
            default: break
            }
        }
    }

    /// 1.1: one meeting, chaired by the head, with a responsible leader present; late units hold it after the window.
    static func mobilise(_ context: inout SimulationContext, _ clause: Clause) {
        guard let chair = context.people(.unitHead).first?.id ?? context.people(.operator).first?.id ?? context.leaders.first?.id
        else { return }
        let day = context.scheduled(clause.window.end, from: clause.window.start)
        let leader = context.leaders.isEmpty ? nil : context.pick(context.leaders)
        let meeting = MobilisationMeeting(
            heldOn: day, chair: chair, attendance: context.int(in: 25...150), bureauLeaderPresent: leader?.id,
            summary: "召开\(context.unit.name.zh)实践活动动员部署会，传达局党组动员会精神，部署本单位活动安排")
        context.add(meeting, on: day, author: context.clerk)
    }

    /// 1.2: the materials split over two sessions; late units study the second half after the window; lax units none.
    static func study(_ context: inout SimulationContext, _ clause: Clause) {
        let materials = clause.optionIDs(StudySession.materialsKey)
        guard context.diligence != .lax, !materials.isEmpty else { return }
        let count = max(clause.int("minimumSessions") ?? 1, min(2, materials.count))
        var day = clause.window.start
        for session in 0..<count {
            var covered = materials.indices.filter { $0 % count == session }.map { materials[$0] }
            if covered.isEmpty { covered = [materials[session % materials.count]] }
            if session > 0 && context.diligence == .late {
                day = context.after(clause.window.end)
            } else {
                day = context.between(day, clause.window.end)
            }
            let record = StudySession(heldOn: day, materials: covered, participants: context.int(in: 20...120),
                                      hours: Double(context.int(in: 3...8)) / 2)
            context.add(record, on: day, author: context.clerk)
        }
    }

    /// 1.3: the column by `columnDueBy` (late units after it).
    static func openColumn(_ context: inout SimulationContext, _ clause: Clause) {
        let due = clause.date("columnDueBy") ?? clause.window.end
        let day = context.scheduled(due, from: clause.window.start)
        context.add(WebsiteColumn(url: "http://www.\(context.unit.id).edu.cn/gzz/", openedOn: day), on: day, author: context.clerk)
    }

    /// 1.3: `minimumPerPeriod` articles every `submissionPeriod` through the campaign's end; late
    /// units skip a few periods, lax units many. The bureau adopts some of them.
    static func submitArticles(_ context: inout SimulationContext, _ clause: Clause) {
        guard let kind = clause.periodKind("submissionPeriod", for: context.unit) else { return }
        let minimum = clause.int("minimumPerPeriod") ?? 1
        let last = min(clause.window.end, context.campaign.window.end)
        let skip: Double, adoption: Double
        switch context.diligence {
        case .diligent: (skip, adoption) = (0, 0.25)
        case .late: (skip, adoption) = (0.08, 0.15)
        case .lax: (skip, adoption) = (0.35, 0.08)
        }
        for (issue, period) in context.calendar.periods(kind, overlapping: clause.window).enumerated() {
            let from = max(period.start, clause.window.start), to = min(period.end, last)
            guard from <= to, !context.chance(skip) else { continue }
            for _ in 0..<minimum {
                let day = context.between(from, to)
                let article = ArticleSubmission(title: context.articleTitle(), submittedOn: day,
                                                author: "办公室 " + (context.people(.operator).first?.name ?? "通讯员"),
                                                summary: "报道\(context.unit.name.zh)开展实践活动的做法和成效")
                let id = context.add(article, on: day, author: context.clerk)
                let adoptedOn = day.adding(days: context.int(in: 2...9))
                if context.chance(adoption) && adoptedOn <= last {
                    context.add(ArticleAdoption(article: id, adoptedOn: adoptedOn, outlet: "活动简报第\(issue + 1)期"),
                                on: adoptedOn, byBureau: true)
                }
            }
        }
    }

    /// 1.4: discussions in the window, of different forms (every profile holds them).
    static func discuss(_ context: inout SimulationContext, _ clause: Clause) {
        let all = clause.optionIDs(DiscussionActivity.formsKey)
        guard !all.isEmpty else { return }
        var forms: [String] = []
        for _ in 0..<max(clause.int("minimumDiscussions") ?? 1, 2) {
            if forms.isEmpty { forms = all }
            let form = forms.remove(at: context.int(in: 0...(forms.count - 1)))
            let day = context.between(clause.window.start, clause.window.end)
            let topic = context.pick(["担当意识不足问题专题讨论", "工作作风不实问题专题讨论", "教育发展业绩不优原因剖析", "对标先进找差距专题讨论"])
            context.add(DiscussionActivity(form: form, heldOn: day, participants: context.int(in: 10...200), topic: topic),
                        on: day, author: context.clerk)
        }
    }

    /// 1.4: every head's reflection by `reflectionDueBy` (late units after it, lax units none), and
    /// each responsible leader's own once, at the first unit the leader answers for.
    static func reflect(_ context: inout SimulationContext, _ clause: Clause) {
        guard let due = clause.date("reflectionDueBy") else { return }
        let authorKinds = clause.strings("reflectionAuthorUnitKinds") ?? []
        if context.diligence != .lax, authorKinds.contains(context.unit.kind.rawValue) {
            for head in context.people(.unitHead) {
                let day = context.scheduled(due, from: clause.window.start)
                context.add(Reflection(author: head.id, writtenOn: day, submittedOn: day, title: context.reflectionTitle(),
                                       text: "通过集中学习，对照本单位实际，深刻认识到担当意识、工作作风方面的差距……"),
                            on: day, author: head.id)
            }
        }
        for leader in context.leaders where (leader.assignedUnits + leader.officesInCharge).first == context.unit.id {
            let day = context.between(clause.window.start, due)
            context.add(Reflection(author: leader.id, writtenOn: day, submittedOn: day, title: context.reflectionTitle(),
                                   text: "作为分包领导，要带头敢于担当、转变作风，以上率下推动活动落地见效……"),
                        on: day, author: leader.id, byBureau: true)
        }
    }
}

extension SimulationContext {
    fileprivate mutating func articleTitle() -> String {
        let name = unit.name.zh
        return pick(["\(name)召开实践活动专题学习会", "\(name)扎实开展“大讨论”活动", "\(name)对标一流找差距",
                     "\(name)开门纳谏广纳良言", "\(name)整改台账逐项销号", "\(name)领导班子深入一线调研",
                     "\(name)建立服务师生长效机制", "\(name)实践活动简讯"])
    }

    fileprivate mutating func reflectionTitle() -> String {
        pick(["敢于担当，做新时代教育工作的劲草真金", "转变作风，从我做起", "争创一流，永不止步", "以担当之心践行育人之责"])
    }
}
