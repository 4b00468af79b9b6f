import DudaoKernel

/// An open-door symposium (2.2, 开门纳谏): one of the clause's kinds, the opinions heard and the
/// problems they reveal, each of which enters the ledger as an item from `symposium`.
public struct Symposium: ReportableRecord, Hashable {
    public static let recordType = "self-inspection/symposium"
    public static let title = LocalizedText(zh: "座谈会", en: "symposium")
    public static let clause = "2.2"
    /// The clause parameter listing the kinds.
    static let kindsKey = "kinds"

    /// An option id of the clause's `kinds` list.
    public var kind: String
    public var heldOn: LocalDate
    public var attendance: Int
    public var opinions: [String]
    public var problems: [FoundProblem]

    public init(kind: String, heldOn: LocalDate, attendance: Int, opinions: [String], problems: [FoundProblem] = []) {
        self.kind = kind
        self.heldOn = heldOn
        self.attendance = attendance
        self.opinions = opinions
        self.problems = problems
    }

    public static var example: Symposium {
        Symposium(kind: "parent-representatives", heldOn: LocalDate("2017-04-21")!, attendance: 24,
                  opinions: ["希望学校公开课后服务收费标准", "建议增加家长开放日"],
                  problems: [FoundProblem(title: "课后服务收费公开不够", measures: ["在校务公开栏公示收费标准"],
                                          deadline: LocalDate("2017-05-31")!, responsiblePerson: "总务处 王主任")])
    }

    public var reportDate: LocalDate { heldOn }

    public func validate(_ check: inout RecordCheck) {
        check.option(kind, at: "kind", clause: Self.clause, list: Self.kindsKey)
        check.date(heldOn, at: "heldOn", inWindowOf: Self.clause)
        check.number(attendance, atLeast: 1, at: "attendance")
        check.nonEmpty(opinions, at: "opinions")
        for (index, problem) in problems.enumerated() {
            problem.validate(&check, at: "problems[\(index)]", foundOn: heldOn)
        }
    }

    public func ledgerProblems(recordID: String, unit: String) -> [LedgerItem] {
        problems.map { $0.ledgerItem(source: .symposium, recordID: recordID, registeredOn: heldOn) }
    }

    public func summary(_ language: Language, campaign: Campaign) -> String {
        let kind = campaign.clause(Self.clause)?.optionTitle(Self.kindsKey, id: self.kind, language) ?? self.kind
        switch language {
        case .zh: return "\(kind)；\(attendance) 人参加，意见 \(opinions.count) 条，问题 \(problems.count) 个"
        case .en: return "\(kind); \(attendance) attended, \(opinions.count) opinions, \(problems.count) problems"
        }
    }
}
