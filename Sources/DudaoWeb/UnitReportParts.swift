import DudaoKernel

/// The parts of a unit's report both doors print: the bureau's unit page and the workstation's
/// 我的单位 show the same score table and the plugins' report sections.
public enum UnitReportParts {
    /// A score with each part's weight, points and explanation; `ranked` adds the rank.
    public static func score(_ score: UnitScore, ranked: Bool, _ t: Tr) -> HTML {
        let parts = Table<UnitScore.Part>([
            .init(t("评分项", "Part")) { "\(t.text($0.title))" },
            .init(t("权重", "Weight"), class: "num") { "\(String(format: "%.0f", $0.weight))" },
            .init(t("得分", "Points"), class: "num") { "\(String(format: "%.2f", $0.points))" },
            .init(t("依据", "Explanation")) { "\(t.text($0.explanation))" },
        ], rows: score.parts, scrolls: true)
        let rank: HTML? = ranked ? " · \(t("名次", "rank")) \(score.rank)" : nil
        return "<p><b>\(t("总分", "Total")) \(String(format: "%.2f", score.total))</b>\(rank)</p>\(parts.html)"
    }

    /// Every plugin's report section that has rows, each under its clause and title.
    public static func sections(_ registry: PluginRegistry, _ context: ReportContext, _ t: Tr) -> HTML {
        registry.reports(in: context.campaign).map { section -> HTML in
            let table = section.build(context)
            guard !table.rows.isEmpty else { return .empty }
            return "<h2>\(section.clause.map { "[\($0)] " } ?? "")\(t.text(section.title))</h2>\(Table.text(table.columns, table.rows).html)"
        }.joined()
    }
}
