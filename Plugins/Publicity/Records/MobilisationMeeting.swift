import DudaoKernel

/// A mobilisation meeting (1.1, 动员部署会): the unit mobilises its staff for the campaign,
/// ideally with the bureau leader responsible for it present or guiding.
public struct MobilisationMeeting: ReportableRecord, Hashable {
    public static let recordType = "publicity/mobilisation-meeting"
    public static let title = LocalizedText(zh: "动员部署会", en: "mobilisation meeting")
    public static let clause = "1.1"

    public var heldOn: LocalDate
    /// The person id of whoever chaired it.
    public var chair: String
    public var attendance: Int
    /// The person id of the bureau leader who attended, if one did.
    public var bureauLeaderPresent: String?
    /// The person id of the bureau leader who guided the mobilisation without attending, if one did.
    public var guidedByLeader: String?
    public var summary: String

    public init(heldOn: LocalDate, chair: String, attendance: Int, bureauLeaderPresent: String? = nil,
                guidedByLeader: String? = nil, summary: String) {
        self.heldOn = heldOn
        self.chair = chair
        self.attendance = attendance
        self.bureauLeaderPresent = bureauLeaderPresent
        self.guidedByLeader = guidedByLeader
        self.summary = summary
    }

    public static var example: MobilisationMeeting {
        MobilisationMeeting(heldOn: LocalDate("2017-03-20")!,
                            chair: "head-campaign", attendance: 46, bureauLeaderPresent: "leader-1",
                            summary: "召开“敢转争”实践活动动员部署会，传达市局动员会精神，部署本单位活动安排")
    }

    /// The bureau leaders who attended or guided it.
    public var leaders: [String] { [bureauLeaderPresent, guidedByLeader].compactMap { $0 } }

    public var reportDate: LocalDate { heldOn }

    public func validate(_ check: inout RecordCheck) {
        check.date(heldOn, at: "heldOn", inWindowOf: Self.clause)
        check.person(chair, at: "chair")
        check.number(attendance, atLeast: 1, at: "attendance")
        if let bureauLeaderPresent { check.person(bureauLeaderPresent, at: "bureauLeaderPresent", role: .bureauLeader) }
        if let guidedByLeader { check.person(guidedByLeader, at: "guidedByLeader", role: .bureauLeader) }
        check.nonEmpty(summary, at: "summary")
    }

    public func summary(_ language: Language, campaign: Campaign) -> String {
        let leaders = self.leaders.map { campaign.name(of: $0) }
        switch language {
        case .zh:
            return "主持：\(campaign.name(of: chair))；参会 \(attendance) 人"
                + (leaders.isEmpty ? "" : "；局领导：\(leaders.joined(separator: "、"))") + "；\(summary)"
        case .en:
            return "chaired by \(campaign.name(of: chair)); \(attendance) attended"
                + (leaders.isEmpty ? "" : "; bureau leader: \(leaders.joined(separator: ", "))") + "; \(summary)"
        }
    }
}
