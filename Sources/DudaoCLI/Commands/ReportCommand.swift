import ArgumentParser
import DudaoWorkspace
import DudaoKernel
import Foundation

/// `dudao report`: the unit report and the evaluation (5.2).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "可打印的报告：单位报告、考核评价、党建考核稿件、综合排名 · Printable reports: a unit, the 5.2 assessment, 1.3's articles, the office's ranking.",
        subcommands: [UnitReport.self, EvaluationReport.self, PartyBuildingReport.self, QuarterlyRatingReport.self, RankingReport.self, FocusReport.self])

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
            let sections = workspace.registry.reports(in: workspace.campaign).map {
                PublicUnitReport.Section(id: $0.id, clause: $0.clause, title: output.text($0.title), table: $0.build(context))
            }
            let score = try workspace.evaluation(asOf: asOf).first { $0.unit == unit }
            let report = PublicUnitReport(unit: unit, name: output.text(target.name), asOf: asOf, status: status, ledger: ledger,
                                          sections: sections, score: score, assumptions: workspace.campaign.assumptions(for: target))
            if json { return try output.json(report) }
            output.line(output("督导报告：", "Supervision report: ") + report.name + "（\(unit)）" + output(" 截至 ", " as of ") + "\(asOf)")
            output.line(String(repeating: "=", count: 60))
            let assumed = Set(report.assumptions.compactMap(\.clause))
            output.table([output("条款", "clause"), output("规则", "rule"), output("周期", "period"), output("状态", "state"), output("说明", "note")],
                         status.cells.map { [$0.clause + (assumed.contains($0.clause) ? "※" : ""), $0.rule, $0.period.label,
                                             output.state($0), $0.note.map(output.text) ?? ""] })
            if !report.assumptions.isEmpty {
                output.line(output("※ 本条款的部分期限或要求为督导办设定，原文未规定：", "※ some deadlines or requirements of this clause are set by the campaign office, not the plan:"))
                for assumption in workspace.campaign.assumptions(for: target) { output.line("  " + assumption.line(global.lang)) }
            }
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
                output.line(output("第5.2条考核（争先进位阶段性目标、总体目标）：得分 \(score.total)，排名第 \(score.rank)",
                                   "The 5.2 assessment (stage and overall targets): score \(score.total), rank \(score.rank)"))
                if score.parts.contains(where: { $0.weightSource?.isAssumption ?? false }) {
                    output.line(output("  权重为督导办设定，原文未规定", "  the weights are set by the campaign office, not the plan"))
                }
                output.table([output("评分项", "part"), output("权重", "weight"), output("得分", "points"), output("依据", "explanation")],
                             score.parts.map { [output.text($0.title), Self.number($0.weight), Self.number($0.points), output.text($0.explanation)] })
            }
        }

        static func number(_ value: Double) -> String {
            value.rounded() == value ? String(Int(value)) : String(format: "%.2f", value)
        }
    }

    /// `report evaluation`: 5.2, "对局属各单位争先进位阶段性目标、总体目标完成情况进行考核评价".
    struct EvaluationReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "evaluation",
            abstract: "5.2 考核评价：争先进位阶段性目标、总体目标完成情况 · The 5.2 assessment: stage and overall targets, each part explained.")
        @OptionGroup var options: AssessmentOptions
        func run() throws { try options.show(kind: .evaluation) }
    }

    /// `report party-building`: 1.3, "报送及采用情况纳入年终党建工作考核".
    struct PartyBuildingReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "party-building",
            abstract: "稿件报送及采用情况（纳入年终党建工作考核） · 1.3's articles submitted and adopted, for the Party-building assessment.")
        @OptionGroup var options: AssessmentOptions
        func run() throws { try options.show(kind: .report, id: "party-building") }
    }

    /// `report quarterly-rating`: 4.2/4.3, "每月向党组汇报一次…并纳入科室季评；…每季度…汇报一次…并纳入基层党建考核".
    struct QuarterlyRatingReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quarterly-rating",
            abstract: "本季度推进情况汇报（纳入科室季评、基层党建考核） · 4.2/4.3's progress reports of the date's quarter, for the offices' quarterly rating.")
        @OptionGroup var options: AssessmentOptions
        func run() throws { try options.show(kind: .report, id: "quarterly-rating") }
    }

    /// `report ranking`: the campaign office's combined ranking, with weights of its own.
    struct RankingReport: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ranking",
            abstract: "督导办综合排名（权重为督导办自定，原文未规定） · The office's combined ranking; its weights are the office's own.")
        @OptionGroup var options: AssessmentOptions
        func run() throws { try options.show(kind: .ranking) }
    }

    struct AssessmentOptions: ParsableArguments {
        @OptionGroup var global: GlobalOptions
        @Option(help: .date("As of this date (default today).")) var at: LocalDate?
        @Flag(help: "Print JSON: the ranked scores, each part with its weight, its weight's source, points and explanation.")
        var json = false

        func show(kind: Assessment.Kind, id: String? = nil) throws {
            let workspace = try global.workspace()
            let asOf = at ?? workspace.today
            guard let assessment = workspace.registry.assessments.first(where: { $0.kind == kind && (id == nil || $0.id == id) }) else {
                throw DudaoError("本活动没有这类考核", "this campaign declares no such assessment")
            }
            let scores = try workspace.assessment(assessment, asOf: asOf)
            let output = global.output
            if json { return try output.json(scores.map(PublicScore.init)) }
            let campaign = workspace.campaign
            output.line(output.text(assessment.title) + output("（条款 \(assessment.clause)）截至 \(asOf)", " (clause \(assessment.clause)) as of \(asOf)"))
            if let clause = campaign.clause(assessment.clause) {
                output.line(output("原文：", "plan: ") + clause.text)
            }
            if let source = assessment.weightsSource(in: campaign) {
                let weights = assessment.weights(in: campaign, registry: workspace.registry).sorted { $0.key < $1.key }
                    .map { "\($0.key) \(UnitReport.number($0.value))" }.joined(separator: ", ")
                output.line(output("权重：", "weights: ") + weights + (source.isAssumption
                    ? output("（权重为督导办自定，原文未规定）", " (the campaign office's own weights, not the plan's)") : "")
                    + "　" + source.label(global.lang))
            }
            let partIDs = scores.first?.parts.map(\.id) ?? []
            let titles = scores.first?.parts.map { output.text($0.title) + "(\(UnitReport.number($0.weight)))" } ?? []
            output.table([output("名次", "rank"), output("单位", "unit"), output("总分", "total")] + titles,
                         scores.map { score in
                             let name = campaign.unit(score.unit).map { output.text($0.name) } ?? score.unit
                             return ["\(score.rank)", name, UnitReport.number(score.total)]
                                 + partIDs.map { id in score.parts.first { $0.id == id }.map { UnitReport.number($0.points) } ?? "" }
                         })
            output.line()
            for score in scores {
                let name = campaign.unit(score.unit).map { output.text($0.name) } ?? score.unit
                output.line("\(score.rank). \(name)：" + score.parts.map { output.text($0.title) + " " + output.text($0.explanation) }
                    .joined(separator: "；"))
            }
        }
    }
}
