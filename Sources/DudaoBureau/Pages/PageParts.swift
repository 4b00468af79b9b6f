import DudaoKernel
import DudaoWeb
import DudaoWorkspace
import Foundation

/// The dashboard's frame and the small parts its pages share.
extension BureauServer {
    static let navigation: [NavigationItem] = [
        NavigationItem("overview", "/", zh: "总览", en: "Overview"), NavigationItem("grid", "/grid", zh: "完成情况", en: "Compliance"),
        NavigationItem("ledger", "/ledger", zh: "台账", en: "Ledger"), NavigationItem("inspections", "/inspections", zh: "督导检查", en: "Inspections"),
        NavigationItem("leaders", "/leaders", zh: "局领导", en: "Leaders"), NavigationItem("evaluation", "/evaluation", zh: "考核评价", en: "Evaluation"),
        NavigationItem("sync", "/sync", zh: "数据同步", en: "Sync"),
    ]

    /// The page frame: the campaign's title beside the mark, the menu, the roster's and the plan's provenance below.
    var layout: Layout {
        let campaign = model.campaign
        let document = campaign.source?.document ?? ""
        let about = DudaoVersion.current.about
        let footer = LocalizedText(zh: (campaign.roster.sample ? "名单为示例数据。 " : " ") + document + " · " + about.zh,
                                   en: (campaign.roster.sample ? "The roster is sample data. " : " ") + document + " · " + about.en)
        return Layout(brand: LocalizedText(zh: "督导", en: "Dudao"), subtitle: campaign.title, navigation: Self.navigation, footer: footer)
    }

    /// The frame for an account: the office's menu also has its accounts page.
    func layout(for user: BureauUser?) -> Layout {
        var layout = self.layout
        if user?.role == .office { layout.navigation.append(NavigationItem("users", "/users", zh: "账号", en: "Accounts")) }
        return layout
    }

    /// A form that failed, to show again with its errors: which one (`Which` names it: a string such as
    /// `plan` or `NAME:password`, or a ledger action), what was posted, what was wrong.
    struct FailedForm<Which: Sendable & Equatable>: Sendable {
        var form: Which
        var values: [String: String]
        var errors: FormErrors
    }

    func unitName(_ id: String, _ t: Tr) -> String { model.campaign.unit(id).map { t.text($0.name) } ?? id }

    func unitLink(_ id: String, _ t: Tr, asOf: LocalDate) -> HTML {
        "<a class=\"unit\" href=\"\(Link("/units", id, query: ["at": asOf.description]))\">\(unitName(id, t))</a>"
    }

    /// A ledger item's page; its id may hold any character (`#` in items raised by records).
    func ledgerLink(_ id: String, asOf: LocalDate? = nil) -> Link {
        Link("/ledger", id, query: ["at": asOf?.description])
    }

    func recordLink(_ id: String) -> Link { Link("/records", id) }

    func cellLink(unit: String, clause: String, asOf: LocalDate) -> Link {
        Link("/grid/cell", query: ["unit": unit, "clause": clause, "at": asOf.description])
    }

    /// A ledger item's state, with the overdue badge when it is.
    func ledgerState(_ item: LedgerItemState, _ t: Tr, asOf: LocalDate) -> HTML {
        "\(t.text(item.state.title))\(item.isOverdue(asOf: asOf) ? " " + Badge(.overdue, t).html : .empty)"
    }
}
