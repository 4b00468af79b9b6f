import DudaoKernel

/// Runs `inner` only for units that the clause's map parameter `key` names by tag or kind;
/// a unit the map leaves out is not applicable, since the plan asks nothing of its kind.
///
/// (Kernel rules that read a map say "the campaign file lacks the parameter" for such a unit.)
struct UnitKeyedRule<Inner: Rule>: Rule {
    let key: String
    let inner: Inner

    var id: String { inner.id }
    var clause: String { inner.clause }
    var title: LocalizedText { inner.title }
    var scope: RuleScope { inner.scope }

    func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        if let unit = context.unit, context.clause.parameters[key]?.objectValue != nil,
           context.clause.value(key, for: unit) == nil {
            return [context.cell(self, period: .whole(context.clause.window), state: .notApplicable,
                                 note: LocalizedText(zh: "本类单位无此要求", en: "no such requirement for this kind of unit"))]
        }
        return inner.evaluate(context)
    }
}

/// Runs a leader rule on the records of the leader's assigned units (分包单位) only:
/// 2.5 asks each bureau leader to attend a life meeting of a unit assigned to them.
struct AssignedUnitsRule<Inner: Rule>: Rule {
    let inner: Inner

    var id: String { inner.id }
    var clause: String { inner.clause }
    var title: LocalizedText { inner.title }
    var scope: RuleScope { .leader }

    func evaluate(_ context: RuleContext) -> [ComplianceCell] {
        guard let person = context.person else { return [] }
        guard !person.assignedUnits.isEmpty else {
            return [context.cell(self, period: .whole(context.clause.window), state: .notApplicable,
                                 note: LocalizedText(zh: "名单中没有分包单位", en: "no assigned units on the roster"))]
        }
        return inner.evaluate(context.narrowed(to: Set(person.assignedUnits)))
    }
}
