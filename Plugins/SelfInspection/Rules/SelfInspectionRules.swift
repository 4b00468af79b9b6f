import DudaoKernel

/// The rules of clauses 2.1–2.5; every date, quota and list is a parameter of the campaign file.
enum SelfInspectionRules {
    static var all: [any Rule] {
        [
            // 2.1 — a self-inspection in the window that found the unit's problems ("深刻剖析查找…存在的
            // 问题和不足"): with `problemsRequired`, a report of none found does not count.
            DeadlineRule<SelfInspectionReport>(
                id: "2.1/self-inspections", clause: "2.1",
                title: LocalizedText(zh: "开展自查并查找出问题", en: "self-inspection held, problems found"),
                minimum: "minimumInspections", date: { $0.heldOn },
                where: { record, context in
                    !(context.clause.parameters["problemsRequired"]?.boolValue ?? false) || !record.body.problems.isEmpty
                }),

            // 2.2 — the symposium kinds required of the unit's tag or kind.
            UnitKeyedRule(key: "requiredKinds", inner: CoverageRule<Symposium>(
                id: "2.2/symposium-kinds", clause: "2.2",
                title: LocalizedText(zh: "召开规定的座谈会", en: "required symposiums held"),
                required: "requiredKinds", options: Symposium.kindsKey,
                date: { $0.heldOn }, covers: { [$0.kind] })),

            // 2.3 — every channel published by its date; every appeal answered within the limit.
            CoverageRule<AppealChannel>(
                id: "2.3/channels", clause: "2.3",
                title: LocalizedText(zh: "设置并公布诉求渠道", en: "appeal channels published"),
                required: AppealChannel.channelsKey, options: AppealChannel.channelsKey, dueBy: "channelsDueBy",
                date: { $0.publishedOn }, covers: { [$0.channel] }),
            ReplyLimitRule<Appeal>(
                id: "2.3/appeal-replies", clause: "2.3",
                title: LocalizedText(zh: "诉求按时答复", en: "appeals answered in time"),
                limit: Appeal.replyLimitKey, received: { $0.receivedOn }, replied: { $0.repliedOn }),

            // 2.4 — the ledger filed, and every item fully specified.
            LedgerFiledRule(),
            LedgerCompletenessRule(),

            // 2.5 — the unit's life meeting; each leader at an assigned unit's meeting.
            DeadlineRule<LifeMeeting>(
                id: "2.5/life-meeting", clause: "2.5",
                title: LocalizedText(zh: "召开专题民主生活会或组织生活会", en: "life meeting held"),
                dueBy: "dueBy", date: { $0.heldOn }),
            // "局班子成员至少参加1个分包单位的民主生活会": only the kinds of `leaderMeetingKinds` count.
            AssignedUnitsRule(inner: PersonQuotaRule<LifeMeeting>(
                id: "2.5/leader-attendance", clause: "2.5",
                title: LocalizedText(zh: "局领导参加分包单位民主生活会", en: "bureau leader attends an assigned unit's democratic life meeting"),
                dueBy: "dueBy", minimum: "leaderMinimumAttendance",
                date: { $0.heldOn }, people: { $0.attendingLeaders },
                where: { record, context in LifeMeeting.isKind(record.body, listedIn: "leaderMeetingKinds", of: context.clause) })),
            // "各单位领导干部要参加党员组织生活会": the unit's organisational life meeting, its leaders' attendance recorded.
            DeadlineRule<LifeMeeting>(
                id: "2.5/unit-leaders-attend", clause: "2.5",
                title: LocalizedText(zh: "本单位领导干部参加党员组织生活会", en: "the unit's leaders attend the Party members' organisational life meeting"),
                dueBy: "dueBy", date: { $0.heldOn },
                where: { record, context in
                    LifeMeeting.isKind(record.body, listedIn: "unitLeaderMeetingKinds", of: context.clause)
                        && !(record.body.attendingUnitLeaders ?? []).isEmpty
                }),
        ]
    }
}
