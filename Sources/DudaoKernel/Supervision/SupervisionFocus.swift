/// R2 (聚焦精准) as a view: "要突出抓好对“一把手”、重点部门、重点科室、重点人员的督导 … 对问题突出的科室、
/// 单位要适当增加督导时间、频次" — the units and people R2 singles out, and how often each has been supervised.
public struct SupervisionFocus: Sendable, Hashable, Codable {
    /// Why R2 singles a unit out.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// Its head, the 一把手.
        case head
        /// A key department or office (重点部门、重点科室): a unit tagged `key` on the roster.
        case key
        /// Problems stand out (问题突出): overdue ledger items or overdue obligations.
        case outstanding

        public var title: LocalizedText {
            switch self {
            case .head: LocalizedText(zh: "一把手", en: "head of unit")
            case .key: LocalizedText(zh: "重点部门、重点科室", en: "key department or office")
            case .outstanding: LocalizedText(zh: "问题突出", en: "prominent problems")
            }
        }
    }

    public struct Entry: Sendable, Hashable, Codable {
        public var unit: String
        /// The unit's heads on the roster (person ids).
        public var heads: [String]
        public var reasons: [Reason]
        /// Supervision events by record type (inspections, look-backs, leader visits …) up to the date.
        public var supervisions: [String: Int]
        public var supervisionCount: Int
        public var openItems: Int
        public var overdueItems: Int
        public var overdueObligations: Int
        /// Problems stand out and it has been supervised less than the median unit: R2 asks for more.
        public var needsMoreSupervision: Bool
    }

    /// The roster tag that marks a key department or office.
    public static let keyTag = "key"

    public var asOf: LocalDate
    /// Units with prominent problems first (most overdue first), then key units, then the rest.
    public var entries: [Entry]

    /// One unit's facts, as the caller gathered them.
    public struct UnitFacts: Sendable {
        public var unit: CampaignUnit
        public var supervisions: [String: Int]
        public var ledger: [LedgerItemState]
        public var cells: [ComplianceCell]

        public init(unit: CampaignUnit, supervisions: [String: Int], ledger: [LedgerItemState], cells: [ComplianceCell]) {
            self.unit = unit
            self.supervisions = supervisions
            self.ledger = ledger
            self.cells = cells
        }
    }

    public static func compute(_ facts: [UnitFacts], campaign: Campaign, asOf: LocalDate) -> SupervisionFocus {
        var entries = facts.map { fact -> Entry in
            let heads = campaign.heads(of: fact.unit.id).map(\.id)
            let overdueItems = fact.ledger.filter { $0.isOverdue(asOf: asOf) }.count
            let overdueCells = fact.cells.filter { $0.state == .overdue }.count
            var reasons: [Reason] = []
            if !heads.isEmpty { reasons.append(.head) }
            if fact.unit.tags.contains(keyTag) { reasons.append(.key) }
            if overdueItems + overdueCells > 0 { reasons.append(.outstanding) }
            return Entry(unit: fact.unit.id, heads: heads, reasons: reasons, supervisions: fact.supervisions,
                         supervisionCount: fact.supervisions.values.reduce(0, +),
                         openItems: fact.ledger.filter(\.state.isOpen).count, overdueItems: overdueItems,
                         overdueObligations: overdueCells, needsMoreSupervision: false)
        }
        let counts = entries.map(\.supervisionCount).sorted()
        let median = counts.isEmpty ? 0 : counts[counts.count / 2]
        for index in entries.indices where entries[index].reasons.contains(.outstanding) {
            entries[index].needsMoreSupervision = entries[index].supervisionCount < median
        }
        entries.sort { a, b in
            let x = (a.overdueItems + a.overdueObligations, a.reasons.contains(.key) ? 1 : 0)
            let y = (b.overdueItems + b.overdueObligations, b.reasons.contains(.key) ? 1 : 0)
            return x != y ? x > y : a.unit < b.unit
        }
        return SupervisionFocus(asOf: asOf, entries: entries)
    }
}

/// A kind of record that counts as supervising a unit (an inspection, a look-back, a leader's visit),
/// with the day it happened; the registry counts them for R2's view.
public struct SupervisionEventType: Sendable {
    public let recordType: String
    public let count: @Sendable (RecordSet, LocalDate) -> Int

    public init<B: RecordBody>(_ type: B.Type, date: @escaping @Sendable (B) -> LocalDate?) {
        recordType = B.recordType
        count = { records, asOf in records.typed(B.self).filter { date($0.body).map { $0 <= asOf } ?? false }.count }
    }
}
