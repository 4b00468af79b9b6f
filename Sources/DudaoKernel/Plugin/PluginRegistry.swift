/// Every registered plugin, with the kernel's own record types, in registration order.
public struct PluginRegistry: Sendable {
    public let plugins: [PluginManifest]
    public let recordTypes: [RecordType]
    public let rules: [any Rule]
    /// `rules` by clause, in registration order: every unit's evaluation asks clause by clause.
    private let rulesByClause: [String: [any Rule]]
    /// `recordTypes` by id: an import asks for every change it reads.
    private let recordTypesByID: [String: RecordType]
    public let reports: [ReportSection]
    public let indexes: [RecordIndex]
    public let scoreParts: [ScorePart]
    public let scoreWeights: ScoreWeightsSource?
    /// The assessments the plugins declare, in registration order.
    public let assessments: [Assessment]
    /// The record types that count as supervising a unit, the kernel's first.
    public let supervisionEvents: [SupervisionEventType]
    public let simulations: [Simulation]

    /// The kernel's own manifest: the ledger's record types.
    public static let kernelManifest = PluginManifest(
        id: "ledger", version: 1, title: LocalizedText(zh: "台账", en: "Ledger"), clauses: [])

    /// The kernel's supervision types: inspections and look-backs (section 二, R1, R2).
    public static let supervisionManifest = PluginManifest(
        id: "supervision", version: 1, title: LocalizedText(zh: "督导", en: "Supervision"), clauses: [])

    /// Registers `plugins` in order; refuses a registry whose plugins contradict each other.
    public init(plugins: [any Plugin]) throws {
        var kernel = PluginRegistrar(manifest: Self.kernelManifest)
        kernel.record(LedgerItem.self, clauses: ["2.4"])
        kernel.record(LedgerTransition.self, clauses: ["2.4", "4.2"])
        kernel.record(LedgerTransfer.self, clauses: ["2.4"])
        var supervision = PluginRegistrar(manifest: Self.supervisionManifest)
        supervision.record(Inspection.self)
        supervision.record(LookBack.self)
        var manifests: [PluginManifest] = [Self.kernelManifest, Self.supervisionManifest]
        var types = kernel.recordTypes + supervision.recordTypes
        var parts = [KernelScoreParts.clauseCompliance, KernelScoreParts.ledger, KernelScoreParts.inspections]
        var weights: ScoreWeightsSource?
        var assessments: [Assessment] = []
        var events = [SupervisionEventType(Inspection.self, date: { $0.heldOn }), SupervisionEventType(LookBack.self, date: { $0.on })]
        var simulations: [Simulation] = []
        var rules: [any Rule] = []
        var reports: [ReportSection] = []
        var indexes: [RecordIndex] = []
        for plugin in plugins {
            var registrar = PluginRegistrar(manifest: plugin.manifest)
            plugin.register(in: &registrar)
            let id = plugin.manifest.id
            if manifests.contains(where: { $0.id == id }) {
                throw DudaoError("插件编号“\(id)”重复", "duplicate plugin id '\(id)'")
            }
            for type in registrar.recordTypes {
                if !type.id.hasPrefix(id + "/") {
                    throw DudaoError("插件 \(id) 的记录类型 \(type.id) 应以“\(id)/”开头",
                                     "plugin \(id)'s record type \(type.id) must start with '\(id)/'")
                }
                if types.contains(where: { $0.id == type.id }) {
                    throw DudaoError("记录类型 \(type.id) 重复", "duplicate record type \(type.id)")
                }
            }
            for rule in registrar.rules {
                if !plugin.manifest.clauses.contains(rule.clause) {
                    throw DudaoError("插件 \(id) 的规则 \(rule.id) 引用了未声明的条款 \(rule.clause)",
                                     "plugin \(id)'s rule \(rule.id) cites clause \(rule.clause), which it does not declare")
                }
                if rules.contains(where: { $0.id == rule.id }) {
                    throw DudaoError("规则编号 \(rule.id) 重复", "duplicate rule id \(rule.id)")
                }
                rules.append(rule)
            }
            manifests.append(plugin.manifest)
            types += registrar.recordTypes
            reports += registrar.reports
            indexes += registrar.indexes
            for part in registrar.scoreParts where parts.contains(where: { $0.id == part.id }) {
                throw DudaoError("评分项 \(part.id) 重复", "duplicate score part \(part.id)")
            }
            parts += registrar.scoreParts
            weights = registrar.scoreWeights ?? weights
            for assessment in registrar.assessments where assessments.contains(where: { $0.id == assessment.id }) {
                throw DudaoError("考核 \(assessment.id) 重复", "duplicate assessment \(assessment.id)")
            }
            assessments += registrar.assessments
            events += registrar.supervisionEvents
            simulations += registrar.simulations
        }
        self.plugins = manifests
        recordTypes = types
        recordTypesByID = Dictionary(types.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.rules = rules
        rulesByClause = Dictionary(grouping: rules) { $0.clause }
        self.reports = reports
        self.indexes = indexes
        scoreParts = parts
        scoreWeights = weights
        self.assessments = assessments
        supervisionEvents = events
        self.simulations = simulations
    }

    public func recordType(_ id: String) -> RecordType? { recordTypesByID[id] }

    public func assessment(_ id: String) -> Assessment? { assessments.first { $0.id == id } }

    public func rules(for clause: String) -> [any Rule] { rulesByClause[clause] ?? [] }

    /// A cell's rule in words: the title of `clause`'s rule `rule`; nil when it has none of that id.
    public func ruleTitle(_ rule: String, clause: String) -> LocalizedText? {
        rules(for: clause).first { $0.id == rule }?.title
    }

    /// The plugin serving `clause`, if any.
    public func plugin(serving clause: String) -> PluginManifest? { plugins.first { $0.clauses.contains(clause) } }

    /// The schema version of every plugin, by id (bundles carry it).
    public var schemaVersions: [String: Int] {
        Dictionary(uniqueKeysWithValues: plugins.map { ($0.id, $0.version) })
    }
}

/// An unknown record type: names it and lists the known ones.
public struct UnknownRecordType: DudaoFailure {
    public var type: String
    public var known: [String]

    public init(type: String, known: [String]) {
        self.type = type
        self.known = known
    }

    public var message: LocalizedText {
        LocalizedText(zh: "未知记录类型“\(type)”。可用类型：\(known.joined(separator: "、"))",
                      en: "unknown record type '\(type)'. Known types: \(known.joined(separator: ", "))")
    }
}
