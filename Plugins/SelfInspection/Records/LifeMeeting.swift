import DudaoKernel

/// A democratic or organisational life meeting (2.5, 专题民主生活会、组织生活会): criticism and
/// self-criticism, the bureau leaders who attended, the improvement measures agreed.
public struct LifeMeeting: SelfInspectionRecord, Hashable {
    public static let recordType = "self-inspection/life-meeting"
    public static let title = LocalizedText(zh: "民主生活会、组织生活会", en: "life meeting")
    static let clause = "2.5"
    /// The clause parameter listing the kinds.
    static let kindsKey = "kinds"

    /// An option id of the clause's `kinds` list.
    public var kind: String
    public var heldOn: LocalDate
    /// Person ids of the bureau leaders who attended.
    public var attendingLeaders: [String]
    public var measures: [String]

    public init(kind: String, heldOn: LocalDate, attendingLeaders: [String], measures: [String]) {
        self.kind = kind
        self.heldOn = heldOn
        self.attendingLeaders = attendingLeaders
        self.measures = measures
    }

    public static var example: LifeMeeting {
        LifeMeeting(kind: "democratic-life", heldOn: LocalDate("2017-06-16")!, attendingLeaders: ["leader-1"],
                    measures: ["班子成员每月深入基层调研不少于两次", "建立服务承诺制"])
    }

    var reportDate: LocalDate { heldOn }

    public func validate(_ check: inout RecordCheck) {
        check.option(kind, at: "kind", clause: Self.clause, list: Self.kindsKey)
        check.date(heldOn, at: "heldOn", inWindowOf: Self.clause)
        for (index, leader) in attendingLeaders.enumerated() {
            check.person(leader, at: "attendingLeaders[\(index)]", role: .bureauLeader)
        }
        check.count(measures, atLeast: 1, at: "measures")
        check.nonEmpty(measures, at: "measures")
    }

    func summary(_ language: Language, campaign: Campaign) -> String {
        let kind = campaign.clause(Self.clause)?.optionTitle(Self.kindsKey, id: self.kind, language) ?? self.kind
        let leaders = attendingLeaders.map { campaign.name(of: $0) }
        switch language {
        case .zh:
            return kind + (leaders.isEmpty ? "" : "；局领导：\(leaders.joined(separator: "、"))") + "；整改措施 \(measures.count) 条"
        case .en:
            return kind + (leaders.isEmpty ? "" : "; bureau leaders: \(leaders.joined(separator: ", "))") + "; \(measures.count) measures"
        }
    }
}
