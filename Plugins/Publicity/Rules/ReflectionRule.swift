import DudaoKernel

/// 1.4: "局班子成员和局属各单位负责人要亲笔撰写心得体会，并于4月28日前报送局活动办" — reflections
/// (心得体会) *submitted* by the date `reflectionDueBy`, one per author; the date read is `submittedOn`.
///
/// For a unit the authors are its heads on the roster, and only for the unit kinds of
/// `reflectionAuthorUnitKinds` (局属各单位: institutions and schools; the bureau's offices are not
/// named); for a bureau leader, the leader. A unit without a head on the roster is not applicable.
struct ReflectionRule: Rule {
    let clause = "1.4"
    let scope: RuleScope
    let dueByKey = "reflectionDueBy"
    let authorKindsKey = "reflectionAuthorUnitKinds"

    var id: String { scope == .unit ? "1.4/head-reflections" : "1.4/leader-reflections" }

    var title: LocalizedText {
        scope == .unit ? LocalizedText(zh: "单位负责人撰写心得体会", en: "unit heads' reflections")
            : LocalizedText(zh: "局领导撰写心得体会", en: "bureau leader's reflection")
    }

    func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        let window = context.clause.window
        guard let due = context.clause.date(dueByKey) else { return [context.misconfigured(self, key: dueByKey)] }
        let authors: [Person]
        switch scope {
        case .unit:
            guard let unit = context.unit else { return [] }
            guard let kinds = context.clause.strings(authorKindsKey) else { return [context.misconfigured(self, key: authorKindsKey)] }
            guard kinds.contains(unit.kind.rawValue) else {
                return [context.cell(self, period: .whole(window), state: .notApplicable,
                                     note: LocalizedText(zh: "原文只要求局班子成员和局属各单位负责人撰写心得体会",
                                                         en: "the plan asks reflections of bureau leaders and heads of units under the bureau only"))]
            }
            authors = context.campaign.heads(of: unit.id)
        case .leader:
            guard let person = context.person, person.roles.contains(.bureauLeader) else { return [] }
            authors = [person]
        }
        guard !authors.isEmpty else {
            return [context.cell(self, period: .whole(window), state: .notApplicable,
                                 note: LocalizedText(zh: "名单中没有本单位负责人", en: "the roster names no head of this unit"))]
        }
        let reflections = context.records(Reflection.self)
            .compactMap { record in record.body.submittedOn.map { (record, $0) } }
            .filter { $0.1 >= window.start && $0.1 <= context.asOf }
            .sorted { ($0.1, $0.0.id) < ($1.1, $1.0.id) }.map(\.0)
        var first: [String: TypedRecord<Reflection>] = [:]
        for reflection in reflections where first[reflection.body.author] == nil {
            first[reflection.body.author] = reflection
        }
        let written = authors.compactMap { first[$0.id] }
        let missing = authors.filter { first[$0.id] == nil }.map(\.name)
        let late = written.contains { ($0.body.submittedOn ?? due) > due }
        let note = missing.isEmpty ? nil : LocalizedText(zh: "未交：" + missing.joined(separator: "、"),
                                                         en: "missing: " + missing.joined(separator: ", "))
        let period = Period(kind: .window, label: "\(window.start)..\(due)", start: window.start, end: due)
        return [context.deadlineCell(self, period: period, deadline: due, done: missing.isEmpty, late: late,
                                     records: written.map(\.id), note: note)]
    }
}
