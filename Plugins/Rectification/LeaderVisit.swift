import DudaoKernel

/// A bureau leader's supervision visit (督导调研, clause 4.4) to one of the units assigned to
/// them or offices in their charge; the visited unit is the record's unit.
public struct LeaderVisit: RecordBody, Hashable {
    public static let recordType = "rectification/leader-visit"
    public static let title = LocalizedText(zh: "局领导督导调研", en: "leader supervision visit")
    public static let writers = RecordWriters.bureau

    /// The person id of the visiting bureau leader.
    public var leader: String
    public var visitedOn: LocalDate
    /// Announced (明查) or not (暗访).
    public var announced: Bool
    /// Problems the leader found; each opens a ledger item of the visited unit (4.4: "解决问题情况和
    /// 督导情况报局活动办纳入专项台账"), without a deadline until the office sets one when it supervises.
    public var findings: [String]
    /// Problems solved on the spot or through the visit; they go into the campaign office's special ledger.
    public var problemsSolved: [String]

    public init(leader: String, visitedOn: LocalDate, announced: Bool, findings: [String] = [], problemsSolved: [String] = []) {
        self.leader = leader
        self.visitedOn = visitedOn
        self.announced = announced
        self.findings = findings
        self.problemsSolved = problemsSolved
    }

    public static var example: LeaderVisit {
        LeaderVisit(leader: "leader-1", visitedOn: LocalDate(year: 2017, month: 4, day: 18)!, announced: false,
                    findings: ["整改台账未逐项明确完成时限"], problemsSolved: ["协调解决活动专栏更新不及时的问题"])
    }

    public func validate(_ check: inout RecordCheck) {
        check.person(leader, at: "leader", role: .bureauLeader)
        if let person = check.campaign.person(leader), person.roles.contains(.bureauLeader), let unit = check.unit,
           !LedgerPolicy.leader(person, mayActOn: unit.id) {
            check.fail("leader", "\(person.name)不分包、不分管“\(unit.name.zh)”",
                       "'\(leader)' has neither '\(unit.id)' assigned nor in charge")
        }
        check.date(visitedOn, at: "visitedOn", inWindowOf: "4.4")
        check.nonEmpty(findings, at: "findings")
        check.nonEmpty(problemsSolved, at: "problemsSolved")
    }

    /// Every finding of the visit enters the visited unit's ledger as a bureau finding.
    public func ledgerProblems(recordID: String, unit: String) -> [LedgerItem] {
        findings.map { LedgerItem(title: $0, detail: nil, source: .bureauFinding, sourceRecord: recordID, registeredOn: visitedOn) }
    }
}
