import DudaoKernel

/// The rules of clauses 2.1–2.5; every date, quota and list is a parameter of the campaign file.
enum SelfInspectionRules {
    static var all: [any Rule] {
        [
            // 2.1 — a self-inspection in the window (problems or "none found" is the record's validation).
            DeadlineRule<SelfInspectionReport>(
                id: "2.1/self-inspections", clause: "2.1",
                title: LocalizedText(zh: "开展自查", en: "self-inspection held"),
                minimum: "minimumInspections", date: { $0.heldOn }),

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
            AssignedUnitsRule(inner: PersonQuotaRule<LifeMeeting>(
                id: "2.5/leader-attendance", clause: "2.5",
                title: LocalizedText(zh: "局领导参加分包单位民主生活会", en: "bureau leader attends an assigned unit's life meeting"),
                dueBy: "dueBy", minimum: "leaderMinimumAttendance",
                date: { $0.heldOn }, people: { $0.attendingLeaders })),
        ]
    }
}
