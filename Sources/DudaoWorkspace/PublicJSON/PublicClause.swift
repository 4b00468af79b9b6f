import DudaoKernel

/// One clause of the campaign and what serves it: `dudao clauses --json`.
public struct PublicClause: PublicOutput, Hashable {
    public var clause: String
    public var title: LocalizedText
    public var phase: String
    public var window: DateWindow
    public var appliesTo: [UnitKind]
    /// The plugin serving the clause; absent when none does.
    public var plugin: String?
    public var rules: [String]
    public var recordTypes: [String]
    /// The clause's parameters, sorted by name.
    public var parameters: [Parameter]

    /// One parameter of a clause: its name, its value and, where the campaign file says so, its source.
    public struct Parameter: PublicOutput, Hashable {
        public var name: String
        public var value: JSONValue
        /// Where the value comes from (a quotation of the plan, or a decision), when the campaign gives it.
        public var source: JSONValue?

        public init(name: String, value: JSONValue, source: JSONValue? = nil) {
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
        phase = clause.phase
        window = clause.window
        appliesTo = clause.appliesTo
        plugin = registry.plugin(serving: clause.id)?.id
        rules = registry.rules(for: clause.id).map(\.id)
        recordTypes = registry.recordTypes.filter { $0.clauses.contains(clause.id) || clause.recordTypes.contains($0.id) }.map(\.id)
        parameters = clause.parameters.keys.sorted().map { Parameter(name: $0, value: clause.parameters[$0]!) }
    }

    enum CodingKeys: String, CodingKey {
        case clause, title, phase, window, appliesTo, plugin, rules, recordTypes, parameters
    }
}
