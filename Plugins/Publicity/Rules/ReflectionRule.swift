import DudaoKernel

/// 1.4: reflections (心得体会) by the date `reflectionDueBy`, one per author.
///
/// For a unit the authors are its heads on the roster (one cell: met when every head has one);
/// for a bureau leader, the leader (one cell per leader). A unit without a head on the roster
/// is not applicable.
struct ReflectionRule: Rule {
    let clause = "1.4"
    let scope: RuleScope
    let dueByKey = "reflectionDueBy"

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
            .filter { $0.body.writtenOn >= window.start && $0.body.writtenOn <= context.asOf }
            .sorted { ($0.body.writtenOn, $0.id) < ($1.body.writtenOn, $1.id) }
        var first: [String: TypedRecord<Reflection>] = [:]
        for reflection in reflections where first[reflection.body.author] == nil {
            first[reflection.body.author] = reflection
        }
        let written = authors.compactMap { first[$0.id] }
        let missing = authors.filter { first[$0.id] == nil }.map(\.name)
        let late = written.contains { $0.body.writtenOn > due }
        let note = missing.isEmpty ? nil : LocalizedText(zh: "未交：" + missing.joined(separator: "、"),
                                                         en: "missing: " + missing.joined(separator: ", "))
        let period = Period(kind: .window, label: "\(window.start)..\(due)", start: window.start, end: due)
        return [context.deadlineCell(self, period: period, deadline: due, done: missing.isEmpty, late: late,
                                     records: written.map(\.id), note: note)]
    }
}
