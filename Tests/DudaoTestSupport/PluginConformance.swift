import DudaoKernel
import DudaoStore
import Foundation

/// The checks every plugin passes, against the campaign file it is meant for; a plugin's tests
/// run them with one line:
/// `#expect(PluginConformance.failures(of: MyPlugin(), campaignFile: path) == [])`.
///
/// - Every clause the plugin declares is in the campaign, served by a rule and a record type.
/// - Each record type's example validates as a unit of every kind its clauses bind, round-trips
///   to the same bytes, and a broken body names a field; its committed schema is the code's; its
///   field descriptions are labelled (`fieldDescriptionFailures`).
/// - Every rule is evaluated for every unit of the roster, with the examples filed: a unit the
///   clause does not bind gets only "not applicable", a unit it binds gets cells and no
///   missing parameter.
/// - Each example travels in a real signed bundle from the store that writes it to the other
///   (a unit's store and the bureau's) and arrives byte for byte.
/// - The plugin's migrations follow the kernel's and run once.
public enum PluginConformance {
    /// Everything wrong with `plugin` against the campaign in `campaignFile`, as sentences; empty when it conforms.
    public static func failures(of plugin: any Plugin, campaignFile: String, checkSchemaFiles: Bool = true) -> [String] {
        let campaign: Campaign
        do {
            campaign = try CampaignLoader.load(contentsOf: campaignFile)
        } catch {
            return ["campaign \(campaignFile) cannot load: \(error)"]
        }
        let registry: PluginRegistry
        do {
            registry = try PluginRegistry(plugins: [plugin])
        } catch {
            return ["plugin does not register: \(error)"]
        }
        var registrar = PluginRegistrar(manifest: plugin.manifest)
        plugin.register(in: &registrar)
        var failures = clauseFailures(plugin.manifest, registrar: registrar, registry: registry, campaign: campaign)
        var filed: [String: [FiledExample]] = [:]
        for type in registrar.recordTypes {
            let (typeFailures, examples) = exampleFailures(type, campaign: campaign)
            failures += typeFailures
            for example in examples { filed[example.unit.id, default: []].append(example) }
            if checkSchemaFiles { failures += schemaFileFailures(type) }
            failures += fieldDescriptionFailures(type, campaign: campaign)
        }
        failures += ruleFailures(registrar.rules, registry: registry, campaign: campaign, filed: filed)
        failures += bundleFailures(filed.values.flatMap { $0 }, registry: registry, campaignFile: campaignFile)
        failures += migrationFailures(plugin, registry: registry, campaignFile: campaignFile)
        return failures
    }

    /// A record type's example, accepted as a unit of one kind its clauses bind.
    struct FiledExample {
        var type: RecordType
        var unit: CampaignUnit
        /// The canonical bytes validation returned.
        var body: Data
    }

    static func clauseFailures(_ manifest: PluginManifest, registrar: PluginRegistrar, registry: PluginRegistry,
                               campaign: Campaign) -> [String] {
        var failures: [String] = []
        for clause in manifest.clauses {
            guard let defined = campaign.clause(clause) else {
                failures.append("declares clause \(clause), which the campaign does not have")
                continue
            }
            if !registrar.rules.contains(where: { $0.clause == clause }) {
                failures.append("clause \(clause) has no rule")
            }
            let served = defined.recordTypes.filter { type in registry.recordType(type) != nil }
            if served.isEmpty && !defined.recordTypes.isEmpty {
                failures.append("clause \(clause) lists record types \(defined.recordTypes) but none is registered")
            }
        }
        for rule in registrar.rules where campaign.clause(rule.clause) == nil {
            failures.append("rule \(rule.id) cites clause \(rule.clause), which the campaign does not have")
        }
        return failures
    }

    /// The clauses of `campaign` that `type` serves: those listing it, and those it was registered for.
    static func clauses(of type: RecordType, in campaign: Campaign) -> [Clause] {
        campaign.clauses.filter { $0.recordTypes.contains(type.id) || type.clauses.contains($0.id) }
    }

    /// The example, as filed by a unit (`RecordBody.example(filedBy:in:)`), validates as a unit of
    /// each kind its clauses bind (some unit of that kind accepts it: a leader's visit names the
    /// leader in charge of one), round-trips, and an
    /// empty body is refused with a field named.
    static func exampleFailures(_ type: RecordType, campaign: Campaign) -> ([String], [FiledExample]) {
        var failures: [String] = []
        var filed: [FiledExample] = []
        let example = type.example
        let served = clauses(of: type, in: campaign)
        var candidates: [(kind: String, units: [CampaignUnit?])] = []
        for kind in UnitKind.allCases {
            let bound = campaign.units.filter { unit in unit.kind == kind && served.contains { $0.applies(to: unit) } }
            if !bound.isEmpty { candidates.append((kind.rawValue, bound)) }
        }
        if candidates.isEmpty { candidates = [("any", [campaign.units.first])] }
        for (kind, units) in candidates {
            var firstError: RecordValidationError?
            var accepted: (CampaignUnit?, Data)?
            for unit in units {
                let filed = unit.map { type.example(filedBy: $0, in: campaign) } ?? example
                switch type.validate(filed, campaign: campaign, unit: unit) {
                case .success(let canonical): accepted = (unit, canonical)
                case .failure(let error): firstError = firstError ?? error
                }
                if accepted != nil { break }
            }
            guard let (unit, canonical) = accepted else {
                failures.append("\(type.id): its example validates for no \(kind) unit the clause binds: \(firstError?.message.en ?? "?")")
                continue
            }
            if canonical != (unit.map { type.example(filedBy: $0, in: campaign) } ?? example) {
                failures.append("\(type.id): the example does not round-trip to the same bytes")
            }
            if case .success(let again) = type.validate(canonical, campaign: campaign, unit: unit), again != canonical {
                failures.append("\(type.id): canonical bytes change on a second round trip")
            }
            if let unit { filed.append(FiledExample(type: type, unit: unit, body: canonical)) }
        }
        let unit = filed.first?.unit ?? campaign.units.first
        switch type.validate(Data("{}".utf8), campaign: campaign, unit: unit) {
        case .success:
            failures.append("\(type.id): an empty body validates; a required field should be missing")
        case .failure(let error) where error.issues.allSatisfy({ $0.path == "$" }):
            failures.append("\(type.id): an empty body's error names no field")
        case .failure:
            break
        }
        return (failures, filed)
    }

    /// The plugin's migrations run after the kernel's, once: reopening the store applies nothing new.
    static func migrationFailures(_ plugin: any Plugin, registry: PluginRegistry, campaignFile: String) -> [String] {
        let directory = Fixtures.temporaryDirectory("conformance").appendingPathComponent("store")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: campaignFile))
            let store = try Store.initialise(at: directory, campaignData: data, unit: nil, registry: registry)
            let first = try store.appliedMigrations()
            let again = try Store.open(at: directory, registry: registry).appliedMigrations()
            var failures: [String] = []
            if first != again { failures.append("migrations changed on reopening: \(first) then \(again)") }
            let own = first.filter { $0.hasPrefix("plugin.\(plugin.manifest.id).") }
            if own.count != registry.indexes.filter({ $0.plugin == plugin.manifest.id }).count {
                failures.append("not every declared index became a migration: \(own)")
            }
            if let firstOwn = first.firstIndex(where: { $0.hasPrefix("plugin.") }), first[..<firstOwn].contains(where: { !$0.hasPrefix("kernel.") }) {
                failures.append("plugin migrations do not follow the kernel's: \(first)")
            }
            return failures
        } catch {
            return ["the plugin's store does not open: \(error)"]
        }
    }

    /// The path of a record type's committed schema file.
    public static func schemaPath(_ type: String) -> URL {
        Fixtures.packageRoot.appendingPathComponent("schemas/records/\(type.replacingOccurrences(of: "/", with: ".")).schema.json")
    }

    static func schemaFileFailures(_ type: RecordType) -> [String] {
        let path = schemaPath(type.id)
        guard let committed = try? Data(contentsOf: path) else {
            return ["\(type.id): no committed schema at \(path.path); run `swift run dudao schema export`"]
        }
        guard let committedValue = try? JSONDecoder().decode(JSONValue.self, from: committed) else {
            return ["\(type.id): the committed schema is not JSON"]
        }
        if committedValue != type.schema.document {
            return ["\(type.id): the committed schema differs from the code; run `swift run dudao schema export`"]
        }
        return []
    }
}
