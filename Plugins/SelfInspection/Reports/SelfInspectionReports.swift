import DudaoKernel

/// The unit's SelfInspection records clause by clause, and its appeals with their reply status.
enum SelfInspectionReports {
    static let records = ReportSection.recordList(
        id: "self-inspection/records", clause: nil,
        title: LocalizedText(zh: "征求意见、查摆问题工作记录", en: "Soliciting opinions and self-inspection records"),
        of: [SelfInspectionReport.self, Symposium.self, AppealChannel.self, Appeal.self, LifeMeeting.self])

    static let appeals = ReportSection(
        id: "self-inspection/appeals", clause: Appeal.clause,
        title: LocalizedText(zh: "诉求办理情况", en: "Appeals and replies"),
        build: buildAppeals)

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
