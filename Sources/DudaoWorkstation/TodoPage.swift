import DudaoKernel
import DudaoWeb
import DudaoWorkspace
import Foundation
import Hummingbird

/// 待办, the home page: what the unit must do as of the page's date, nearest deadline first —
/// the ledger items waiting for the unit's feedback, then overdue, due this week, due later, done.
extension WorkstationServer {
    func addHomeRoutes(to router: Router<WorkstationRequestContext>) {
        router.get("/") { request, context in
            try await self.page(request, context) { try self.todoPage($0) }
        }
        addSessionRoutes(to: router)
    }

    func todoPage(_ c: WorkstationPageContext) throws -> Page {
        let t = c.t
        let todo = try workspace.todo(asOf: c.asOf)
        var body: HTML = """
            <p class="muted">\(t("\(t.text(unit.name))截至 \(c.asOf) 的待办事项，按期限由近及远排列。",
                                 "What \(t.text(unit.name)) must do as of \(c.asOf), nearest deadline first."))</p>
            \(revisionNotes(t, withinDays: 30))
            """
        if !todo.awaitingFeedback.isEmpty {
            body += "<h2>\(t("教育局督办、等待本单位反馈", "Supervised by the bureau, waiting for our feedback")) (\(todo.awaitingFeedback.count))</h2>"
            body += "<ul class=\"todo\">\(todo.awaitingFeedback.map { feedbackLine($0, c) }.joined())</ul>"
        }
        for group in TodoList.Group.allCases {
            let lines = todo.group(group)
            body += "<h2 class=\"todo-\(group.rawValue)\">\(t.text(group.title)) (\(lines.count))</h2>"
            if lines.isEmpty {
                body += "<p class=\"muted\">\(group == .overdue ? t("没有逾期事项。", "Nothing overdue.") : "—")</p>"
            } else {
                body += "<ul class=\"todo\">\(lines.map { obligationLine($0, c) }.joined())</ul>"
            }
        }
        return Page(title: t("待办", "To do"), active: "todo", body: body)
    }

    /// A ledger item the bureau supervises: its title, the bureau's comment, the deadline, the feedback button.
    func feedbackLine(_ item: LedgerItemState, _ c: WorkstationPageContext) -> HTML {
        let t = c.t
        let supervise = item.history.last { $0.applied && $0.action == .supervise }
        let by = supervise.map { entry in [personName(entry.person), entry.account.map { t("账号 \($0)", "account \($0)") }].compactMap { $0 }.joined(separator: " · ") } ?? ""
        let deadline: HTML = item.deadline.map { deadline in
            let overdue = item.isOverdue(asOf: c.asOf)
            return overdue ? Badge(.overdue, t, text: t("期限 \(deadline)（已逾期）", "deadline \(deadline) (overdue)")).html
                : "\(t("期限", "deadline")) <b>\(deadline)</b>\(t("（还剩 \(c.asOf.days(until: deadline)) 天）", " (\(c.asOf.days(until: deadline)) days left)"))"
        } ?? "\(t("未定期限", "no deadline"))"
        let comment: HTML? = supervise.map {
            "<div class=\"said\">\(t("教育局督办意见", "The bureau's comment"))（\($0.on)\(by.isEmpty ? "" : "，" + by)）：\($0.comment)</div>"
        }
        return """
            <li class="item due"><div class="what"><a href="\(Link("/ledger", item.id))"><b>\(item.item.title)</b></a> · \(deadline)</div>
            \(comment)
            <a class="button primary" href="\(Link("/ledger", item.id, query: ["at": c.asOf.description]))#feedback">\(t("填写反馈", "Give feedback"))</a></li>
            """
    }

    /// One obligation in plain words: the clause, the rule, the period, the deadline, what is missing, the button.
    func obligationLine(_ line: TodoList.Obligation, _ c: WorkstationPageContext) -> HTML {
        let t = c.t
        let cell = line.cell
        let period = periodPhrase(cell.period, asOf: c.asOf, t)
        var deadline: HTML = .empty
        if let day = cell.deadline {
            let left: String = switch line.group {
            case .overdue: t("已过期 \(day.days(until: c.asOf)) 天", "\(day.days(until: c.asOf)) days ago")
            case .thisWeek, .soon: day == c.asOf ? t("今天截止", "due today") : t("还剩 \(c.asOf.days(until: day)) 天", "\(c.asOf.days(until: day)) days left")
            case .done: t.text(cell.state.title)
            }
            let assumed: HTML? = line.assumption.map { "<span class=\"assumed\" title=\"\(t.text($0.reason))\">\(t.text($0.label))</span>" }
            deadline = " · \(t("截止", "deadline")) <b>\(day)</b>\(t("（\(left)）", " (\(left))"))\(assumed)"
        }
        var missing: HTML? = nil
        if let count = line.missing, count > 0, let type = line.recordTypes.first {
            missing = "<div class=\"missing\">\(missingPhrase(count, type: type, period: cell.period, asOf: c.asOf, t))</div>"
        } else if line.group != .done, let note = cell.note {
            missing = "<div class=\"missing\">\(t.text(note))</div>"
        }
        // A counting rule's own type is the form to fill; otherwise the clause's types.
        let types = line.minimum == nil ? Array(line.recordTypes.prefix(2)) : Array(line.recordTypes.prefix(1))
        let buttons = line.group == .done ? [] : types.map { type -> HTML in
            "<a class=\"button primary\" href=\"\(Link("/records/new", query: ["type": type, "date": line.suggestedDate.description]))\">\(t("填写", "Fill in")) \(typeTitle(type, t))</a>"
        }
        let done: HTML? = line.group == .done && !cell.recordIDs.isEmpty
            ? "<a href=\"\(Link("/records", query: ["clause": cell.clause]))\">\(t("查看 \(cell.recordIDs.count) 条记录", "see \(cell.recordIDs.count) records"))</a>" : nil
        let state = Badge(cell.state, t).html
        return """
            <li class="item \(line.group.rawValue)"><div class="what">\(state) <b>\(t.text(line.ruleTitle))</b> · \(period)\(deadline)</div>
            <div class="clause muted">\(t("条款", "Clause")) \(line.clause.id) \(t.text(line.clause.title))\
            <details><summary>\(t("原文", "The plan's words"))</summary><p>\(line.clause.text)</p></details></div>
            \(missing)\(buttons.joined(separator: " "))\(done)</li>
            """
    }

    /// "本周（2017-04-03 至 04-09）", "2017-05 月", "04-01 至 04-28".
    func periodPhrase(_ period: Period, asOf: LocalDate, _ t: Tr) -> String {
        let span = t("\(period.start) 至 \(period.end)", "\(period.start) to \(period.end)")
        let current = period.contains(asOf)
        switch period.kind {
        case .week:
            let number = period.label.split(separator: "W").last.map(String.init) ?? period.label
            return current ? t("本周（\(span)）", "this week (\(span))") : t("第 \(number) 周（\(span)）", "week \(number) (\(span))")
        case .month: return current ? t("本月（\(period.label)）", "this month (\(period.label))") : t("\(period.label) 月", "month \(period.label)")
        case .quarter: return current ? t("本季度（\(period.label)）", "this quarter (\(period.label))") : t("\(period.label) 季度", "quarter \(period.label)")
        case .fortnight, .year, .window: return span
        }
    }

    /// "本周还差 1 条“稿件报送”".
    func missingPhrase(_ count: Int, type: String, period: Period, asOf: LocalDate, _ t: Tr) -> String {
        let title = typeTitle(type, t)
        let current = period.contains(asOf)
        let zhWhen: String, enWhen: String
        switch period.kind {
        case .week: (zhWhen, enWhen) = current ? ("本周", "this week") : ("该周", "that week")
        case .month: (zhWhen, enWhen) = current ? ("本月", "this month") : ("该月", "that month")
        case .quarter: (zhWhen, enWhen) = current ? ("本季度", "this quarter") : ("该季度", "that quarter")
        case .fortnight, .year: (zhWhen, enWhen) = ("本期", "this period")
        case .window: (zhWhen, enWhen) = ("", "")
        }
        return t("\(zhWhen)还差 \(count) 条“\(title)”", "\(count) more “\(title)” needed" + (enWhen.isEmpty ? "" : " " + enWhen))
    }
}
