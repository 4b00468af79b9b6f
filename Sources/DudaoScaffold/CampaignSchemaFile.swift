import DudaoKernel
import Foundation

/// The two parts of `schemas/campaign.schema.json` that follow the registered plugins: the
/// clause-id pattern (`$defs.clauseId`) and the phase's plugin names (`$defs.phase.properties.plugin`).
///
/// `dudao schema export` and `dudao plugin new` rewrite just those two values and keep every
/// other byte of the hand-written schema, so a new clause id needs no schema surgery; a test
/// checks that the committed file is what the export writes.
public enum CampaignSchemaFile {
    /// Where the campaign schema lives in a package.
    public static func file(in package: URL) -> URL { package.appendingPathComponent("schemas/campaign.schema.json") }

    /// The phase plugins among `manifests` (the kernel's own manifests serve no clause and are left out).
    static func phasePlugins(_ manifests: [PluginManifest]) -> [PluginManifest] {
        manifests.filter { $0.id != PluginRegistry.kernelManifest.id && $0.id != PluginRegistry.supervisionManifest.id }
    }

    /// `$defs.clauseId`: a clause is numbered `section.item`, its section one that a registered plugin serves.
    static func clauseID(_ plugins: [PluginManifest]) -> OrderedJSON {
        let clauses = plugins.flatMap(\.clauses)
        var sections: [String] = []
        for clause in clauses {
            let section = String(clause.prefix { $0 != "." })
            if !sections.contains(section) { sections.append(section) }
        }
        sections.sort { ($0.count, $0) < ($1.count, $1) }
        let escaped = sections.map { $0.replacingOccurrences(of: ".", with: "\\.") }
        return .object([
            ("type", .string("string")),
            ("pattern", .string("^(" + escaped.joined(separator: "|") + ")\\.[1-9]$")),
            ("title", .string("Clause id")),
            ("description", .string("Section number and item number within it, e.g. \"2.3\"; the sections are those of this build's plugins, "
                + "which serve \(clauses.joined(separator: ", ")). Written from the registered plugins by `dudao schema export`.")),
        ])
    }

    /// `$defs.phase.properties.plugin`: the ids of this build's plugins.
    static func pluginName(_ plugins: [PluginManifest]) -> OrderedJSON {
        .object([
            ("enum", .array(plugins.map { .string($0.id) })),
            ("title", .string("Plugin")),
            ("description", .string("The Dudao plugin that implements this phase's record types and rules: one registered in this build "
                + "(written by `dudao schema export`).")),
        ])
    }

    /// The schema's text with both parts derived from `manifests`.
    public static func derived(from text: String, file: String, manifests: [PluginManifest]) throws -> String {
        let plugins = phasePlugins(manifests)
        var text = text
        for (path, value) in [(["$defs", "clauseId"], clauseID(plugins)), (["$defs", "phase", "properties", "plugin"], pluginName(plugins))] {
            let document = try JSONText(text, file: file)
            guard let node = document.node(path) else {
                throw DudaoError("\(file) 中没有 \(path.joined(separator: "."))", "\(file) has no \(path.joined(separator: "."))")
            }
            text = document.replacing(node.range, with: value.rendered(indent: document.indentation(ofLineAt: node.range.lowerBound)))
        }
        return text
    }

    /// Rewrites the schema at `url` from `manifests`; returns whether it changed.
    @discardableResult
    public static func update(_ url: URL, manifests: [PluginManifest]) throws -> Bool {
        let text = try ScaffoldFiles.read(url)
        let updated = try derived(from: text, file: url.path, manifests: manifests)
        guard updated != text else { return false }
        try ScaffoldFiles.write(updated, to: url)
        return true
    }
}
