/// One explainable part of a unit's score (5.2), contributed by the plugin that owns its records.
///
/// A part measures a ratio in 0 … 1; the evaluation multiplies it by its weight and shows the
/// explanation beside the points. The weight is the campaign's when the clause holding the
/// ranking's weights names `id`, else `defaultWeight`; the weights of the parts present are then
/// normalised so every total is out of 100 (see `ScoreWeights`). A new phase's part therefore
/// counts in the ranking with its default weight, without an edit to another phase's clause.
public struct ScorePart: Sendable {
    public let id: String
    public let title: LocalizedText
    /// The weight in the office's combined ranking when the campaign does not set one; 0 counts
    /// the part only where the campaign weighs it.
    public let defaultWeight: Double
    /// The clause whose `scoreWeight` parameter may set the part's weight, when it has one.
    public let clause: String?
    /// The plugin that registered the part (`kernel` for the kernel's own); set on registration.
    public internal(set) var plugin: String
    public let measure: @Sendable (ScoreContext) -> ScoreMeasure

    public init(id: String, title: LocalizedText, defaultWeight: Double = 0, clause: String? = nil,
                measure: @escaping @Sendable (ScoreContext) -> ScoreMeasure) {
        self.id = id
        self.title = title
        self.defaultWeight = defaultWeight
        self.clause = clause
        plugin = "kernel"
        self.measure = measure
    }

    /// The share of `clause`'s cells the unit met, a late one counting half: the part a phase with
    /// a quota or a deadline scores by. Nothing to judge until a cell falls due.
    public static func compliance(id: String, title: LocalizedText, clause: String, defaultWeight: Double) -> ScorePart {
        ScorePart(id: id, title: title, defaultWeight: defaultWeight, clause: clause) { context in
            let cells = context.cells.filter { $0.clause == clause }
            let met = cells.filter { $0.state == .met }.count, late = cells.filter { $0.state == .metLate }.count
            let judged = met + late + cells.filter { $0.state == .overdue }.count
            guard judged > 0 else {
                return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "条款 \(clause) 暂无到期事项", en: "nothing of clause \(clause) due yet"))
            }
            return ScoreMeasure(ratio: (Double(met) + 0.5 * Double(late)) / Double(judged), explanation: LocalizedText(
                zh: "条款 \(clause) 到期 \(judged) 项：按时 \(met)，逾期完成 \(late)（计半）",
                en: "clause \(clause): \(judged) due, \(met) on time, \(late) late (half)"))
        }
    }
}

/// What a score part sees: the unit, its records and ledger, its compliance cells, the date.
public struct ScoreContext: Sendable {
    public let campaign: Campaign
    public let calendar: CampaignCalendar
    public let unit: CampaignUnit
    public let asOf: LocalDate
    public let recordSet: RecordSet
    public let ledger: [LedgerItemState]
    public let cells: [ComplianceCell]

    public init(campaign: Campaign, calendar: CampaignCalendar, unit: CampaignUnit, asOf: LocalDate,
                records: RecordSet, ledger: [LedgerItemState], cells: [ComplianceCell]) {
        self.campaign = campaign
        self.calendar = calendar
        self.unit = unit
        self.asOf = asOf
        recordSet = records
        self.ledger = ledger
        self.cells = cells
    }

    public init(campaign: Campaign, calendar: CampaignCalendar, unit: CampaignUnit, asOf: LocalDate,
                records: [RecordEnvelope], ledger: [LedgerItemState], cells: [ComplianceCell], cache: BodyCache? = nil) {
        self.init(campaign: campaign, calendar: calendar, unit: unit, asOf: asOf, records: RecordSet(records, cache: cache),
                  ledger: ledger, cells: cells)
    }

    /// The unit's records, tombstones included.
    public var records: [RecordEnvelope] { recordSet.all }

    public func records<B: RecordBody>(_: B.Type) -> [TypedRecord<B>] { recordSet.typed(B.self) }
}

/// A part's measurement: the ratio achieved and why.
public struct ScoreMeasure: Sendable, Hashable, Codable {
    /// 0 … 1; nil when the part has nothing to judge (its weight is then spread over the others).
    public var ratio: Double?
    public var explanation: LocalizedText

    public init(ratio: Double?, explanation: LocalizedText) {
        self.ratio = ratio.map { min(1, max(0, $0)) }
        self.explanation = explanation
    }
}

/// The kernel's own score parts: clause compliance, the ledger, inspections.
public enum KernelScoreParts {
    public static let clauseCompliance = ScorePart(
        id: "clauseCompliance", title: LocalizedText(zh: "条款完成情况", en: "clause compliance"), defaultWeight: 40
    ) { context in
        var judgedCount = 0, met = 0, late = 0
        for cell in context.cells {
            switch cell.state {
            case .met: met += 1
            case .metLate: late += 1
            case .overdue: break
            case .due, .notApplicable: continue
            }
            judgedCount += 1
        }
        guard judgedCount > 0 else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "暂无到期事项", en: "nothing due yet"))
        }
        let ratio = (Double(met) + 0.5 * Double(late)) / Double(judgedCount)
        return ScoreMeasure(ratio: ratio, explanation: LocalizedText(
            zh: "到期 \(judgedCount) 项：按时 \(met)，逾期完成 \(late)（计半），未完成 \(judgedCount - met - late)",
            en: "\(judgedCount) due: \(met) on time, \(late) late (half), \(judgedCount - met - late) missed"))
    }

    public static let ledger = ScorePart(id: "ledger", title: LocalizedText(zh: "台账销号", en: "ledger closure"), defaultWeight: 20) { context in
        let due = context.ledger.filter { item in item.deadline.map { $0 < context.asOf } ?? false || !item.state.isOpen }
        guard !due.isEmpty else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "暂无到期台账事项", en: "no ledger item due yet"))
        }
        let inTime = due.filter(\.closedInTime).count
        let closed = due.filter { !$0.state.isOpen }.count
        let overdue = due.filter { $0.isOverdue(asOf: context.asOf) }.count
        let ratio = (Double(inTime) + 0.5 * Double(closed - inTime)) / Double(due.count)
        return ScoreMeasure(ratio: ratio, explanation: LocalizedText(
            zh: "到期事项 \(due.count) 项：按期销号 \(inTime)，逾期销号 \(closed - inTime)（计半），逾期未销号 \(overdue)",
            en: "\(due.count) items due: \(inTime) closed in time, \(closed - inTime) closed late (half), \(overdue) overdue"))
    }

    public static let inspections = ScorePart(id: "inspections", title: LocalizedText(zh: "督导检查", en: "inspections"),
                                              defaultWeight: 10) { context in
        let scores = context.records(Inspection.self).filter { $0.body.heldOn.map { $0 <= context.asOf } ?? false }
            .compactMap(\.body.meanScore)
        guard !scores.isEmpty else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "未经检查", en: "not inspected"))
        }
        let mean = scores.reduce(0, +) / Double(scores.count)
        return ScoreMeasure(ratio: mean / 100, explanation: LocalizedText(
            zh: "检查 \(scores.count) 次，平均 \(Int(mean.rounded())) 分", en: "\(scores.count) inspections, mean \(Int(mean.rounded()))"))
    }
}
