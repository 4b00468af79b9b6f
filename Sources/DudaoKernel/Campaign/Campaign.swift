/// A campaign as its definition file describes it: phases, clauses, roster and parameters.
///
/// Everything the plan fixes — dates, quotas, names — lives here, loaded from `campaigns/*.json`;
/// no Swift code knows the 2017 plan. Load one with `CampaignLoader`.
public struct Campaign: Sendable, Hashable, Codable {
    public var formatVersion: Int
    public var id: String
    public var title: LocalizedText
    public var source: Source?
    public var timeZone: String
    public var window: DateWindow
    public var phases: [Phase]
    public var clauses: [Clause]
    public var focusPoints: [FocusPoint]
    public var methods: [MethodPair]
    public var requirements: [Requirement]
    /// Campaign-level parameters with their sources, in file order.
    public var parameterList: [SourcedParameter] {
        didSet { parameters = parameterList.byName }
    }
    /// The campaign-level parameters' values by name.
    public private(set) var parameters: [String: JSONValue]
    /// Sources of the campaign's own dates (`window.start`, `window.end`).
    public var sources: [String: ParameterSource]
    public var roster: Roster {
        didSet { index = RosterIndex(roster) }
    }
    /// Positions of units and people by id: look-ups are constant time even with a thousand units.
    private var index: RosterIndex

    private enum CodingKeys: String, CodingKey {
        case formatVersion, id, title, source, timeZone, window, phases, clauses, focusPoints, methods, requirements, parameters, sources, roster
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(LocalizedText.self, forKey: .title)
        source = try c.decodeIfPresent(Source.self, forKey: .source)
        timeZone = try c.decode(String.self, forKey: .timeZone)
        window = try c.decode(DateWindow.self, forKey: .window)
        phases = try c.decode([Phase].self, forKey: .phases)
        clauses = try c.decode([Clause].self, forKey: .clauses)
        focusPoints = try c.decode([FocusPoint].self, forKey: .focusPoints)
        methods = try c.decode([MethodPair].self, forKey: .methods)
        requirements = try c.decode([Requirement].self, forKey: .requirements)
        parameterList = try c.decode([SourcedParameter].self, forKey: .parameters)
        parameters = parameterList.byName
        sources = try c.decode([String: ParameterSource].self, forKey: .sources)
        roster = try c.decode(Roster.self, forKey: .roster)
        index = RosterIndex(roster)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encode(timeZone, forKey: .timeZone)
        try c.encode(window, forKey: .window)
        try c.encode(phases, forKey: .phases)
        try c.encode(clauses, forKey: .clauses)
        try c.encode(focusPoints, forKey: .focusPoints)
        try c.encode(methods, forKey: .methods)
        try c.encode(requirements, forKey: .requirements)
        try c.encode(parameterList, forKey: .parameters)
        try c.encode(sources, forKey: .sources)
        try c.encode(roster, forKey: .roster)
    }

    struct RosterIndex: Sendable, Hashable {
        var units: [String: Int] = [:]
        var people: [String: Int] = [:]
        /// Positions of the bureau leaders, in roster order.
        var leaders: [Int] = []
        /// Positions of the leaders each unit is assigned to or in the charge of, in roster order.
        var leadersByUnit: [String: [Int]] = [:]

        init(_ roster: Roster) {
            for (position, unit) in roster.units.enumerated() where units[unit.id] == nil { units[unit.id] = position }
            for (position, person) in roster.people.enumerated() where people[person.id] == nil { people[person.id] = position }
            leaders = roster.people.indices.filter { roster.people[$0].roles.contains(.bureauLeader) }
            for position in leaders {
                let person = roster.people[position]
                for unit in Set(person.assignedUnits + person.officesInCharge) { leadersByUnit[unit, default: []].append(position) }
            }
        }
    }

    public struct Source: Sendable, Hashable, Codable {
        public var document: String
        public var issuedOn: LocalDate
        public var issuer: LocalizedText
    }

    public struct Phase: Sendable, Hashable, Codable, Identifiable {
        public var id: String
        public var plugin: String
        public var title: LocalizedText
    }

    public struct FocusPoint: Sendable, Hashable, Codable, Identifiable {
        public var id: String
        public var title: LocalizedText
    }

    public struct MethodPair: Sendable, Hashable, Codable, Identifiable {
        public struct Method: Sendable, Hashable, Codable, Identifiable {
            public var id: String
            public var zh: String
            public var en: String
        }

        public var id: String
        public var title: LocalizedText
        public var pair: [Method]
    }

    public struct Requirement: Sendable, Hashable, Codable, Identifiable {
        public var id: String
        public var title: LocalizedText
        public var text: String
    }

    public struct Roster: Sendable, Hashable, Codable {
        public var sample: Bool
        public var note: LocalizedText?
        public var units: [CampaignUnit]
        public var people: [Person]
    }

    // MARK: Look-ups

    public var units: [CampaignUnit] { roster.units }
    public var people: [Person] { roster.people }

    public func clause(_ id: String) -> Clause? { clauses.first { $0.id == id } }
    public func unit(_ id: String) -> CampaignUnit? { index.units[id].map { roster.units[$0] } }
    public func person(_ id: String) -> Person? { index.people[id].map { roster.people[$0] } }
    public func phase(_ id: String) -> Phase? { phases.first { $0.id == id } }

    /// The bureau leaders: people with the `bureau-leader` role.
    public var leaders: [Person] { index.leaders.map { roster.people[$0] } }

    /// The heads of `unit`.
    public func heads(of unit: String) -> [Person] {
        roster.people.filter { $0.unit == unit && $0.roles.contains(.unitHead) }
    }

    /// The leaders to whom `unit` is assigned (分包单位) or who are in charge of it (分管科室).
    public func leaders(responsibleFor unit: String) -> [Person] {
        (index.leadersByUnit[unit] ?? []).map { roster.people[$0] }
    }

    /// A campaign-level parameter.
    public func parameter(_ key: String) -> JSONValue? { parameters[key] }

    /// Days ahead that count as "due soon" (campaign parameter `dueSoonDays`, 7 when absent).
    public var dueSoonDays: Int { parameters["dueSoonDays"]?.intValue ?? 7 }

    public func calendar() throws -> CampaignCalendar { try CampaignCalendar(timeZoneIdentifier: timeZone) }
}

/// A clause of the plan (1.1 … 5.2): its text, window, who it binds and its parameters.
public struct Clause: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var phase: String
    public var title: LocalizedText
    public var text: String
    public var schedule: String?
    public var responsibleText: String?
    public var window: DateWindow
    public var appliesTo: [UnitKind]
    /// Units bound whatever their kind, by tag: 2.3 binds 局机关, which the campaign office's unit stands for.
    public var appliesToTags: [String]
    public var recordTypes: [String]
    /// The clause's parameters with their sources, in file order.
    public var parameterList: [SourcedParameter] {
        didSet { parameters = parameterList.byName }
    }
    /// The parameters' values by name, for the rules.
    public private(set) var parameters: [String: JSONValue]
    /// Sources of the clause's `window` and `appliesTo`.
    public var sources: [String: ParameterSource]
    /// The day a revision of the campaign retired the clause: its periods ending on or after it are not judged.
    public var retiredOn: LocalDate?

    private enum CodingKeys: String, CodingKey {
        case id, phase, title, text, schedule, responsibleText, window, appliesTo, appliesToTags, recordTypes, parameters, sources, retiredOn
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        phase = try c.decode(String.self, forKey: .phase)
        title = try c.decode(LocalizedText.self, forKey: .title)
        text = try c.decode(String.self, forKey: .text)
        schedule = try c.decodeIfPresent(String.self, forKey: .schedule)
        responsibleText = try c.decodeIfPresent(String.self, forKey: .responsibleText)
        window = try c.decode(DateWindow.self, forKey: .window)
        appliesTo = try c.decode([UnitKind].self, forKey: .appliesTo)
        appliesToTags = try c.decodeIfPresent([String].self, forKey: .appliesToTags) ?? []
        recordTypes = try c.decode([String].self, forKey: .recordTypes)
        parameterList = try c.decode([SourcedParameter].self, forKey: .parameters)
        parameters = parameterList.byName
        sources = try c.decode([String: ParameterSource].self, forKey: .sources)
        retiredOn = try c.decodeIfPresent(LocalDate.self, forKey: .retiredOn)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(phase, forKey: .phase)
        try c.encode(title, forKey: .title)
        try c.encode(text, forKey: .text)
        try c.encodeIfPresent(schedule, forKey: .schedule)
        try c.encodeIfPresent(responsibleText, forKey: .responsibleText)
        try c.encode(window, forKey: .window)
        try c.encode(appliesTo, forKey: .appliesTo)
        if !appliesToTags.isEmpty { try c.encode(appliesToTags, forKey: .appliesToTags) }
        try c.encode(recordTypes, forKey: .recordTypes)
        try c.encode(parameterList, forKey: .parameters)
        try c.encode(sources, forKey: .sources)
        try c.encodeIfPresent(retiredOn, forKey: .retiredOn)
    }

    public func applies(to unit: CampaignUnit) -> Bool {
        appliesTo.contains(unit.kind) || unit.tags.contains { appliesToTags.contains($0) }
    }

    /// The source of parameter `name` (or of `window`, `appliesTo`).
    public func source(of name: String) -> ParameterSource? {
        parameterList.last { $0.name == name }?.source ?? sources[name]
    }

    /// Every setting of the clause that is the office's own, not the plan's.
    public var assumptions: [Assumption] {
        sourcedParameters.compactMap { parameter in
            guard case .assumption(let reason) = parameter.source else { return nil }
            return Assumption(clause: id, name: parameter.name, value: parameter.value, reason: reason)
        }
    }

    public func int(_ key: String) -> Int? { parameters[key]?.intValue }
    public func string(_ key: String) -> String? { parameters[key]?.stringValue }
    public func date(_ key: String) -> LocalDate? { parameters[key]?.stringValue.flatMap(LocalDate.init) }
    public func strings(_ key: String) -> [String]? { parameters[key]?.stringArray }

    /// A parameter keyed by unit: the unit's tag wins over its kind (`requiredKinds.campaign-office`).
    public func value(_ key: String, for unit: CampaignUnit) -> JSONValue? {
        guard let map = parameters[key]?.objectValue else { return nil }
        for tag in unit.tags { if let value = map[tag] { return value } }
        return map[unit.kind.rawValue]
    }

    /// A period-kind parameter (`month`, `quarter`, …): the unit's own when keyed by unit, else
    /// the clause's; nil when absent or not a kind of period.
    public func periodKind(_ key: String, for unit: CampaignUnit) -> PeriodKind? {
        (value(key, for: unit)?.stringValue ?? string(key)).flatMap(PeriodKind.init(rawValue:))
    }

    /// The ids of an option list parameter (`[{"id": …, "zh": …, "en": …}]`).
    public func optionIDs(_ key: String) -> [String] {
        parameters[key]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    /// Whether option list `key` has an option `id`: `optionIDs(key).contains(id)` without the list.
    public func hasOption(_ key: String, id: String) -> Bool {
        parameters[key]?.arrayValue?.contains { $0["id"]?.stringValue == id } ?? false
    }

    /// The title of an option in an option list parameter, in `language`.
    public func optionTitle(_ key: String, id: String, _ language: Language) -> String {
        let option = parameters[key]?.arrayValue?.first { $0["id"]?.stringValue == id }
        return option?[language.rawValue]?.stringValue ?? id
    }
}

/// The three kinds of unit the plan supervises.
public enum UnitKind: String, Sendable, Hashable, Codable, CaseIterable {
    case office, institution, school

    public var title: LocalizedText {
        switch self {
        case .office: LocalizedText(zh: "机关科室", en: "bureau office")
        case .institution: LocalizedText(zh: "直属单位", en: "institution")
        case .school: LocalizedText(zh: "局属学校", en: "school")
        }
    }
}

/// A unit under supervision: an office of the bureau, an institution or a school.
public struct CampaignUnit: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var kind: UnitKind
    public var name: LocalizedText
    public var parent: String?
    public var tags: [String]
    /// The day a revision of the campaign retired the unit: it keeps its history and leaves the grid from then.
    public var retiredOn: LocalDate?
    /// The unit that took this one over when it was retired: its open ledger items move there.
    public var mergedInto: String?

    public init(id: String, kind: UnitKind, name: LocalizedText, parent: String? = nil, tags: [String] = [],
                retiredOn: LocalDate? = nil, mergedInto: String? = nil) {
        self.id = id
        self.kind = kind
        self.name = name
        self.parent = parent
        self.tags = tags
        self.retiredOn = retiredOn
        self.mergedInto = mergedInto
    }
}

/// A person of the roster: a bureau leader, a unit head or an operator.
public struct Person: Sendable, Hashable, Codable, Identifiable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case bureauLeader = "bureau-leader"
        case unitHead = "unit-head"
        case `operator`
    }

    public var id: String
    public var name: String
    public var roles: [Role]
    public var unit: String?
    public var assignedUnits: [String]
    public var officesInCharge: [String]
    /// The day a revision of the campaign retired the person (left the post): their quotas end then.
    public var retiredOn: LocalDate?

    public init(id: String, name: String, roles: [Role], unit: String? = nil,
                assignedUnits: [String] = [], officesInCharge: [String] = [], retiredOn: LocalDate? = nil) {
        self.retiredOn = retiredOn
        self.id = id
        self.name = name
        self.roles = roles
        self.unit = unit
        self.assignedUnits = assignedUnits
        self.officesInCharge = officesInCharge
    }
}

/// Short name for `CampaignUnit` in files that do not import Foundation (whose `Unit` is a measure).
public typealias Unit = CampaignUnit
