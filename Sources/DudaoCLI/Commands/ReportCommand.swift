import ArgumentParser
import DudaoWorkspace
import DudaoKernel
import Foundation

/// `dudao report`: the unit report and the evaluation (5.2).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "可打印的报告：单位报告、考核评价 · Printable reports: one unit, or the evaluation of all units.",
        subcommands: [UnitReport.self, EvaluationReport.self])

    struct UnitReport: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unit", abstract: "A unit's cells, ledger, sections and score.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The unit id.") var unit: String
        @Option(help: .date("As of this date (default today).")) var at: LocalDate?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let workspace = try global.workspace()
            let output = global.output
            guard let target = workspace.campaign.unit(unit) else {
                throw DudaoError("未知单位“\(unit)”", "unknown unit '\(unit)'")
            }
            let asOf = at ?? workspace.today
            let records = try workspace.records(unit: unit)
            let status = workspace.status(of: target, records: records, asOf: asOf)
            let ledger = workspace.engine.ledger(records, asOf: asOf)
            let context = ReportContext(campaign: workspace.campaign, unit: target, asOf: asOf, language: global.lang,
                                        records: records, ledger: ledger)
            let sections = workspace.registry.reports.map {
                PublicUnitReport.Section(id: $0.id, clause: $0.clause, title: output.text($0.title), table: $0.build(context))
            }
            let score = try workspace.evaluation(asOf: asOf).first { $0.unit == unit }
            let report = PublicUnitReport(unit: unit, name: output.text(target.name), asOf: asOf, status: status, ledger: ledger,
                                          sections: sections, score: score)
            if json { return try output.json(report) }
            output.line(output("督导报告：", "Supervision report: ") + report.name + "（\(unit)）" + output(" 截至 ", " as of ") + "\(asOf)")
            output.line(String(repeating: "=", count: 60))
            output.table([output("条款", "clause"), output("规则", "rule"), output("周期", "period"), output("状态", "state"), output("说明", "note")],
                         status.cells.map { [$0.clause, $0.rule, $0.period.label, output.state($0), $0.note.map(output.text) ?? ""] })
            output.line()
            output.line(output("台账", "Ledger") + "（\(ledger.count)）")
            if !ledger.isEmpty {
                output.table([output("事项", "item"), output("来源", "source"), output("状态", "state"), output("期限", "deadline")],
                             ledger.map { [$0.item.title, output.text($0.item.source.title), output.text($0.state.title)
                                           + ($0.isOverdue(asOf: asOf) ? output("（逾期）", " (overdue)") : ""), $0.deadline?.description ?? "—"] })
            }
            for section in sections where !section.rows.isEmpty {
                output.line()
                output.line((section.clause.map { "[\($0)] " } ?? "") + section.title)
                output.table(section.columns, section.rows)
            }
            if let score {
                output.line()
                output.line(output("得分 \(score.total)，排名第 \(score.rank)", "Score \(score.total), rank \(score.rank)"))
                output.table([output("评分项", "part"), output("权重", "weight"), output("得分", "points"), output("依据", "explanation")],
                             score.parts.map { [output.text($0.title), Self.number($0.weight), Self.number($0.points), output.text($0.explanation)] })
            }
        }

        static func number(_ value: Double) -> String {
            value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)
        }
    }

    struct EvaluationReport: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "evaluation", abstract: "Scores and ranks of the units (5.2), each explained by its parts.")
        @OptionGroup var global: GlobalOptions
        @Option(help: .date("As of this date (default today).")) var at: LocalDate?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let workspace = try global.workspace()
            let asOf = at ?? workspace.today
            let scores = try workspace.evaluation(asOf: asOf)
            let output = global.output
            if json { return try output.json(scores.map(PublicScore.init)) }
            output.line(output("考核评价 截至 \(asOf)", "Evaluation as of \(asOf)"))
            let partIDs = scores.first?.parts.map(\.id) ?? []
            let titles = scores.first?.parts.map { output.text($0.title) + "(\(UnitReport.number($0.weight)))" } ?? []
            output.table([output("名次", "rank"), output("单位", "unit"), output("总分", "total")] + titles,
                         scores.map { score in
                             let name = workspace.campaign.unit(score.unit).map { output.text($0.name) } ?? score.unit
                             return ["\(score.rank)", name, UnitReport.number(score.total)]
                                 + partIDs.map { id in score.parts.first { $0.id == id }.map { UnitReport.number($0.points) } ?? "" }
                         })
        }
    }
}
