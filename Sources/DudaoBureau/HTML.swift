import DudaoKernel
import Foundation

/// Escapes text for HTML content and attribute values.
func esc(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}

/// Percent-encodes a query value.
func urlEncode(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? text
}

/// The language of a page, and its two-language strings.
struct Tr: Sendable {
    let language: Language

    func callAsFunction(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    func text(_ text: LocalizedText) -> String { text(language) }
}

/// One page of the dashboard: the frame (navigation, language switch, date) around a body.
struct Page {
    var title: String
    var active: String
    var body: String

    static let navigation: [(id: String, path: String, zh: String, en: String)] = [
        ("overview", "/", "总览", "Overview"), ("grid", "/grid", "完成情况", "Compliance"),
        ("ledger", "/ledger", "台账", "Ledger"), ("inspections", "/inspections", "督导检查", "Inspections"),
        ("leaders", "/leaders", "局领导", "Leaders"), ("evaluation", "/evaluation", "考核评价", "Evaluation"),
        ("sync", "/sync", "数据同步", "Sync"),
    ]

    func render(_ t: Tr, user: BureauUser?, asOf: LocalDate?, campaign: Campaign, query: String = "") -> String {
        let nav = Self.navigation.map { item in
            "<a href=\"\(item.path)\"\(item.id == active ? " class=\"on\"" : "")>\(t(item.zh, item.en))</a>"
        }.joined()
        let other = t.language == .zh ? "en" : "zh"
        let switchLink = "?lang=\(other)" + (query.isEmpty ? "" : "&" + query)
        let userBox = user.map { user in
            """
            <span class="who">\(esc(user.name)) · \(esc(t.text(user.role.title)))</span>
            <form method="post" action="/logout" class="inline"><button class="link">\(t("退出", "Sign out"))</button></form>
            """
        } ?? ""
        let dateBox = asOf.map { date in
            """
            <form method="get" class="inline asof"><label>\(t("截至", "As of")) <input type="date" name="at" value="\(date)"></label>\
            <button>\(t("查看", "Show"))</button></form>
            """
        } ?? ""
        return """
        <!doctype html>
        <html lang="\(t.language == .zh ? "zh-CN" : "en")"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(esc(title)) · \(t("督导", "Dudao"))</title>
        <style>\(Self.css)</style></head>
        <body>
        <header><div class="brand">督导 <small>\(esc(t.text(campaign.title)))</small></div>
        <nav>\(user == nil ? "" : nav)</nav>
        <div class="tools">\(dateBox)<a class="lang" href="\(esc(switchLink))">\(t("English", "中文"))</a>\(userBox)</div></header>
        <main><h1>\(esc(title))</h1>
        \(body)
        </main>
        <footer>\(campaign.roster.sample ? t("名单为示例数据。", "The roster is sample data.") : "") \(esc(campaign.source?.document ?? ""))</footer>
        </body></html>
        """
    }

    static let css = """
    *{box-sizing:border-box}body{margin:0;font:14px/1.5 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2933;background:#f5f6f8}
    header{display:flex;align-items:center;gap:18px;background:#8b1e1e;color:#fff;padding:8px 18px;flex-wrap:wrap}
    .brand{font-weight:700;font-size:18px}.brand small{font-weight:400;font-size:12px;opacity:.85;margin-left:8px}
    nav a{color:#fde8e8;text-decoration:none;margin-right:12px;padding:4px 6px;border-radius:3px}nav a.on,nav a:hover{background:#6d1414;color:#fff}
    .tools{margin-left:auto;display:flex;gap:10px;align-items:center}.tools a,.tools .who{color:#fde8e8}
    .inline{display:inline}.link{background:none;border:0;color:#fde8e8;cursor:pointer;text-decoration:underline}
    main{padding:14px 22px;max-width:1500px}h1{font-size:20px;margin:6px 0 14px}h2{font-size:16px;margin:22px 0 8px}
    table{border-collapse:collapse;background:#fff;margin:6px 0 14px;font-size:13px}th,td{border:1px solid #d9dde3;padding:4px 8px;text-align:left;vertical-align:top}
    th{background:#eef0f3;font-weight:600}td.num{text-align:right}
    .cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #d9dde3;border-radius:4px;padding:10px 16px;min-width:150px}
    .card b{display:block;font-size:24px}
    .s{display:inline-block;padding:1px 6px;border-radius:3px;font-size:12px;white-space:nowrap;text-decoration:none;color:#1f2933}
    .s-met{background:#cdebd3}.s-met-late{background:#fbe7b5}.s-due{background:#dde7f7}.s-overdue{background:#f5c2c0;color:#7a0e0e;font-weight:600}.s-not-applicable{background:#eceff1;color:#8a949e}
    .grid td{padding:2px 3px;text-align:center}.grid td:first-child{text-align:left;white-space:nowrap}
    .muted{color:#6b7680}.err{background:#fde2e1;border:1px solid #f0a9a6;padding:8px 12px}.ok{background:#dff3e4;border:1px solid #9bd3a8;padding:8px 12px}
    form.box{background:#fff;border:1px solid #d9dde3;padding:10px 14px;margin:8px 0;display:inline-block}
    form.box label{display:block;margin:4px 0}input,select,textarea{font:inherit;padding:3px 5px}
    button{font:inherit;padding:3px 10px;cursor:pointer}.filters{margin:4px 0 10px}.filters a{margin-right:10px}
    footer{color:#6b7680;font-size:12px;padding:10px 22px}.clause-text{max-width:900px;background:#fff;border-left:4px solid #8b1e1e;padding:8px 12px}
    @media print{header,nav,.tools,form,footer,.noprint{display:none!important}body{background:#fff}main{padding:0}table{font-size:11px}a{color:inherit;text-decoration:none}}
    """
}

/// A table from header cells and rows of already-escaped HTML.
func htmlTable(_ headers: [String], _ rows: [[String]], classes: String = "") -> String {
    let head = headers.map { "<th>\(esc($0))</th>" }.joined()
    let body = rows.map { "<tr>" + $0.map { "<td>\($0)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
    return "<table class=\"\(classes)\"><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>"
}

/// A coloured state badge, optionally a link.
func badge(_ state: CellState, _ t: Tr, text: String? = nil, link: String? = nil, title: String? = nil) -> String {
    let label = esc(text ?? t.text(state.title))
    let tip = title.map { " title=\"\(esc($0))\"" } ?? ""
    if let link { return "<a class=\"s s-\(state.rawValue)\" href=\"\(esc(link))\"\(tip)>\(label)</a>" }
    return "<span class=\"s s-\(state.rawValue)\"\(tip)>\(label)</span>"
}

/// The worst state of some cells: overdue, then due, late, met, not applicable.
func worst(_ states: [CellState]) -> CellState {
    for state in [CellState.overdue, .due, .metLate, .met] where states.contains(state) { return state }
    return .notApplicable
}
