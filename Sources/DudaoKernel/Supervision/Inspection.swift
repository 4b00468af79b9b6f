/// A supervision team's inspection of a unit (section 二): announced or not, methods in pairs,
/// a score for each focus point, and findings that each open a ledger item with a deadline (R1).
public struct Inspection: RecordBody, Hashable {
    public static let recordType = "supervision/inspection"
    public static let title = LocalizedText(zh: "督导检查", en: "inspection")
    public static let writers = RecordWriters.bureau

    public struct FocusScore: Sendable, Hashable, Codable {
        /// A focus point id of the campaign (F1 … F9).
        public var point: String
        /// 0 … 100.
        public var score: Int
        public var note: String?

        public init(point: String, score: Int, note: String? = nil) {
            self.point = point
            self.score = score
            self.note = note
        }
    }

    public struct Finding: Sendable, Hashable, Codable {
        public var problem: String
        public var deadline: LocalDate
        public var responsiblePerson: String?
        public var measures: [String]?

        public init(problem: String, deadline: LocalDate, responsiblePerson: String? = nil, measures: [String]? = nil) {
            self.problem = problem
            self.deadline = deadline
            self.responsiblePerson = responsiblePerson
            self.measures = measures
        }
    }

    public var announced: Bool
    /// The day planned; an unannounced inspection is not sent to the unit before it.
    public var plannedOn: LocalDate
    /// The day it took place; nil while planned.
    public var heldOn: LocalDate?
    /// Method ids from the campaign's method pairs (`announced`, `reading-documents` …).
    public var methods: [String]
    public var team: [String]
    public var scores: [FocusScore]
    public var findings: [Finding]
    /// What the team noted on the day (检查记录).
    public var notes: String?
    /// The inspection record this one corrects: a result is written once, a correction is a new
    /// record that names the one it corrects (and why, in `notes`).
    public var corrects: String?

    public init(announced: Bool, plannedOn: LocalDate, heldOn: LocalDate? = nil, methods: [String], team: [String],
                scores: [FocusScore] = [], findings: [Finding] = [], notes: String? = nil, corrects: String? = nil) {
        self.announced = announced
        self.plannedOn = plannedOn
        self.heldOn = heldOn
        self.methods = methods
        self.team = team
        self.scores = scores
        self.findings = findings
        self.notes = notes
        self.corrects = corrects
    }

    public static var example: Inspection {
        Inspection(announced: false, plannedOn: LocalDate("2017-05-10")!, heldOn: LocalDate("2017-05-10")!,
                   methods: ["symposium", "field-visit"], team: ["leader-1"],
                   scores: [FocusScore(point: "F1", score: 85)],
                   findings: [Finding(problem: "台账未明确责任人", deadline: LocalDate("2017-05-31")!)])
    }

    /// The mean of the focus-point scores, 0 … 100; nil before any score.
    public var meanScore: Double? {
        scores.isEmpty ? nil : Double(scores.map(\.score).reduce(0, +)) / Double(scores.count)
    }

    public func validate(_ check: inout RecordCheck) {
        check.dateInCampaign(plannedOn, at: "plannedOn")
        if let heldOn { check.dateInCampaign(heldOn, at: "heldOn") }
        let methodIDs = Set(check.campaign.methods.flatMap { $0.pair.map(\.id) })
        for (index, method) in methods.enumerated() where !methodIDs.contains(method) {
            check.fail("methods[\(index)]", "未知督导方式“\(method)”", "unknown method '\(method)'")
        }
        // Section 二's pairs ("明查与暗访相结合…") are combined across a unit's inspections (`MethodMix`),
        // not inside one: one inspection cannot be both announced and unannounced. It must agree
        // with its own `announced` flag.
        for (index, method) in methods.enumerated() {
            if let side = MethodMix.announcedSide(of: method), side != announced {
                check.fail("methods[\(index)]", "督导方式“\(method)”与是否事先通知（announced = \(announced)）不符",
                           "method '\(method)' contradicts announced = \(announced)")
            }
        }
        check.count(team, atLeast: 1, at: "team")
        let points = Set(check.campaign.focusPoints.map(\.id))
        for (index, score) in scores.enumerated() {
            if !points.contains(score.point) {
                check.fail("scores[\(index)].point", "未知督导要点“\(score.point)”", "unknown focus point '\(score.point)'")
            }
            check.number(score.score, in: 0...100, at: "scores[\(index)].score")
        }
        if corrects != nil && heldOn == nil {
            check.fail("heldOn", "更正须针对已实施的检查", "a correction is of an inspection that took place")
        }
        if heldOn == nil && !(scores.isEmpty && findings.isEmpty) {
            check.fail("heldOn", "未实施的检查不能有评分或发现问题", "an inspection not yet held cannot have scores or findings")
        }
        for (index, finding) in findings.enumerated() {
            check.nonEmpty(finding.problem, at: "findings[\(index)].problem")
            if let heldOn { check.order(heldOn, before: finding.deadline, at: "findings[\(index)].deadline") }
        }
    }

    /// Every finding becomes a ledger item of the inspected unit, with its deadline (R1).
    public func ledgerProblems(recordID: String, unit: String) -> [LedgerItem] {
        guard let heldOn else { return [] }
        return findings.map { finding in
            LedgerItem(title: finding.problem, source: .bureauFinding, sourceRecord: recordID,
                       measures: finding.measures ?? [], deadline: finding.deadline,
                       responsiblePerson: finding.responsiblePerson, registeredOn: heldOn)
        }
    }
}

/// A look-back (回头看, R2): the bureau revisits a unit in arrears, reopening items or re-supervising.
public struct LookBack: RecordBody, Hashable {
    public static let recordType = "supervision/look-back"
    public static let title = LocalizedText(zh: "回头看", en: "look-back")
    public static let writers = RecordWriters.bureau

    public var on: LocalDate
    public var reason: String
    /// Ledger items found back and reopened (each also gets a `reopen` transition).
    public var reopenedItems: [String]
    public var nextVisitBy: LocalDate?

    public init(on: LocalDate, reason: String, reopenedItems: [String] = [], nextVisitBy: LocalDate? = nil) {
        self.on = on
        self.reason = reason
        self.reopenedItems = reopenedItems
        self.nextVisitBy = nextVisitBy
    }

    public static var example: LookBack {
        LookBack(on: LocalDate("2017-09-01")!, reason: "整改后问题反弹", reopenedItems: [], nextVisitBy: LocalDate("2017-09-30"))
    }

    public func validate(_ check: inout RecordCheck) {
        check.dateInCampaign(on, at: "on")
        check.nonEmpty(reason, at: "reason")
        if let nextVisitBy { check.order(on, before: nextVisitBy, at: "nextVisitBy") }
    }
}
