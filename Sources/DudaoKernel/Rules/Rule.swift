/// A compliance check tied to one clause of the plan.
///
/// A rule reads its dates and quotas from the clause's parameters in the campaign file, and
/// yields one cell per (subject, period). The kernel decides applicability by unit kind before
/// it asks: a unit of a kind the clause does not bind gets `notApplicable`, never `overdue`.
public protocol Rule: Sendable {
    /// Unique within the campaign, conventionally `clause/name` (`1.3/weekly-articles`).
    var id: String { get }
    /// The clause id the rule enforces.
    var clause: String { get }
    var title: LocalizedText { get }
    /// Whether cells are per unit or per bureau leader.
    var scope: RuleScope { get }

    /// The cells for `subject` as of `context.asOf`.
    func evaluate(_ context: RuleContext) -> [ComplianceCell]
}

extension Rule {
    public var scope: RuleScope { .unit }
}

/// What a rule's cells are about.
public enum RuleScope: String, Sendable, Hashable, Codable {
    /// One cell series per unit the clause applies to.
    case unit
    /// One cell series per bureau leader.
    case leader
}
