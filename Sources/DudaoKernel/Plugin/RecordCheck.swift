/// What a record body's validation sees and the issues it collects.
///
/// Hand it field paths as the JSON names them (`attendance`, `problems[2].title`).
public struct RecordCheck: Sendable {
    public let campaign: Campaign
    /// The unit the record belongs to, when known.
    public let unit: CampaignUnit?
    public private(set) var issues: [ValidationIssue] = []

    public init(campaign: Campaign, unit: CampaignUnit?) {
        self.campaign = campaign
        self.unit = unit
    }

    public mutating func fail(_ path: String, _ zh: String, _ en: String) {
        issues.append(ValidationIssue(path: path, reason: LocalizedText(zh: zh, en: en)))
    }

    /// Text must not be empty or blank.
    public mutating func nonEmpty(_ text: String, at path: String) {
        // A character is whitespace by its first scalar, so the text's first scalar settles almost
        // every text; only a blank start needs the walk over characters. (Every change a bundle
        // brings is checked so, some several times.)
        if let first = text.unicodeScalars.first, !first.properties.isWhitespace { return }
        if text.allSatisfy(\.isWhitespace) { fail(path, "不能为空", "must not be empty") }
    }

    /// Optional text, when present, must not be blank.
    public mutating func nonEmpty(_ text: String?, at path: String) {
        if let text { nonEmpty(text, at: path) }
    }

    /// Every entry of a list of text must not be blank; each issue names its index (`measures[2]`).
    public mutating func nonEmpty(_ texts: [String], at path: String) {
        for (index, text) in texts.enumerated() { nonEmpty(text, at: "\(path)[\(index)]") }
    }

    /// A web address must start with `http://` or `https://` and name a host.
    public mutating func webAddress(_ text: String, at path: String) {
        let lowered = text.lowercased()
        if !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) || lowered.count < 12 {
            fail(path, "“\(text)”不是网址（应以 http:// 或 https:// 开头）", "'\(text)' is not a web address (http:// or https://)")
        }
    }

    /// A count (attendance, participants) must be at least `minimum`.
    public mutating func number(_ value: Int, atLeast minimum: Int, at path: String) {
        if value < minimum { fail(path, "应不少于 \(minimum)，实际为 \(value)", "must be at least \(minimum), got \(value)") }
    }

    /// A list must hold at least `minimum` entries.
    public mutating func count<T>(_ list: [T], atLeast minimum: Int, at path: String) {
        if list.count < minimum { fail(path, "至少需要 \(minimum) 项", "needs at least \(minimum) entries") }
    }

    /// A number must lie in `range`.
    public mutating func number<N: Comparable>(_ value: N, in range: ClosedRange<N>, at path: String) {
        if !range.contains(value) {
            fail(path, "取值 \(value) 超出范围 \(range.lowerBound)…\(range.upperBound)",
                 "value \(value) is outside \(range.lowerBound)…\(range.upperBound)")
        }
    }

    /// A date must fall in the window of `clause` (from the campaign file) — or after it, up to the
    /// campaign's end, so that late work can still be recorded and counted as met late.
    public mutating func date(_ date: LocalDate, at path: String, inWindowOf clauseID: String) {
        guard let clause = campaign.clause(clauseID) else {
            fail(path, "活动文件中没有条款 \(clauseID)", "the campaign has no clause \(clauseID)")
            return
        }
        let last = max(clause.window.end, campaign.window.end)
        if date < clause.window.start || date > last {
            fail(path, "日期 \(date) 不在条款 \(clauseID) 的时间安排 \(clause.window.start)…\(clause.window.end)（逾期补录至 \(last)）内",
                 "date \(date) is outside clause \(clauseID)'s window \(clause.window.start)…\(clause.window.end) (late entries until \(last))")
        }
    }

    /// A date must fall in the campaign's window, or a clause-independent range.
    public mutating func dateInCampaign(_ date: LocalDate, at path: String) {
        let window = campaign.window
        if !window.contains(date) {
            fail(path, "日期 \(date) 不在活动期 \(window.start)…\(window.end) 内",
                 "date \(date) is outside the campaign window \(window.start)…\(window.end)")
        }
    }

    /// A later date must not come before an earlier one.
    public mutating func order(_ earlier: LocalDate, before later: LocalDate, at path: String) {
        if later < earlier { fail(path, "日期 \(later) 早于 \(earlier)", "date \(later) is before \(earlier)") }
    }

    /// The id must name a unit of the roster.
    public mutating func unit(_ id: String, at path: String) {
        if campaign.unit(id) == nil { fail(path, "未知单位“\(id)”", "unknown unit '\(id)'") }
    }

    /// The id must name a person of the roster, optionally with `role`.
    public mutating func person(_ id: String, at path: String, role: Person.Role? = nil) {
        guard let person = campaign.person(id) else {
            fail(path, "未知人员“\(id)”", "unknown person '\(id)'")
            return
        }
        if let role, !person.roles.contains(role) {
            fail(path, "“\(person.name)”不是\(role.title.zh)", "'\(id)' is not a \(role.title.en)")
        }
    }

    /// The value must be one of the ids of an option list in the clause's parameters.
    public mutating func option(_ id: String, at path: String, clause clauseID: String, list key: String) {
        let clause = campaign.clause(clauseID)
        if clause?.hasOption(key, id: id) != true {
            let options = clause?.optionIDs(key) ?? []
            fail(path, "“\(id)”不在可选项中：\(options.joined(separator: "、"))",
                 "'\(id)' is not one of: \(options.joined(separator: ", "))")
        }
    }
}

extension Person.Role {
    public var title: LocalizedText {
        switch self {
        case .bureauLeader: LocalizedText(zh: "局领导", en: "bureau leader")
        case .unitHead: LocalizedText(zh: "单位负责人", en: "unit head")
        case .operator: LocalizedText(zh: "操作员", en: "operator")
        }
    }
}
