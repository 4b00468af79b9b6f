import DudaoKernel

/// The unit's Publicity records, clause by clause, for its report.
enum PublicityReport {
    static let section = ReportSection(
        id: "publicity/records", clause: nil,
        title: LocalizedText(zh: "宣传发动、学习教育工作记录", en: "Publicity, mobilisation and study records"),
        build: build)

    @Sendable static func build(_ context: ReportContext) -> ReportTable {
        var rows: [(clause: String, date: LocalDate, id: String, cells: [String])] = []
        func add<B: PublicityRecord>(_ type: B.Type) {
            for record in context.records(B.self) where record.body.reportDate <= context.asOf {
                let body = record.body
                rows.append((B.clause, body.reportDate, record.id,
                             [B.clause, B.title(context.language), body.reportDate.description,
                              body.summary(context.language, campaign: context.campaign)]))
            }
        }
        add(MobilisationMeeting.self)
        add(StudySession.self)
        add(WebsiteColumn.self)
        add(ArticleSubmission.self)
        add(ArticleAdoption.self)
        add(DiscussionActivity.self)
        add(Reflection.self)
        rows.sort { ($0.clause, $0.date, $0.id) < ($1.clause, $1.date, $1.id) }
        let columns = context.language == .zh ? ["条款", "记录类型", "日期", "内容"] : ["Clause", "Record type", "Date", "Details"]
        return ReportTable(columns: columns, rows: rows.map(\.cells))
    }
}
