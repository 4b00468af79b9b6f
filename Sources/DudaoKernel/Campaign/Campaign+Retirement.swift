/// Retired and merged units, clauses and people: a revision of the campaign never removes an id
/// that has records, it retires it from a date. What was recorded before stays and keeps its verdicts.
extension CampaignUnit {
    /// Whether the unit has been retired by `date` (on its retirement day it has).
    public func isRetired(on date: LocalDate) -> Bool { retiredOn.map { $0 <= date } ?? false }
}

extension Clause {
    /// Whether the clause has been retired by `date`.
    public func isRetired(on date: LocalDate) -> Bool { retiredOn.map { $0 <= date } ?? false }
}

extension Person {
    /// Whether the person has left the post by `date`.
    public func isRetired(on date: LocalDate) -> Bool { retiredOn.map { $0 <= date } ?? false }
}

extension Campaign {
    /// The units in the grid on `date`: every unit not yet retired then.
    public func units(activeOn date: LocalDate) -> [CampaignUnit] {
        units.filter { !$0.isRetired(on: date) }
    }

    /// The units merged into `unit`.
    public func units(mergedInto unit: String) -> [CampaignUnit] {
        units.filter { $0.mergedInto == unit }
    }

    /// The problems of the retirement fields: a merge names a unit of the roster, not itself, one
    /// still open on the merge day, and comes with the retirement date.
    static func retirementProblems(of campaign: Campaign) -> [DecodingProblem] {
        var problems: [DecodingProblem] = []
        for (index, unit) in campaign.units.enumerated() {
            guard let target = unit.mergedInto else { continue }
            let path = "$.roster.units[\(index)].mergedInto"
            guard let retiredOn = unit.retiredOn else {
                problems.append(DecodingProblem(path: path, reason: LocalizedText(
                    zh: "单位 \(unit.id) 并入 \(target) 须同时给出撤销日期 retiredOn", en: "unit \(unit.id) merged into \(target) needs retiredOn")))
                continue
            }
            guard target != unit.id, let receiver = campaign.unit(target) else {
                problems.append(DecodingProblem(path: path, reason: LocalizedText(
                    zh: "单位 \(unit.id) 并入的单位“\(target)”不在名单中（或是其自身）",
                    en: "unit \(unit.id) is merged into '\(target)', which is not another unit of the roster")))
                continue
            }
            if receiver.isRetired(on: retiredOn) {
                problems.append(DecodingProblem(path: path, reason: LocalizedText(
                    zh: "单位 \(unit.id) 于 \(retiredOn) 并入 \(target)，但 \(target) 那时已撤销",
                    en: "unit \(unit.id) merges into \(target) on \(retiredOn), when \(target) is already retired")))
            }
        }
        return problems
    }
}
