import ArgumentParser
import DudaoKernel
import DudaoPlugins
import DudaoScaffold
import Foundation

extension UnitKind: ExpressibleByArgument {}
extension PeriodKind: ExpressibleByArgument {}

/// `dudao plugin`: a new phase plugin from the scaffold, and the list of this package's plugins.
struct PluginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin", abstract: "新建阶段插件；插件列表 · Scaffold a phase plugin; the list of plugins.",
        subcommands: [New.self, List.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create Plugins/<Name>/ (record type with field descriptions, quota rule, score part, report, simulation), "
                + "its test, its line in Package.swift's phasePlugins, its clause in a campaign file, and its schemas.",
            discussion: """
                Then: swift build && swift test --filter <Name>Tests && swift run dudao clauses --campaign FILE.
                Example (the committed example, docs/plugins.md):
                  cp campaigns/gan-zhuan-zheng-2017.json campaigns/home-visits-example.json
                  swift run dudao plugin new home-visits --clause 6.1 --title-zh 家访 --title-en "Home visits" \\
                    --record HomeVisit --applies-to school --minimum 2 --text "各学校每月家访不少于2次。" \\
                    --campaign campaigns/home-visits-example.json
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The plugin id, lower-case words joined by hyphens: the prefix of its record types (home-visits).")
        var id: String
        @Option(help: "The clause it serves (section.item, e.g. 6.1).") var clause: String
        @Option(name: .customLong("title-zh"), help: "The clause's title in Chinese.") var titleZh: String
        @Option(name: .customLong("title-en"), help: "The clause's title in English.") var titleEn: String
        @Option(help: "The plan's words for the clause (default: the Chinese title).") var text: String?
        @Option(help: "The record type's Swift name (default: <Name>Record).") var record: String?
        @Option(name: .customLong("applies-to"), help: "A unit kind the clause binds: office, institution or school; repeat for several (default: all).")
        var appliesTo: [UnitKind] = []
        @Option(help: "The quota's period: week, fortnight, month, quarter, year or window.") var period: PeriodKind = .month
        @Option(help: "Records required each period.") var minimum = 1
        @Option(help: "The score part's default weight in the office's ranking.") var weight = 10
        @Option(help: ArgumentHelp.date("The clause's first day (default: the campaign's).")) var from: LocalDate?
        @Option(help: ArgumentHelp.date("The clause's last day (default: the campaign's).")) var to: LocalDate?
        @Option(help: "The campaign file that gets the clause, relative to the package.") var campaign = "campaigns/gan-zhuan-zheng-2017.json"
        @Option(help: "The package's root directory.") var package = "."

        func run() throws {
            let output = global.output
            let root = URL(fileURLWithPath: package)
            let request = Scaffold.Request(
                pluginID: id, clause: clause, title: LocalizedText(zh: titleZh, en: titleEn), text: text, record: record,
                appliesTo: appliesTo, period: period, minimum: minimum, weight: weight, from: from, to: to, campaignFile: campaign)
            let written = try Scaffold(package: root, registered: try PluginList.registry().plugins).run(request)
            output.line(output("已生成插件 \(id)（条款 \(clause)）：", "scaffolded plugin \(id) (clause \(clause)):"))
            for path in written { output.line("  " + path) }
            let target = written.first.map { String($0.split(separator: "/")[1]) } ?? id
            output.line(output("下一步：", "next:"))
            output.line("  swift build && swift test --filter \(target)Tests")
            output.line("  swift run dudao clauses --campaign \(campaign)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print Package.swift's phasePlugins; with --write, write Sources/DudaoPlugins/PluginList.swift from it.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Write PluginList.swift from the list.") var write = false
        @Option(help: "The package's root directory.") var package = "."

        func run() throws {
            let root = URL(fileURLWithPath: package)
            let list = try PhasePluginList.read(package: root)
            for name in list.names { global.output.line(name) }
            guard write else { return }
            let file = PhasePluginList.swiftFile(in: root)
            try Data(list.swiftSource.utf8).write(to: file, options: .atomic)
            global.output.line(global.output("已写入 ", "wrote ") + file.path)
        }
    }
}
