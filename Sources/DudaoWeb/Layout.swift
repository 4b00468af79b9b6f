import DudaoKernel

/// One entry of a site's menu.
public struct NavigationItem: Sendable {
    public var id: String
    public var path: String
    public var title: LocalizedText

    public init(_ id: String, _ path: String, zh: String, en: String) {
        self.id = id
        self.path = path
        title = LocalizedText(zh: zh, en: en)
    }
}

/// What a page handler returns: a title, the menu entry it belongs to, and its body.
public struct Page: Sendable {
    public var title: String
    public var active: String
    public var body: HTML

    public init(title: String, active: String, body: HTML) {
        self.title = title
        self.active = active
        self.body = body
    }
}

/// What the frame shows of one request: who is signed in, the date, the query the language
/// switch keeps, a flash message.
public struct Chrome: Sendable {
    public var t: Tr
    /// The signed-in account's name and role, or nil (the menu is then hidden).
    public var account: (name: String, role: String)?
    /// The "as of" date box, when the page has one.
    public var asOf: LocalDate?
    /// The query (without `lang`) the language switch keeps, already encoded.
    public var query: String
    public var flash: Flash?

    public init(t: Tr, account: (name: String, role: String)? = nil, asOf: LocalDate? = nil, query: String = "", flash: Flash? = nil) {
        self.t = t
        self.account = account
        self.asOf = asOf
        self.query = query
        self.flash = flash
    }
}

/// A site's page frame: brand, menu, language switch, date, account, footer; the same for the
/// bureau's dashboard and a unit's workstation.
public struct Layout: Sendable {
    public var brand: LocalizedText
    public var subtitle: LocalizedText
    public var navigation: [NavigationItem]
    public var footer: LocalizedText

    public init(brand: LocalizedText, subtitle: LocalizedText, navigation: [NavigationItem], footer: LocalizedText) {
        self.brand = brand
        self.subtitle = subtitle
        self.navigation = navigation
        self.footer = footer
    }

    /// The whole document around `page`.
    public func render(_ page: Page, _ chrome: Chrome) -> HTML {
        let t = chrome.t
        let menu = navigation.map { item -> HTML in
            let on: HTML = item.id == page.active ? " class=\"on\" aria-current=\"page\"" : ""
            return "<a href=\"\(item.path)\"\(on)>\(t.text(item.title))</a>"
        }.joined()
        let other = t.language == .zh ? "en" : "zh"
        let switchLink = "?lang=\(other)" + (chrome.query.isEmpty ? "" : "&" + chrome.query)
        let account: HTML? = chrome.account.map { account in
            """
            <span class="who">\(account.name) · \(account.role)</span>\
            <a href="/logout">\(t("退出", "Sign out"))</a>
            """
        }
        let dateBox: HTML? = chrome.asOf.map { date in
            """
            <form method="get" class="inline asof"><label>\(t("截至", "As of")) <input type="date" name="at" value="\(date)"></label>\
            <button>\(t("查看", "Show"))</button></form>
            """
        }
        return """
            <!doctype html>
            <html lang="\(t.htmlLanguage)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(page.title) · \(t.text(brand))</title>
            <link rel="stylesheet" href="\(Assets.stylesheetPath)"></head>
            <body>
            <header><div class="brand">\(brand.zh) <small>\(t.text(subtitle))</small></div>
            <nav>\(chrome.account == nil ? .empty : menu)</nav>
            <div class="tools">\(dateBox)<a class="lang" href="\(switchLink)">\(t("English", "中文"))</a>\(account)</div></header>
            <main><h1>\(page.title)</h1>
            \(chrome.flash?.html)
            \(page.body)
            </main>
            <footer>\(t.text(footer))</footer>
            </body></html>
            """
    }
}
