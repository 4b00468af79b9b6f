import DudaoKernel

/// The `appeals` score part (2.3 feeding 5.2): the share of appeals answered within `replyLimitDays`.
///
/// Only appeals already judged count: answered, or unanswered past their limit; one still within
/// its limit waits. Nil when none was received or none is judged yet.
enum AppealScore {
    static let part = ScorePart(id: "appeals", title: LocalizedText(zh: "诉求办理答复", en: "appeals answered"),
                                defaultWeight: 5, measure: measure)

    /// How an appeal stands as of a date against the reply limit.
    enum Status: Equatable {
        case answeredInTime(days: Int)
        case answeredLate(days: Int)
        case waiting(daysLeft: Int)
        case pastLimit(days: Int)

        var title: LocalizedText {
            switch self {
            case .answeredInTime: LocalizedText(zh: "按时答复", en: "answered in time")
            case .answeredLate: LocalizedText(zh: "逾期答复", en: "answered late")
            case .waiting(let left): LocalizedText(zh: "办理中（剩 \(left) 天）", en: "in hand (\(left) days left)")
            case .pastLimit: LocalizedText(zh: "超期未复", en: "unanswered past the limit")
            }
        }
    }

    static func status(_ appeal: Appeal, limit: Int, asOf: LocalDate) -> Status {
        let due = appeal.receivedOn.adding(days: limit)
        if let replied = appeal.repliedOn, replied <= asOf {
            let days = appeal.receivedOn.days(until: replied)
            return replied <= due ? .answeredInTime(days: days) : .answeredLate(days: days)
        }
        return asOf > due ? .pastLimit(days: appeal.receivedOn.days(until: asOf)) : .waiting(daysLeft: asOf.days(until: due))
    }

    @Sendable static func measure(_ context: ScoreContext) -> ScoreMeasure {
        guard let clause = context.campaign.clause(Appeal.clause), clause.applies(to: context.unit) else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "本单位无诉求渠道要求", en: "no appeal channels required of this unit"))
        }
        guard let limit = clause.int(Appeal.replyLimitKey) else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(zh: "活动文件缺少答复时限", en: "the campaign sets no reply limit"))
        }
        let statuses = context.records(Appeal.self).filter { $0.body.receivedOn <= context.asOf }
            .map { status($0.body, limit: limit, asOf: context.asOf) }
        let inTime = statuses.filter { if case .answeredInTime = $0 { true } else { false } }.count
        let waiting = statuses.filter { if case .waiting = $0 { true } else { false } }.count
        let judged = statuses.count - waiting
        guard judged > 0 else {
            return ScoreMeasure(ratio: nil, explanation: LocalizedText(
                zh: "收到诉求 \(statuses.count) 件，尚无可评判的", en: "\(statuses.count) appeals received, none to judge yet"))
        }
        return ScoreMeasure(ratio: Double(inTime) / Double(judged), explanation: LocalizedText(
            zh: "收到诉求 \(statuses.count) 件：\(limit) 天内答复 \(inTime) 件，逾期或超期未复 \(judged - inTime) 件，办理中 \(waiting) 件（不计）",
            en: "\(statuses.count) appeals: \(inTime) answered within \(limit) days, \(judged - inTime) late or unanswered, \(waiting) in hand (not counted)"))
    }
}
