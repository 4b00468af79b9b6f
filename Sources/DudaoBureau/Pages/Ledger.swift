import DudaoWorkspace
import DudaoKernel
import DudaoStore
import Foundation
import DudaoWeb
import Hummingbird

/// The ledger as of the page's date: the list (open items by default, who acts next) and an item's page.
/// The list, the item page, `/api/v1/ledger` and `ledger.csv` all read the same snapshot, so they
/// agree on every item's state at a date.
extension BureauServer {
    /// The state filter's choices beyond each state: the open items (the default) and all.
    static let openFilter = "open", allFilter = "all"

    /// The items of a snapshot the list shows for a query: open items unless the query asks otherwise.
    func ledgerItems(_ snapshot: BureauSnapshot, _ c: PageContext) -> [LedgerItemState] {
        let campaign = model.campaign
        let stateFilter = c.query["state"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.openFilter
        let state = LedgerState(rawValue: stateFilter)
        let source = c.query["source"].flatMap(LedgerSource.init(rawValue:))
        let next = c.query["next"].flatMap(NextActor.init(rawValue:))
        let unit = c.query["unit"].flatMap { $0.isEmpty ? nil : $0 }
        let overdue = c.query["overdue"] == "1"
        let age = c.query["age"].flatMap(Int.init)
        let asOf = c.asOf
        return snapshot.ledger.filter { item in
            guard c.user?.covers(item.unit, in: campaign) ?? false else { return false }
            switch stateFilter {
            case Self.openFilter: guard item.state.isOpen else { return false }
            case Self.allFilter: break
            default: guard item.state == state else { return false }
            }
            return (source == nil || item.item.source == source) && (unit == nil || item.unit == unit)
                && (next == nil || NextActor(item) == next)
                && (!overdue || item.isOverdue(asOf: asOf)) && (age == nil || (item.state.isOpen && item.age(asOf: asOf) >= age!))
        }.sorted { ($0.isOverdue(asOf: asOf) ? 0 : 1, $0.deadline ?? asOf, $0.id) < ($1.isOverdue(asOf: asOf) ? 0 : 1, $1.deadline ?? asOf, $1.id) }
    }

    func ledgerPage(_ c: PageContext) async throws -> Page {
        let t = c.t
        let snapshot = try await model.snapshot(asOf: c.asOf)
        let campaign = model.campaign
        let asOf = c.asOf
        let items = ledgerItems(snapshot, c)
        let all = [(value: "", label: t("全部", "all"))]
        let states = [(value: Self.openFilter, label: t("未办结（默认）", "open (default)")), (value: Self.allFilter, label: t("全部", "all"))]
            + LedgerState.allCases.map { ($0.rawValue, t.text($0.title)) }
        let units = campaign.units.filter { c.user?.covers($0.id, in: campaign) ?? false }
        let filters = Form.get(.none, """
            \(Field.hidden("at", asOf.description))
            \(Field.select(t("状态", "State"), name: "state", options: states, selected: c.query["state"] ?? Self.openFilter))
            \(Field.select(t("待谁办理", "Who acts next"), name: "next", options: all + NextActor.allCases.map { ($0.rawValue, t.text($0.title)) },
                           selected: c.query["next"] ?? ""))
            \(Field.select(t("单位", "Unit"), name: "unit", options: all + units.map { ($0.id, t.text($0.name)) }, selected: c.query["unit"] ?? ""))
            \(Field.select(t("来源", "Source"), name: "source", options: all + LedgerSource.allCases.map { ($0.rawValue, t.text($0.title)) },
                           selected: c.query["source"] ?? ""))
            \(Field.select(t("在办时长", "Age"), name: "age", options: ["", "30", "60", "90"].map { ($0, $0.isEmpty ? t("不限", "any") : t("≥\($0)天", "≥\($0) days")) },
                           selected: c.query["age"] ?? ""))
            \(Field.checkbox(t("只看逾期", "overdue only"), name: "overdue", checked: c.query["overdue"] == "1", inline: true))
            \(Field.submit(t("筛选", "Filter"))) <a href="\(Link("/export/ledger.csv", query: ["at": asOf.description, "lang": t.language.rawValue]))">CSV</a>
            """)
        let table = Table<LedgerItemState>([
            .init(t("事项", "Item"), class: "title") { "<a href=\"\(self.ledgerLink($0.id, asOf: asOf))\">\($0.item.title)</a>" },
            .init(t("单位", "Unit")) { self.unitLink($0.unit, t, asOf: asOf) },
            .init(t("来源", "Source")) { "\(t.text($0.item.source.title))" },
            .init(t("状态", "State"), class: "nowrap") { self.ledgerState($0, t, asOf: asOf) },
            .init(t("待谁办理", "Who acts next")) { self.nextActorLabel($0, t) },
            .init(t("期限", "Deadline"), class: "date") { "\($0.deadline?.description ?? "—")" },
            .init(t("天数", "Age"), class: "num") { "\($0.age(asOf: asOf))" },
            .init(t("责任人", "Responsible")) { "\(self.personName($0.item.responsiblePerson) ?? "—")" },
        ], rows: Array(items.prefix(500)), scrolls: true)
        let register: HTML? = c.user.map { $0.role == .viewer } == false
            ? "<p><a class=\"button\" href=\"\(Link("/ledger/new", query: ["at": asOf.description]))\">\(t("立项（登记新事项）", "Register an item"))</a></p>" : nil
        return Page(title: t("台账（立项 → 督办 → 反馈 → 销号 → 归档）", "Ledger (register → supervise → feedback → close → archive)"), active: "ledger", body: """
            \(register)
            \(filters.html)<p class="muted">\(items.count) \(t("项", "items"))</p>
            \(table.html)
            """)
    }

    /// The four 不放过 of R1 as what the one who closes confirms.
    static let closeCheckLabels: [(CloseChecks.Check, LocalizedText)] = [
        (.awarenessRaised, LocalizedText(zh: "思想认识已经提高", en: "awareness has been raised")),
        (.problemsFocused, LocalizedText(zh: "查摆问题已经聚焦", en: "the problems are focused")),
        (.measuresInPlace, LocalizedText(zh: "整改措施已经到位", en: "the measures are in place")),
        (.publicSatisfied, LocalizedText(zh: "群众满意（依据写在意见中）", en: "the public is satisfied (say how you know in the comment)")),
    ]

    /// One line of an item's history, in words.
    struct HistoryRow: Sendable {
        var on: LocalDate
        var action, role, by, state, comment: String
    }

    func ledgerItemPage(_ c: PageContext, id: String, failed: FailedForm<LedgerAction>? = nil) async throws -> Page {
        let t = c.t
        guard let item = try await model.snapshot(asOf: c.asOf).ledger.first(where: { $0.id == id }),
              c.user?.covers(item.unit, in: model.campaign) == true else {
            throw HTTPError(.notFound, message: t("\(c.asOf) 时没有这个台账事项", "no such ledger item as of \(c.asOf)"))
        }
        let unit = item.unit
        // The registration first, then every step, each naming who took it.
        let registeredBy = item.item.account.map { t("账号 \($0)", "account \($0)") } ?? unitName(unit, t)
        let rows = [HistoryRow(on: item.item.registeredOn, action: t("立项", "register"), role: "—", by: registeredBy,
                               state: t.text(LedgerState.registered.title), comment: item.item.detail ?? "")]
            + item.history.map { entry in
                HistoryRow(on: entry.on, action: t.text(entry.action.title) + (entry.applied ? "" : t("（未生效）", " (not applied)")),
                           role: t.text(entry.role.title), by: actorName(entry, unit: unit, t),
                           state: "\(t.text(entry.from.title)) → \(t.text(entry.to.title))", comment: entry.comment)
            }
        let history = Table<HistoryRow>([
            .init(t("日期", "Date"), class: "date") { "\($0.on)" },
            .init(t("操作", "Action")) { "\($0.action)" },
            .init(t("角色", "Role")) { "\($0.role)" },
            .init(t("办理人", "By")) { "\($0.by)" },
            .init(t("状态", "State"), class: "nowrap") { "\($0.state)" },
            .init(t("意见", "Comment")) { "\($0.comment)" },
        ], rows: rows, scrolls: true)
        let sourceRecord: HTML = item.item.sourceRecord.map { id in
            let label = (try? model.workspace.store.record(id: id)).flatMap { $0 }
                .map { RecordView(campaign: model.campaign, registry: model.workspace.registry).headline($0, t) } ?? recordLabel(id)
            return "<a href=\"\(recordLink(id))\">\(label)</a>"
        } ?? "—"
        let fields = FieldTable((t("字段", "Field"), t("内容", "Value")), [
            (t("单位", "Unit"), unitLink(item.unit, t, asOf: c.asOf)), (t("来源", "Source"), "\(t.text(item.item.source.title))"),
            (t("状态", "State"), ledgerState(item, t, asOf: c.asOf)), (t("待谁办理", "Who acts next"), nextActorLabel(item, t)),
            (t("期限", "Deadline"), "\(item.deadline?.description ?? "—")"), (t("措施", "Measures"), "\(item.item.measures.joined(separator: "；"))"),
            (t("责任人", "Responsible"), "\(personName(item.item.responsiblePerson) ?? "—")"), (t("责任部门", "Department"), "\(item.item.department ?? "—")"),
            (t("立项日期", "Registered"), "\(item.item.registeredOn)"), (t("来源记录", "Source record"), sourceRecord),
        ])
        let act = try actionForms(c, item: item, failed: failed)
        return Page(title: item.item.title, active: "ledger", body: """
            \(fields.html)
            <h2>\(t("办理经过", "History"))</h2>
            \(history.html)
            \(act)
            """)
    }

    /// The forms of the actions the account may take on the item's latest state, each with a date
    /// (the page's date by default) and a comment.
    func actionForms(_ c: PageContext, item shown: LedgerItemState, failed: FailedForm<LedgerAction>?) throws -> HTML? {
        let t = c.t
        guard let user = c.user, user.role != .viewer, let csrf = c.csrf,
              let item = try model.workspace.ledger().first(where: { $0.id == shown.id }) else { return nil }
        let allowed = LedgerAction.allCases.filter { action in
            if case .success = LedgerPolicy.apply(action, by: user.ledgerRole, from: item.state) { return true }
            return false
        }
        guard !allowed.isEmpty else { return nil }
        let notBefore = item.history.last?.on ?? item.item.registeredOn
        let forms = allowed.map { action -> HTML in
            let mine = failed?.form == action ? failed : nil
            let values = mine?.values ?? [:]
            let errors = mine?.errors ?? FormErrors()
            let date = values["on"] ?? max(min(c.asOf, latestActionDate), notBefore).description
            let deadline: HTML? = action == .supervise || action == .reopen
                ? Field.checked(Field.date(t("新期限", "New deadline"), name: "deadline", value: values["deadline"] ?? "", min: notBefore.description,
                                           max: nil, required: false), errors["deadline"]) : nil
            // R1's four 不放过, each ticked by the one who closes.
            let checks: HTML? = action != .close ? nil : Field.checked("""
                <span class="group">\(t("四个不放过（全部满足才能销号）", "The four no-let-gos (all must be met to close)"))</span>
                \(Self.closeCheckLabels.map { check, label in
                    Field.checkbox(t(label.zh, label.en), name: "check-\(check.rawValue)", checked: values["check-\(check.rawValue)"] != nil)
                }.joined())
                """, errors["checks"])
            return Form.post(Link("/ledger", item.id, "action"), csrf: csrf, """
                <h3>\(t.text(action.title))</h3>
                \(Field.hidden("action", action.rawValue))
                \(Field.checked(Field.date(t("日期", "Date"), name: "on", value: date, min: notBefore.description, max: latestActionDate.description), errors["on"]))
                \(Field.checked(Field.text(t("意见", "Comment"), name: "comment", value: values["comment"] ?? "", required: true, size: 40), errors["comment"]))
                \(deadline)
                \(checks)
                \(Field.error(errors["form"]))
                \(Field.submit(t.text(action.title)))
                """).html
        }
        let note: HTML? = item.state == shown.state ? nil
            : "<p class=\"muted\">\(t("该事项的最新状态为“\(t.text(item.state.title))”，以下按最新状态办理。", "The item's latest state is \(t.text(item.state.title)); the forms below act on it."))</p>"
        return "<h2>\(t("办理", "Act"))</h2>\(note)<div class=\"actions\">\(forms.joined(separator: " "))</div>"
    }
}
