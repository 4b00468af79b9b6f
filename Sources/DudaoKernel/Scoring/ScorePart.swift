/// One explainable part of a unit's score (5.2), contributed by the plugin that owns its records.
///
/// A part measures a ratio in 0 … 1; the evaluation multiplies it by the weight that the
/// campaign file gives `id` and shows the explanation beside the points.
public struct ScorePart: Sendable {
    public let id: String
    public let title: LocalizedText
    public let measure: @Sendable (ScoreContext) -> ScoreMeasure

    public init(id: String, title: LocalizedText, measure: @escaping @Sendable (ScoreContext) -> ScoreMeasure) {
        self.id = id
        self.title = title
        self.measure = measure
    }
}

/// What a score part sees: the unit, its records and ledger, its compliance cells, the date.
public struct ScoreContext: Sendable {
    public let campaign: Campaign
    public let calendar: CampaignCalendar
    public let unit: CampaignUnit
    public let asOf: LocalDate
    public let records: [RecordEnvelope]
    public let ledger: [LedgerItemState]
    public let cells: [ComplianceCell]
    public let cache: BodyCache?

    public init(campaign: Campaign, calendar: CampaignCalendar, unit: CampaignUnit, asOf: LocalDate,
                records: [RecordEnvelope], ledger: [LedgerItemState], cells: [ComplianceCell], cache: BodyCache? = nil) {
        self.campaign = campaign
        self.calendar = calendar
        self.unit = unit
        self.asOf = asOf
        self.records = records
        self.ledger = ledger
        self.cells = cells
        self.cache = cache
    }

    public func records<B: RecordBody>(_: B.Type) -> [TypedRecord<B>] { records.typed(B.self, cache: cache) }
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
        id: "clauseCompliance", title: LocalizedText(zh: "条款完成情况", en: "clause compliance")
    ) { context in
        let judged = context.cells.filter { $0.state != .notApplicable && $0.state != .due }
        guard !judged.isEmpty else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "暂无到期事项", en: "nothing due yet"))
        }
        let met = judged.filter { $0.state == .met }.count
        let late = judged.filter { $0.state == .metLate }.count
        let ratio = (Double(met) + 0.5 * Double(late)) / Double(judged.count)
        return ScoreMeasure(ratio: ratio, explanation: LocalizedText(
            zh: "到期 \(judged.count) 项：按时 \(met)，逾期完成 \(late)（计半），未完成 \(judged.count - met - late)",
            en: "\(judged.count) due: \(met) on time, \(late) late (half), \(judged.count - met - late) missed"))
    }

    public static let ledger = ScorePart(id: "ledger", title: LocalizedText(zh: "台账销号", en: "ledger closure")) { context in
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

    public static let inspections = ScorePart(id: "inspections", title: LocalizedText(zh: "督导检查", en: "inspections")) { context in
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
