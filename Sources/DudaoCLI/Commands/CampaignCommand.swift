import DudaoPlugins
import ArgumentParser
import DudaoKernel
import Foundation

/// `dudao campaign`: check and show a campaign definition file.
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign", abstract: "检查或查看活动文件 · Validate or show a campaign definition file.",
        subcommands: [Validate.self, Show.self, Publish.self])

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a campaign file; errors name the JSON path.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign file.") var file: String

        func run() throws {
            let output = global.output
            let review = try CampaignReview.load(contentsOf: file, registry: try PluginList.registry())
            let campaign = review.campaign
            output.line(output("有效：", "valid: ") + "\(file) — " + output.text(campaign.title))
            output.line(output("  \(campaign.phases.count) 个阶段，\(campaign.clauses.count) 个条款，\(campaign.units.count) 个单位，\(campaign.people.count) 名人员",
                               "  \(campaign.phases.count) phases, \(campaign.clauses.count) clauses, \(campaign.units.count) units, \(campaign.people.count) people"))
            output.campaignNotes(review.notes)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a campaign's clauses, units, people and parameters.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign file.") var file: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let campaign = try CampaignLoader.load(contentsOf: file)
            let output = global.output
            if json { return try output.json(campaign) }
            output.line(output.text(campaign.title) + "（\(campaign.id)）")
            output.line(output("时区 ", "time zone ") + campaign.timeZone + output("，活动期 ", ", window ") + "\(campaign.window.start) … \(campaign.window.end)")
            if campaign.roster.sample {
                output.line(output("注意：名单为示例数据。", "Note: the roster is sample data."))
            }
            output.line()
            output.table([output("条款", "clause"), output("标题", "title"), output("时间", "window"), output("适用", "applies to"), output("参数", "parameters")],
                         campaign.clauses.map { clause in
                             [clause.id, output.text(clause.title), "\(clause.window.start)…\(clause.window.end)",
                              clause.appliesTo.map { output.text($0.title) }.joined(separator: "/"),
                              clause.parameters.keys.sorted().joined(separator: ", ")]
                         })
            output.line()
            output.table([output("单位", "unit"), output("名称", "name"), output("类别", "kind")],
                         campaign.units.map { [$0.id, output.text($0.name), output.text($0.kind.title)] })
            output.line()
            output.table([output("人员", "person"), output("姓名", "name"), output("角色", "roles"), output("分包单位/分管科室", "assigned units / offices")],
                         campaign.people.map { person in
                             [person.id, person.name, person.roles.map { output.text($0.title) }.joined(separator: "/"),
                              (person.assignedUnits + person.officesInCharge).joined(separator: ", ")]
                         })
            output.line()
            output.line(output("参数：", "parameters: ") + campaign.parameters.keys.sorted().map { "\($0)=\(campaign.parameters[$0]!)" }.joined(separator: ", "))
        }
    }
}

extension Output {
    /// What this build cannot do with a campaign (`CampaignReview.notes`), one line each; nothing when it can do everything.
    func campaignNotes(_ notes: [DecodingProblem]) {
        guard !notes.isEmpty else { return }
        line(self("  注意（本程序的插件）：", "  note (this build's plugins):"))
        for note in notes { line("    " + note.path + self("：", ": ") + text(note.reason)) }
    }
}
