import DudaoKernel

/// The unit's SelfInspection records clause by clause, and its appeals with their reply status.
enum SelfInspectionReports {
    static let records = ReportSection(
        id: "self-inspection/records", clause: nil,
        title: LocalizedText(zh: "征求意见、查摆问题工作记录", en: "Soliciting opinions and self-inspection records"),
        build: buildRecords)

    static let appeals = ReportSection(
        id: "self-inspection/appeals", clause: Appeal.clause,
        title: LocalizedText(zh: "诉求办理情况", en: "Appeals and replies"),
        build: buildAppeals)

    @Sendable static func buildRecords(_ context: ReportContext) -> ReportTable {
        var rows: [(clause: String, date: LocalDate, id: String, cells: [String])] = []
        func add<B: SelfInspectionRecord>(_ type: B.Type) {
            for record in context.records(B.self) where record.body.reportDate <= context.asOf {
                let body = record.body
                rows.append((B.clause, body.reportDate, record.id,
                             [B.clause, B.title(context.language), body.reportDate.description,
                              body.summary(context.language, campaign: context.campaign)]))
            }
        }
        add(SelfInspectionReport.self)
        add(Symposium.self)
        add(AppealChannel.self)
        add(Appeal.self)
        add(LifeMeeting.self)
        rows.sort { ($0.clause, $0.date, $0.id) < ($1.clause, $1.date, $1.id) }
        let columns = context.language == .zh ? ["条款", "记录类型", "日期", "内容"] : ["Clause", "Record type", "Date", "Details"]
        return ReportTable(columns: columns, rows: rows.map(\.cells))
    }

    @Sendable static func buildAppeals(_ context: ReportContext) -> ReportTable {
        let language = context.language
        let columns = language == .zh ? ["收到日期", "渠道", "来源", "内容", "答复日期", "办理情况"]
            : ["Received", "Channel", "From", "Content", "Replied", "Status"]
        guard let clause = context.campaign.clause(Appeal.clause), let limit = clause.int(Appeal.replyLimitKey) else {
            return ReportTable(columns: columns, rows: [])
        }
        let appeals = context.records(Appeal.self).filter { $0.body.receivedOn <= context.asOf }
            .sorted { ($0.body.receivedOn, $0.id) < ($1.body.receivedOn, $1.id) }
        let rows = appeals.map { record -> [String] in
            let appeal = record.body
            let replied = appeal.repliedOn.flatMap { $0 <= context.asOf ? $0.description : nil } ?? "—"
            return [appeal.receivedOn.description,
                    clause.optionTitle(AppealChannel.channelsKey, id: appeal.channel, language),
                    appeal.from.title(language), appeal.ledgerTitle, replied,
                    AppealScore.status(appeal, limit: limit, asOf: context.asOf).title(language)]
        }
        return ReportTable(columns: columns, rows: rows)
    }
}
