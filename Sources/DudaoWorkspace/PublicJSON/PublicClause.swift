import DudaoKernel

/// One clause of the campaign, its words, what serves it and where each parameter comes from:
/// `dudao clauses --json`.
public struct PublicClause: PublicOutput, Hashable {
    public var clause: String
    public var title: LocalizedText
    /// The clause's words in the plan (the Chinese original).
    public var text: String
    public var schedule: String?
    public var responsibleText: String?
    public var phase: String
    public var window: DateWindow
    public var appliesTo: [UnitKind]
    /// The plugin serving the clause; absent when none does.
    public var plugin: String?
    public var rules: [String]
    public var recordTypes: [String]
    /// The clause's parameters: the window, the unit kinds, then the rules' parameters.
    public var parameters: [Parameter]

    /// One parameter of a clause: its name, its value and its source — words of the clause
    /// (`{"quote": …}`) or the campaign office's own setting (`{"assumption": {"zh", "en"}}`).
    public struct Parameter: PublicOutput, Hashable {
        public var name: String
        public var value: JSONValue
        public var source: ParameterSource

        public init(name: String, value: JSONValue, source: ParameterSource) {
            self.name = name
            self.value = value
            self.source = source
        }

        enum CodingKeys: String, CodingKey {
            case name, value, source
        }
    }

    public init(_ clause: Clause, registry: PluginRegistry) {
        self.clause = clause.id
        title = clause.title
        text = clause.text
        schedule = clause.schedule
        responsibleText = clause.responsibleText
        phase = clause.phase
        window = clause.window
        appliesTo = clause.appliesTo
        plugin = registry.plugin(serving: clause.id)?.id
        rules = registry.rules(for: clause.id).map(\.id)
        recordTypes = registry.recordTypes.filter { $0.clauses.contains(clause.id) || clause.recordTypes.contains($0.id) }.map(\.id)
        parameters = clause.sourcedParameters.map { Parameter(name: $0.name, value: $0.value, source: $0.source) }
    }

    enum CodingKeys: String, CodingKey {
        case clause, title, text, schedule, responsibleText, phase, window, appliesTo, plugin, rules, recordTypes, parameters
    }
}
