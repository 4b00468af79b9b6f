/// Evaluation across revisions of the campaign, and the end of judging at a retirement.
///
/// The rule (documented in `CampaignHistory` and `schemas/bundle.md`): a period is judged under the
/// revision in force on its deadline. A cell of one revision whose deadline falls before the next
/// revision took effect is settled and stays; the next revision's cells replace the rest, except
/// where they overlap a settled cell of the same clause and rule.
extension ComplianceEngine {
    /// A revision before the one in force, and the day the next one took effect.
    struct EarlierRevision: Sendable {
        var engine: ComplianceEngine
        /// The day this revision stopped governing: its cells with deadlines before it are settled.
        var until: LocalDate
    }

    /// An engine for the campaign in force (`history`'s last era) that judges settled periods
    /// under the revisions before it. With one era, the same as `init(campaign:registry:cache:)`.
    public init(history: CampaignHistory, registry: PluginRegistry, cache: BodyCache? = nil) throws {
        guard let current = history.eras.last else {
            throw DudaoError("活动没有任何修订", "the campaign has no revision")
        }
        var earlier: [EarlierRevision] = []
        for index in history.eras.indices.dropLast() {
            earlier.append(EarlierRevision(engine: try ComplianceEngine(campaign: history.eras[index].campaign, registry: registry, cache: cache),
                                           until: history.eras[index + 1].revision.effectiveOn))
        }
        try self.init(campaign: current.campaign, registry: registry, cache: cache, earlier: earlier,
                      effectiveOn: history.eras.count > 1 ? current.revision.effectiveOn : nil)
    }

    private init(campaign: Campaign, registry: PluginRegistry, cache: BodyCache?, earlier: [EarlierRevision], effectiveOn: LocalDate?) throws {
        self = try ComplianceEngine(campaign: campaign, registry: registry, cache: cache)
        self.earlier = earlier
        self.effectiveOn = effectiveOn
    }

    /// The day a cell's period is settled: its deadline, or the period's last day.
    static func settles(_ cell: ComplianceCell) -> LocalDate { cell.deadline ?? cell.period.end }

    /// The cells of `unit` with each period judged under the revision in force on its deadline.
    func cellsAcrossRevisions(for unit: CampaignUnit, records: RecordSet, ledger: [LedgerItemState], asOf: LocalDate) -> [ComplianceCell] {
        // Each era: its engine and the day it took effect (nil for the first).
        var eras: [(engine: ComplianceEngine, from: LocalDate?)] = []
        for (index, revision) in earlier.enumerated() {
            eras.append((revision.engine, index == 0 ? nil : earlier[index - 1].until))
        }
        eras.append((self, earlier.last?.until))
        var judged: [ComplianceCell]?
        for era in eras {
            guard let member = era.engine.campaign.unit(unit.id) else {
                judged = nil  // not on this revision's roster: nothing owed under it
                continue
            }
            let cells = era.engine.retiring(era.engine.cellsUnderThisRevision(for: member, records: records, ledger: ledger, asOf: asOf),
                                            of: member)
            guard let from = era.from else {
                judged = cells
                continue
            }
            guard let previous = judged else {
                // Joined with this revision: periods settled before it took effect bound it not.
                judged = cells.map { cell in
                    guard Self.settles(cell) < from, cell.state != .notApplicable else { return cell }
                    return Self.notJudged(cell, because: LocalizedText(zh: "单位自 \(from) 起列入活动", en: "the unit joined the campaign on \(from)"))
                }
                continue
            }
            let settled = previous.filter { Self.settles($0) < from }
            let replacing = cells.filter { cell in
                !settled.contains { $0.clause == cell.clause && $0.rule == cell.rule && $0.period.start <= cell.period.end && cell.period.start <= $0.period.end }
            }
            judged = settled + replacing
        }
        let order = Dictionary(campaign.clauses.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
        return (judged ?? []).enumerated().sorted { lhs, rhs in
            let left = (order[lhs.element.clause] ?? .max, lhs.element.period.start, lhs.offset)
            let right = (order[rhs.element.clause] ?? .max, rhs.element.period.start, rhs.offset)
            return left < right
        }.map(\.element)
    }

    /// `cells` with every period settled on or after the unit's or its clause's retirement not judged.
    func retiring(_ cells: [ComplianceCell], of unit: CampaignUnit) -> [ComplianceCell] {
        let retiredClauses = campaign.clauses.filter { $0.retiredOn != nil }
        guard unit.retiredOn != nil || !retiredClauses.isEmpty else { return cells }
        return cells.map { cell in
            guard cell.state != .notApplicable else { return cell }
            let settles = Self.settles(cell)
            if let retired = unit.retiredOn, settles >= retired {
                let note = unit.mergedInto.map { LocalizedText(zh: "单位已于 \(retired) 并入 \($0)", en: "the unit merged into \($0) on \(retired)") }
                    ?? LocalizedText(zh: "单位已于 \(retired) 撤销", en: "the unit was retired on \(retired)")
                return Self.notJudged(cell, because: note)
            }
            if let clause = retiredClauses.first(where: { $0.id == cell.clause }), let retired = clause.retiredOn, settles >= retired {
                return Self.notJudged(cell, because: LocalizedText(zh: "条款已于 \(retired) 停止考核", en: "the clause was retired on \(retired)"))
            }
            return cell
        }
    }

    /// A leader's `cells` with every period settled on or after the day they left the post not judged.
    func retiring(_ cells: [ComplianceCell], ofPerson person: Person) -> [ComplianceCell] {
        guard let retired = person.retiredOn else { return cells }
        return cells.map { cell in
            guard cell.state != .notApplicable, Self.settles(cell) >= retired else { return cell }
            return Self.notJudged(cell, because: LocalizedText(zh: "\(person.name) 已于 \(retired) 离任", en: "\(person.name) left the post on \(retired)"))
        }
    }

    static func notJudged(_ cell: ComplianceCell, because note: LocalizedText) -> ComplianceCell {
        var cell = cell
        cell.state = .notApplicable
        cell.daysLeft = nil
        cell.note = note
        return cell
    }
}
