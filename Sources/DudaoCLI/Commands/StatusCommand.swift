import ArgumentParser
import DudaoWorkspace
import DudaoKernel
import Foundation

/// `dudao status`: this unit's cells by clause and period, what is due soon and what is overdue.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "按条款和周期查看完成情况、即将到期与逾期 · Compliance by clause and period, due soon and overdue.")

    @OptionGroup var global: GlobalOptions
    @Option(help: .date("Evaluate as of this date; today by default.")) var at: LocalDate?
    @Option(help: "At the bureau: the unit to show (all units when omitted).") var unit: String?
    @Flag(help: "Show every cell, not only the latest period of each rule.") var all = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let workspace = try global.workspace()
        let asOf = at ?? workspace.today
        let output = global.output
        if workspace.identity.isBureau && unit == nil {
            let records = try workspace.records()
            let byUnit = Dictionary(grouping: records, by: \.unit)
            var statuses = workspace.campaign.units(activeOn: asOf).map { workspace.status(of: $0, records: byUnit[$0.id] ?? [], asOf: asOf) }
            if json {
                for index in statuses.indices { statuses[index].compatibility = try workspace.notableCompatibility(unit: statuses[index].unit) }
                return try output.json(statuses.map(PublicStatus.init))
            }
            output.line(output("全部单位 截至 \(asOf)", "All units as of \(asOf)"))
            output.table([output("单位", "unit"), output("已完成", "met"), output("逾期完成", "late"), output("待完成", "due"), output("已逾期", "overdue"), output("不适用", "n/a")],
                         statuses.map { status in
                             [status.unit] + ["met", "met-late", "due", "overdue", "not-applicable"].map { String(status.counts[$0] ?? 0) }
                         })
            print(compatibility: try workspace.notableCompatibility(unit: nil), output: output)
            return
        }
        let status = try workspace.status(unit: unit, asOf: asOf)
        if json { return try output.json(PublicStatus(status)) }
        print(status: status, workspace: workspace, output: output)
    }

    func print(status: UnitStatus, workspace: Workspace, output: Output) {
        let unit = workspace.campaign.unit(status.unit)
        output.line((unit.map { output.text($0.name) } ?? status.unit) + "（\(status.unit)）" + output(" 截至 ", " as of ") + "\(status.asOf)")
        for summary in (try? workspace.revisionChanges(limit: 1)) ?? [] {
            for line in summary.lines(output.language) { output.line(line) }
        }
        let counts = status.counts
        output.line(output("已完成 \(counts["met"] ?? 0)，逾期完成 \(counts["met-late"] ?? 0)，待完成 \(counts["due"] ?? 0)，已逾期 \(counts["overdue"] ?? 0)，不适用 \(counts["not-applicable"] ?? 0)",
                           "met \(counts["met"] ?? 0), met late \(counts["met-late"] ?? 0), due \(counts["due"] ?? 0), overdue \(counts["overdue"] ?? 0), not applicable \(counts["not-applicable"] ?? 0)"))
        output.line()
        var shown = status.cells
        if !all {
            // The latest period of each rule, plus every overdue cell.
            var latest: [String: ComplianceCell] = [:]
            for cell in shown where latest[cell.rule].map({ $0.period < cell.period }) ?? true { latest[cell.rule] = cell }
            shown = shown.filter { cell in cell.state == .overdue || latest[cell.rule] == cell }
        }
        output.table([output("条款", "clause"), output("规则", "rule"), output("周期", "period"), output("状态", "state"), output("说明", "note")],
                     shown.map { cell in
                         [cell.clause, cell.rule, cell.period.label, output.state(cell), cell.note.map(output.text) ?? ""]
                     })
        if !status.dueSoon.isEmpty {
            output.line()
            output.line(output("即将到期：", "Due soon: ") + status.dueSoon.map { cell in
                let assumed = cell.deadline.flatMap { workspace.campaign.clause(cell.clause)?.assumption(forDeadline: $0) }
                return "\(cell.rule) \(cell.period.label)" + (assumed.map { "（\(output.text($0.label))）" } ?? "")
            }.joined(separator: "；"))
        }
        if !status.overdueLedgerItems.isEmpty {
            output.line(output("逾期台账事项：", "Overdue ledger items: ") + status.overdueLedgerItems.joined(separator: " "))
        }
        print(compatibility: status.compatibility, output: output)
    }

    /// Missing plugins, changes kept unevaluated and other campaign contents: never left unsaid.
    func print(compatibility: Compatibility?, output: Output) {
        guard let compatibility else { return }
        output.line()
        output.line(output("版本差异：", "Different builds:"))
        for message in compatibility.messages { output.line("  ⚠ " + output.text(message)) }
    }
}
