import DudaoPlugins
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

        func run() throws {
            let registry = try PluginList.registry()
            let directory = URL(fileURLWithPath: to)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            for type in registry.recordTypes {
                let file = directory.appendingPathComponent(type.id.replacingOccurrences(of: "/", with: ".") + ".schema.json")
                var data = try encoder.encode(type.schema.document)
                data.append(0x0A)
                try data.write(to: file, options: .atomic)
            }
            global.output.line(global.output("已导出 \(registry.recordTypes.count) 个记录类型的 JSON Schema 到 \(to)",
                                             "exported \(registry.recordTypes.count) record type schemas to \(to)"))
        }
    }
}
