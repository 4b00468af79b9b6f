import DudaoKernel
import DudaoWeb
import Foundation
import HTTPTypes
import Hummingbird

/// Who must act next on an open ledger item: the unit (to feed back), or the bureau — the
/// leader who supervised it, otherwise the campaign office.
enum NextActor: String, Sendable, CaseIterable {
    case unit, office, leader

    var title: LocalizedText {
        switch self {
        case .unit: LocalizedText(zh: "被督导单位", en: "the unit")
        case .office: LocalizedText(zh: "局活动办", en: "campaign office")
        case .leader: LocalizedText(zh: "局领导", en: "bureau leader")
        }
    }

    /// Nil for a closed or archived item.
    init?(_ item: LedgerItemState) {
        switch item.state {
        case .closed, .archived: return nil
        case .supervising: self = .unit
        case .registered, .feedback:
            let bureauStep = item.history.last { $0.applied && ($0.role == .office || $0.role == .leader) }
            self = bureauStep?.role == .leader ? .leader : .office
        }
    }
}

/// Names instead of roster ids, and the dates a web action may carry.
extension BureauServer {
    /// A roster person's name; text that is not a roster id (a name typed in) as it is.
    func personName(_ id: String?) -> String? {
        guard let id, !id.isEmpty else { return nil }
        return model.campaign.person(id)?.name ?? id
    }

    /// Who took a ledger step, by name: the person, the unit, and the web account that acted.
    func actorName(_ entry: LedgerItemState.Entry, unit: String, _ t: Tr) -> String {
        var parts: [String] = []
        if let person = personName(entry.person) { parts.append(person) }
        if entry.role == .unit, entry.person == nil { parts.append(unitName(unit, t)) }
        if let account = entry.account { parts.append(t("账号 \(account)", "account \(account)")) }
        return parts.isEmpty ? t.text(entry.role.title) : parts.joined(separator: " · ")
    }

    /// Who must act next, as a label; a dash for a finished item.
    func nextActorLabel(_ item: LedgerItemState, _ t: Tr) -> HTML {
        guard let next = NextActor(item) else { return "—" }
        return "<span class=\"next next-\(next.rawValue)\">\(t.text(next.title))</span>"
    }

    /// The latest date a web action may carry: today, or the campaign's last day once it is over.
    var latestActionDate: LocalDate { model.defaultDate }

    /// The date of a web action, checked: a date of the campaign, not after today, not before `notBefore`.
    func actionDate(_ text: String?, notBefore: LocalDate?, _ t: Tr, errors: inout FormErrors, field: String = "on",
                    latest: LocalDate? = nil) -> LocalDate? {
        guard let text, let date = LocalDate(text.trimmingCharacters(in: .whitespaces)) else {
            errors.add(field, t("请填写日期（YYYY-MM-DD）", "give a date (YYYY-MM-DD)"))
            return nil
        }
        let window = model.campaign.window
        let last = latest ?? latestActionDate
        if date < window.start || date > last {
            errors.add(field, t("日期须在 \(window.start) 至 \(last) 之间", "the date must fall between \(window.start) and \(last)"))
            return nil
        }
        if let notBefore, date < notBefore {
            errors.add(field, t("日期不能早于上一步的日期 \(notBefore)", "the date cannot be before the previous step's date, \(notBefore)"))
            return nil
        }
        return date
    }

    /// A page rendered outside `page(_:)`: a form shown again with its errors (422) or a refusal.
    func pageResponse(_ c: PageContext, _ page: Page, status: HTTPResponse.Status) -> Response {
        Responses.html(layout(for: c.user).render(page, chrome(c, query: "", flash: false)).markup, status: status)
    }

    /// Options for choosing a roster person by name: the unit's people first, then the bureau's leaders.
    func peopleOptions(_ t: Tr) -> [(value: String, label: String)] {
        let campaign = model.campaign
        let people = campaign.people.sorted { ($0.unit ?? "~", $0.name) < ($1.unit ?? "~", $1.name) }
        return [(value: "", label: t("— 请选择 —", "— choose —"))] + people.map { person in
            let place = person.unit.map { unitName($0, t) } ?? t("局领导", "bureau leader")
            return (value: person.id, label: "\(person.name)（\(place)）")
        }
    }
}
