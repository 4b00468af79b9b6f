import DudaoKernel

/// A democratic or organisational life meeting (2.5, 专题民主生活会、组织生活会): criticism and
/// self-criticism, the bureau leaders who attended, the improvement measures agreed.
public struct LifeMeeting: ReportableRecord, Hashable {
    public static let recordType = "self-inspection/life-meeting"
    public static let title = LocalizedText(zh: "民主生活会、组织生活会", en: "life meeting")
    public static let clause = "2.5"
    /// The clause parameter listing the kinds.
    static let kindsKey = "kinds"

    /// An option id of the clause's `kinds` list.
    public var kind: String
    public var heldOn: LocalDate
    /// Person ids of the bureau leaders who attended.
    public var attendingLeaders: [String]
    /// The unit's own leading cadres who attended (各单位领导干部要参加党员组织生活会): person ids
    /// of the roster, or names of cadres the roster does not list.
    public var attendingUnitLeaders: [String]?
    public var measures: [String]

    public init(kind: String, heldOn: LocalDate, attendingLeaders: [String], attendingUnitLeaders: [String]? = nil,
                measures: [String]) {
        self.kind = kind
        self.heldOn = heldOn
        self.attendingLeaders = attendingLeaders
        self.attendingUnitLeaders = attendingUnitLeaders
        self.measures = measures
    }

    public static var example: LifeMeeting {
        LifeMeeting(kind: "democratic-life", heldOn: LocalDate("2017-06-16")!, attendingLeaders: ["leader-1"],
                    attendingUnitLeaders: ["head-no1-high"], measures: ["班子成员每月深入基层调研不少于两次", "建立服务承诺制"])
    }

    public var reportDate: LocalDate { heldOn }

    /// Whether `meeting` is of a kind the clause parameter `key` lists (none when the list is missing).
    static func isKind(_ meeting: LifeMeeting, listedIn key: String, of clause: Clause) -> Bool {
        clause.strings(key)?.contains(meeting.kind) ?? false
    }

    public func validate(_ check: inout RecordCheck) {
        check.option(kind, at: "kind", clause: Self.clause, list: Self.kindsKey)
        check.date(heldOn, at: "heldOn", inWindowOf: Self.clause)
        for (index, leader) in attendingLeaders.enumerated() {
            check.person(leader, at: "attendingLeaders[\(index)]", role: .bureauLeader)
        }
        check.nonEmpty(attendingUnitLeaders ?? [], at: "attendingUnitLeaders")
        check.count(measures, atLeast: 1, at: "measures")
        check.nonEmpty(measures, at: "measures")
    }

    public func summary(_ language: Language, campaign: Campaign) -> String {
        let kind = campaign.clause(Self.clause)?.optionTitle(Self.kindsKey, id: self.kind, language) ?? self.kind
        let leaders = attendingLeaders.map { campaign.name(of: $0) }
        let cadres = (attendingUnitLeaders ?? []).map { campaign.person($0)?.name ?? $0 }
        switch language {
        case .zh:
            return kind + (leaders.isEmpty ? "" : "；局领导：\(leaders.joined(separator: "、"))")
                + (cadres.isEmpty ? "" : "；本单位领导干部：\(cadres.joined(separator: "、"))") + "；整改措施 \(measures.count) 条"
        case .en:
            return kind + (leaders.isEmpty ? "" : "; bureau leaders: \(leaders.joined(separator: ", "))")
                + (cadres.isEmpty ? "" : "; unit leaders: \(cadres.joined(separator: ", "))") + "; \(measures.count) measures"
        }
    }
}
