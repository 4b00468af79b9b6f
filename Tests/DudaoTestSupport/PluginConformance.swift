import DudaoKernel
import DudaoStore
import Foundation

/// The checks every plugin passes; a plugin's tests run them with one line:
/// `#expect(PluginConformance.failures(of: MyPlugin()) == [])`.
public enum PluginConformance {
    /// Everything wrong with `plugin` against the shipped campaign, as sentences; empty when it conforms.
    public static func failures(of plugin: any Plugin, campaign given: Campaign? = nil, checkSchemaFiles: Bool = true) -> [String] {
        var failures: [String] = []
        let campaign: Campaign
        do {
            campaign = try given ?? Fixtures.campaign()
        } catch {
            return ["campaign cannot load: \(error)"]
        }
        let registry: PluginRegistry
        do {
            registry = try PluginRegistry(plugins: [plugin])
        } catch {
            return ["plugin does not register: \(error)"]
        }
        var registrar = PluginRegistrar(manifest: plugin.manifest)
        plugin.register(in: &registrar)
        let manifest = plugin.manifest

        // Every clause it declares exists in the campaign, and is served by a rule and a record type.
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
        // Every rule cites a clause that exists, and evaluates without trapping for every unit kind.
        for rule in registrar.rules where campaign.clause(rule.clause) == nil {
            failures.append("rule \(rule.id) cites clause \(rule.clause), which the campaign does not have")
        }
        // Record types: the example round-trips, validates, and a broken body names a field.
        for type in registrar.recordTypes {
            let example = type.example
            let unit = campaign.units.first
            switch type.validate(example, campaign: campaign, unit: unit) {
            case .failure(let error):
                failures.append("\(type.id): its example does not validate: \(error.message.en)")
            case .success(let canonical):
                if canonical != example { failures.append("\(type.id): the example does not round-trip to the same bytes") }
                if case .success(let again) = type.validate(canonical, campaign: campaign, unit: unit), again != canonical {
                    failures.append("\(type.id): canonical bytes change on a second round trip")
                }
            }
            if case .success = type.validate(Data("{}".utf8), campaign: campaign, unit: unit) {
                failures.append("\(type.id): an empty body validates; a required field should be missing")
            } else if case .failure(let error) = type.validate(Data("{}".utf8), campaign: campaign, unit: unit),
                      error.issues.allSatisfy({ $0.path == "$" }) {
                failures.append("\(type.id): an empty body's error names no field")
            }
            // Its fields are described, so forms can be built from them (label, help, kind, required).
            failures += type.fieldDescriptionProblems()
            if checkSchemaFiles {
                failures += schemaFileFailures(type)
            }
        }
        failures += migrationFailures(plugin, registry: registry)
        return failures
    }

    /// The plugin's migrations run after the kernel's, once: reopening the store applies nothing new.
    static func migrationFailures(_ plugin: any Plugin, registry: PluginRegistry) -> [String] {
        let directory = Fixtures.temporaryDirectory("conformance").appendingPathComponent("store")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))
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
