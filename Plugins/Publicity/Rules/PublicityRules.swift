import DudaoKernel

/// The rules of clauses 1.1–1.4; every date, quota and list is a parameter of the campaign file.
enum PublicityRules {
    static var all: [any Rule] {
        [
            // 1.1 — every unit mobilises in the window; its responsible leader attends or guides.
            DeadlineRule<MobilisationMeeting>(
                id: "1.1/mobilisation-meetings", clause: "1.1",
                title: LocalizedText(zh: "召开动员部署会", en: "mobilisation meeting held"),
                minimum: "minimumMeetings", date: { $0.heldOn }),
            LeaderPresenceRule(),

            // 1.2 — study sessions in the window, covering every listed material.
            DeadlineRule<StudySession>(
                id: "1.2/study-sessions", clause: "1.2",
                title: LocalizedText(zh: "开展学习教育", en: "study sessions held"),
                minimum: "minimumSessions", date: { $0.heldOn }),
            CoverageRule<StudySession>(
                id: "1.2/materials", clause: "1.2",
                title: LocalizedText(zh: "学习内容全覆盖", en: "all materials studied"),
                required: StudySession.materialsKey, options: StudySession.materialsKey,
                date: { $0.heldOn }, covers: { $0.materials }),

            // 1.3 — the website column by its date; articles per period (the period kind is data).
            DeadlineRule<WebsiteColumn>(
                id: "1.3/website-column", clause: "1.3",
                title: LocalizedText(zh: "开设网站专栏", en: "website column opened"),
                dueBy: "columnDueBy", date: { $0.openedOn }),
            QuotaRule<ArticleSubmission>(
                id: "1.3/article-submissions", clause: "1.3",
                title: LocalizedText(zh: "按期报送稿件", en: "articles submitted every period"),
                period: "submissionPeriod", minimum: "minimumPerPeriod", date: { $0.submittedOn }),

            // 1.4 — discussions in the window; heads' and leaders' reflections by their date.
            DeadlineRule<DiscussionActivity>(
                id: "1.4/discussions", clause: "1.4",
                title: LocalizedText(zh: "开展大讨论活动", en: "discussion activities held"),
                minimum: "minimumDiscussions", date: { $0.heldOn }),
            ReflectionRule(scope: .unit),
            ReflectionRule(scope: .leader),
        ]
    }
}
