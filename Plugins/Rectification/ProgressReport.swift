import DudaoKernel

/// A progress report to the Party group (clauses 4.2 and 4.3): on rectification against the
/// ledger, or on the first-class targets, for one reporting period.
public struct ProgressReport: RecordBody, Hashable {
    public static let recordType = "rectification/progress-report"
    public static let title = LocalizedText(zh: "工作推进情况汇报", en: "progress report")

    /// What the report is about; each subject has its own clause and cadence.
    public enum Subject: String, Sendable, Hashable, Codable, CaseIterable {
        /// Rectification against the ledger (4.2).
        case rectification
        /// Work on the first-class targets (4.3).
        case target

        /// The clause whose parameters set the reporting period.
        public var clause: String {
            switch self {
            case .rectification: "4.2"
            case .target: "4.3"
            }
        }

        public var title: LocalizedText {
            switch self {
            case .rectification: LocalizedText(zh: "整改工作", en: "rectification")
            case .target: LocalizedText(zh: "创先争优目标", en: "targets")
            }
        }
    }

    /// The parameter of the subject's clause that maps a unit kind to its reporting period kind.
    public static let periodKey = "reportPeriodByUnitKind"

    public var subject: Subject
    /// The period reported on, labelled as the campaign calendar labels it: `2017-04`, `2017-Q2`.
    public var period: String
    public var submittedOn: LocalDate
    /// The ledger items the report covers.
    public var itemsCovered: [String]
    public var summary: String

    public init(subject: Subject, period: String, submittedOn: LocalDate, itemsCovered: [String] = [], summary: String) {
        self.subject = subject
        self.period = period
        self.submittedOn = submittedOn
        self.itemsCovered = itemsCovered
        self.summary = summary
    }

    public static var example: ProgressReport {
        ProgressReport(subject: .rectification, period: "2017-04", submittedOn: LocalDate(year: 2017, month: 5, day: 3)!,
                       itemsCovered: ["7d1f6c2a-0b3e-4f5a-8c9d-1e2f3a4b5c6d"],
                       summary: "4月共整改台账事项3项，已销号2项，1项按计划推进")
    }

    /// The example with its period labelled as `unit` reports: `2017-04` for a monthly reporter,
    /// `2017-Q2` for a quarterly one.
    public static func example(filedBy unit: CampaignUnit, in campaign: Campaign) -> ProgressReport {
        var report = example
        if let kind = campaign.clause(report.subject.clause)?.periodKind(periodKey, for: unit), let calendar = try? campaign.calendar() {
            report.period = calendar.period(kind, containing: LocalDate(year: 2017, month: 4, day: 15)!).label
        }
        return report
    }

    public func validate(_ check: inout RecordCheck) {
        check.nonEmpty(summary, at: "summary")
        for (index, item) in itemsCovered.enumerated() { check.nonEmpty(item, at: "itemsCovered[\(index)]") }
        guard let calendar = try? check.campaign.calendar() else { return }
        guard let reported = ReportingPeriod.parse(period, calendar: calendar) else {
            check.fail("period", "报告期“\(period)”格式不正确，应如 2017-04（月）或 2017-Q2（季度）",
                       "period '\(period)' is not a label such as 2017-04 (month) or 2017-Q2 (quarter)")
            return
        }
        if let clause = check.campaign.clause(subject.clause) {
            if let unit = check.unit, let kind = clause.periodKind(Self.periodKey, for: unit),
               kind != reported.kind {
                check.fail("period", "\(unit.name.zh)的\(subject.title.zh)汇报周期为\(kind.title.zh)，报告期“\(period)”不符",
                           "\(unit.name.en) reports on \(subject.title.en) by \(kind.rawValue); '\(period)' is not a \(kind.rawValue)")
            }
            if reported.end < clause.window.start || reported.start > clause.window.end {
                check.fail("period", "报告期 \(period) 不在条款 \(clause.id) 的时间安排 \(clause.window.start)…\(clause.window.end) 内",
                           "period \(period) is outside clause \(clause.id)'s window \(clause.window.start)…\(clause.window.end)")
            }
        }
        check.order(reported.start, before: submittedOn, at: "submittedOn")
        let lastDay = check.campaign.clauses.map(\.window.end).max().map { max($0, check.campaign.window.end) }
            ?? check.campaign.window.end
        if submittedOn > lastDay {
            check.fail("submittedOn", "日期 \(submittedOn) 晚于活动结束（含考核）\(lastDay)",
                       "date \(submittedOn) is after the campaign and its assessment end, \(lastDay)")
        }
    }
}

/// Reads a period label back into the calendar's period: the labels `CampaignCalendar` gives.
enum ReportingPeriod {
    /// The period `label` names (`2017-W14`, `2017-04`, `2017-Q2`, `2017`), or nil.
    static func parse(_ label: String, calendar: CampaignCalendar) -> Period? {
        let parts = label.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let yearText = parts.first, yearText.count == 4, let year = Int(yearText),
              let january = LocalDate(year: year, month: 1, day: 1) else { return nil }
        let candidate: Period?
        switch parts.count {
        case 1:
            candidate = calendar.period(.year, containing: january)
        case 2 where parts[1].hasPrefix("Q"):
            candidate = Int(parts[1].dropFirst()).flatMap { LocalDate(year: year, month: ($0 - 1) * 3 + 1, day: 1) }
                .map { calendar.period(.quarter, containing: $0) }
        case 2 where parts[1].hasPrefix("W"):
            // ISO week 1 contains 4 January; count whole weeks from its Monday.
            candidate = Int(parts[1].dropFirst()).flatMap { LocalDate(year: year, month: 1, day: 4)?.adding(days: ($0 - 1) * 7) }
                .map { calendar.period(.week, containing: $0) }
        case 2:
            candidate = parts[1].count == 2 ? Int(parts[1]).flatMap { LocalDate(year: year, month: $0, day: 1) }
                .map { calendar.period(.month, containing: $0) } : nil
        default:
            candidate = nil
        }
        return candidate?.label == label ? candidate : nil
    }
}

extension PeriodKind {
    var title: LocalizedText {
        switch self {
        case .week: LocalizedText(zh: "每周", en: "week")
        case .fortnight: LocalizedText(zh: "每两周", en: "fortnight")
        case .month: LocalizedText(zh: "每月", en: "month")
        case .quarter: LocalizedText(zh: "每季度", en: "quarter")
        case .year: LocalizedText(zh: "每年", en: "year")
        case .window: LocalizedText(zh: "整个时段", en: "the whole window")
        }
    }
}
