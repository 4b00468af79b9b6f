import DudaoKernel

/// 1.1: a mobilisation meeting attended or guided by a bureau leader responsible for the unit
/// (分包单位 or 分管科室), when the clause parameter `leaderPresenceRequired` is true.
///
/// A unit no leader is responsible for is not applicable: no one can be asked to attend.
struct LeaderPresenceRule: Rule {
    let id = "1.1/leader-presence"
    let clause = "1.1"
    let title = LocalizedText(zh: "局领导亲自动员指导", en: "responsible bureau leader present or guiding")
    let requiredKey = "leaderPresenceRequired"

    func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        guard let unit = context.unit else { return [] }
        let window = context.clause.window
        guard let required = context.clause.parameters[requiredKey]?.boolValue else {
            return [context.misconfigured(self, key: requiredKey)]
        }
        guard required else {
            return [context.cell(self, period: .whole(window), state: .notApplicable,
                                 note: LocalizedText(zh: "活动文件未要求局领导到场", en: "the campaign does not require a leader's presence"))]
        }
        let leaders = context.campaign.leaders(responsibleFor: unit.id)
        guard !leaders.isEmpty else {
            return [context.cell(self, period: .whole(window), state: .notApplicable,
                                 note: LocalizedText(zh: "名单中没有分包或分管本单位的局领导",
                                                     en: "no bureau leader on the roster is responsible for this unit"))]
        }
        let ids = Set(leaders.map(\.id))
        let meetings = DeadlineRule<MobilisationMeeting>(
            id: id, clause: clause, title: title, date: { $0.heldOn },
            where: { record, _ in !ids.isDisjoint(with: record.body.leaders) })
        let names = leaders.map(\.name)
        let note = LocalizedText(zh: "须由\(names.joined(separator: "、"))到会或指导",
                                 en: "needs \(names.joined(separator: " or ")) present or guiding")
        return meetings.evaluate(context).map { cell in
            var cell = cell
            if cell.state == .due || cell.state == .overdue { cell.note = note }
            return cell
        }
    }
}
