/// A phase of the campaign as code: record types, rules, reports and indexes for some clauses.
///
/// A plugin is a value with a manifest and an installer that receives a registrar:
/// ```swift
/// public struct Publicity: Plugin {
///     public let manifest = PluginManifest(id: "publicity", version: 1, title: …, clauses: ["1.1", "1.2"])
///     public func register(in registrar: inout PluginRegistrar) {
///         registrar.record(MobilisationMeeting.self)
///         registrar.rule(DeadlineRule<MobilisationMeeting>(…))
///     }
/// }
/// ```
/// It never touches SQL or sync: the kernel hands it records and takes its verdicts.
public protocol Plugin: Sendable {
    var manifest: PluginManifest { get }
    func register(in registrar: inout PluginRegistrar)
}

/// Who a plugin is: id (the prefix of its record types), schema version, title and clauses.
public struct PluginManifest: Sendable, Hashable, Codable {
    public var id: String
    public var version: Int
    public var title: LocalizedText
    public var clauses: [String]

    public init(id: String, version: Int, title: LocalizedText, clauses: [String]) {
        self.id = id
        self.version = version
        self.title = title
        self.clauses = clauses
    }
}

/// What a plugin hands the kernel while it registers.
public struct PluginRegistrar: Sendable {
    public let manifest: PluginManifest
    public private(set) var recordTypes: [RecordType] = []
    public private(set) var rules: [any Rule] = []
    public private(set) var reports: [ReportSection] = []
    public private(set) var indexes: [RecordIndex] = []
    public private(set) var scoreParts: [ScorePart] = []
    public private(set) var scoreWeights: ScoreWeightsSource?
    public private(set) var assessments: [Assessment] = []
    public private(set) var supervisionEvents: [SupervisionEventType] = []
    public private(set) var simulations: [Simulation] = []

    public init(manifest: PluginManifest) {
        self.manifest = manifest
    }

    /// Declares a record type; its body type carries its id, validation and example.
    public mutating func record<B: RecordBody>(_ type: B.Type, clauses: [String] = []) {
        recordTypes.append(RecordType(type, plugin: manifest.id, clauses: clauses))
    }

    public mutating func rule(_ rule: any Rule) { rules.append(rule) }

    public mutating func report(_ section: ReportSection) { reports.append(section) }

    /// A part of every unit's score, measured from this plugin's records.
    public mutating func scorePart(_ part: ScorePart) {
        var part = part
        part.plugin = manifest.id
        scoreParts.append(part)
    }

    /// Where the campaign file keeps the score weights: a clause parameter holding `{partID: weight}`.
    public mutating func scoreWeights(clause: String, key: String) {
        scoreWeights = ScoreWeightsSource(clause: clause, key: key)
    }

    /// An assessment the plan asks for (or the office's own ranking), weighted by a clause parameter.
    public mutating func assessment(_ assessment: Assessment) { assessments.append(assessment) }

    /// A record type that counts as supervising its unit (R2's view counts them), dated by `date`.
    public mutating func supervisionEvent<B: RecordBody>(_ type: B.Type, date: @escaping @Sendable (B) -> LocalDate?) {
        supervisionEvents.append(SupervisionEventType(type, date: date))
    }

    /// How this plugin's work looks in the demo's simulated year, for one unit.
    public mutating func simulate(_ run: @escaping @Sendable (inout SimulationContext) -> Void) {
        simulations.append(Simulation(plugin: manifest.id, run: run))
    }

    /// An index on one JSON field of one record type, for queries the plugin's reports make often.
    public mutating func index(_ field: String, of type: String) {
        indexes.append(RecordIndex(plugin: manifest.id, recordType: type, field: field))
    }
}

/// A plugin's extra index: the store turns it into SQL; the plugin never writes any.
public struct RecordIndex: Sendable, Hashable, Codable {
    public var plugin: String
    public var recordType: String
    public var field: String

    /// A name safe as an SQL identifier.
    public var name: String {
        "idx_" + (plugin + "_" + recordType + "_" + field).map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }
}

/// The clause parameter that holds the score weights.
public struct ScoreWeightsSource: Sendable, Hashable, Codable {
    public var clause: String
    public var key: String
}
