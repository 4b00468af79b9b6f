import DudaoPlugins
import DudaoScaffold
import ArgumentParser
import DudaoKernel
import Foundation

/// `dudao schema export`: writes the JSON Schema of every record type.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "导出记录类型的 JSON Schema · Export the JSON Schemas of the record types.", subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write schemas/records/<plugin>.<type>.schema.json for every record type.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Directory to write into.") var to = "schemas/records"
        @Option(name: .customLong("campaign-schema"),
                help: "The campaign schema whose plugin names and clause ids follow the registered plugins (default: schemas/campaign.schema.json, when present).")
        var campaignSchema: String?

        func run() throws {
            let registry = try PluginList.registry()
            let directory = URL(fileURLWithPath: to)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for type in registry.recordTypes {
                try RecordSchemaFile.data(type.schema).write(to: directory.appendingPathComponent(RecordSchemaFile.name(of: type.id)), options: .atomic)
            }
            let campaignFile = campaignSchema ?? "schemas/campaign.schema.json"
            if campaignSchema != nil || FileManager.default.fileExists(atPath: campaignFile) {
                try CampaignSchemaFile.update(URL(fileURLWithPath: campaignFile), manifests: registry.plugins)
            }
            global.output.line(global.output("已导出 \(registry.recordTypes.count) 个记录类型的 JSON Schema 到 \(to)",
                                             "exported \(registry.recordTypes.count) record type schemas to \(to)"))
        }
    }
}
