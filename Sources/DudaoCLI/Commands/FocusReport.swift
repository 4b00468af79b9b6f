import ArgumentParser
import DudaoWorkspace
import DudaoKernel
import Foundation

extension ReportCommand {
    /// `report focus`: R2's view — heads, key units and units with prominent problems, with how
    /// often each has been supervised, and the section 二 method pairs combined across each unit's inspections.
    struct FocusReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "focus",
            abstract: "督导重点（R2）：一把手、重点部门科室、问题突出单位及督导次数 · R2's focus: heads, key units, units with prominent problems, and how often each was supervised.")
        @OptionGroup var global: GlobalOptions
        @Option(help: .date("As of this date (default today).")) var at: LocalDate?
        @Flag(help: "Print JSON: {asOf, entries: [{unit, heads, reasons, supervisions, supervisionCount, openItems, overdueItems, overdueObligations, needsMoreSupervision}], methodMix: [...]}.")
        var json = false

        struct Output: PublicOutput {
            var asOf: LocalDate
            var entries: [SupervisionFocus.Entry]
            var methodMix: [MethodMix]
        }

        func run() throws {
            let workspace = try global.workspace()
            let asOf = at ?? workspace.today
            let focus = try workspace.supervisionFocus(asOf: asOf)
            let mixes = try workspace.methodMixes(asOf: asOf)
            let output = global.output
            if json { return try output.json(Output(asOf: asOf, entries: focus.entries, methodMix: mixes)) }
            let campaign = workspace.campaign
            output.line(output("督导重点（R2 聚焦精准）截至 \(asOf)", "Supervision focus (R2) as of \(asOf)"))
            let mixByUnit = Dictionary(uniqueKeysWithValues: mixes.map { ($0.unit, $0) })
            output.table([output("单位", "unit"), output("一把手", "head"), output("原因", "why"), output("督导次数", "supervised"),
                          output("逾期事项/义务", "overdue items/obligations"), output("未结合的督导方式", "pairs not combined"),
                          output("应增加督导", "needs more")],
                         focus.entries.map { entry in
                             let name = campaign.unit(entry.unit).map { output.text($0.name) } ?? entry.unit
                             let heads = entry.heads.compactMap { campaign.person($0)?.name }.joined(separator: "、")
                             let missing = mixByUnit[entry.unit]?.pairs.filter { !$0.combined }.map(\.pair).joined(separator: " ") ?? ""
                             return [name, heads, entry.reasons.map { output.text($0.title) }.joined(separator: "、"),
                                     "\(entry.supervisionCount)", "\(entry.overdueItems)/\(entry.overdueObligations)", missing,
                                     entry.needsMoreSupervision ? output("是", "yes") : ""]
                         })
        }
    }
}
