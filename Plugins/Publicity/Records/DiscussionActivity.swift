import DudaoKernel

/// A "big discussion" activity (1.4, 大讨论): central-group study, a life meeting, blackboards, contests.
public struct DiscussionActivity: ReportableRecord, Hashable {
    public static let recordType = "publicity/discussion-activity"
    public static let title = LocalizedText(zh: "大讨论活动", en: "discussion activity")
    public static let clause = "1.4"
    /// The clause parameter listing the forms.
    static let formsKey = "discussionForms"

    /// An option id of the clause's `discussionForms` list.
    public var form: String
    public var heldOn: LocalDate
    public var participants: Int
    public var topic: String?

    public init(form: String, heldOn: LocalDate, participants: Int, topic: String? = nil) {
        self.form = form
        self.heldOn = heldOn
        self.participants = participants
        self.topic = topic
    }

    public static var example: DiscussionActivity {
        DiscussionActivity(form: "central-group-study", heldOn: LocalDate("2017-04-18")!, participants: 12,
                           topic: "担当意识不足、工作作风不实问题专题讨论")
    }

    public var reportDate: LocalDate { heldOn }

    public func validate(_ check: inout RecordCheck) {
        check.option(form, at: "form", clause: Self.clause, list: Self.formsKey)
        check.date(heldOn, at: "heldOn", inWindowOf: Self.clause)
        check.number(participants, atLeast: 1, at: "participants")
        check.nonEmpty(topic, at: "topic")
    }

    public func summary(_ language: Language, campaign: Campaign) -> String {
        let form = campaign.clause(Self.clause)?.optionTitle(Self.formsKey, id: self.form, language) ?? self.form
        let topic = self.topic.map { language == .zh ? "：\($0)" : ": \($0)" } ?? ""
        return language == .zh ? "\(form)\(topic)；\(participants) 人" : "\(form)\(topic); \(participants) people"
    }
}
