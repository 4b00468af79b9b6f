import DudaoKernel

/// A study session (1.2, 学习教育): which of the clause's materials were studied, by how many, how long.
public struct StudySession: ReportableRecord, Hashable {
    public static let recordType = "publicity/study-session"
    public static let title = LocalizedText(zh: "学习教育", en: "study session")
    public static let clause = "1.2"
    /// The clause parameter listing the materials.
    static let materialsKey = "materials"

    public var heldOn: LocalDate
    /// Option ids of the clause's `materials` list.
    public var materials: [String]
    public var participants: Int
    public var hours: Double

    public init(heldOn: LocalDate, materials: [String], participants: Int, hours: Double) {
        self.heldOn = heldOn
        self.materials = materials
        self.participants = participants
        self.hours = hours
    }

    public static var example: StudySession {
        StudySession(heldOn: LocalDate("2017-04-12")!, materials: ["party-constitution", "xi-speeches"],
                     participants: 38, hours: 2.5)
    }

    public var reportDate: LocalDate { heldOn }

    public func validate(_ check: inout RecordCheck) {
        check.date(heldOn, at: "heldOn", inWindowOf: Self.clause)
        check.count(materials, atLeast: 1, at: "materials")
        for (index, material) in materials.enumerated() {
            check.option(material, at: "materials[\(index)]", clause: Self.clause, list: Self.materialsKey)
        }
        check.number(participants, atLeast: 1, at: "participants")
        if !(hours > 0 && hours <= 24) {
            check.fail("hours", "学时 \(hours) 应大于 0 且不超过 24", "hours \(hours) must be above 0 and at most 24")
        }
    }

    public func summary(_ language: Language, campaign: Campaign) -> String {
        let clause = campaign.clause(Self.clause)
        let titles = materials.map { clause?.optionTitle(Self.materialsKey, id: $0, language) ?? $0 }
        switch language {
        case .zh: return "\(titles.joined(separator: "、"))；\(participants) 人，\(hours) 学时"
        case .en: return "\(titles.joined(separator: "; ")); \(participants) people, \(hours) hours"
        }
    }
}
