import DudaoKernel
import DudaoWeb
import Foundation
import Hummingbird
import Testing

/// The HTML layer escapes every value it is given, wherever it lands: text, attributes, tables, forms.
@Suite struct HTMLTests {
    static let hostile = [#"<script>alert(1)</script>"#, #""><img src=x onerror=alert(1)>"#, "' onmouseover='x", "a & b"]

    @Test(arguments: hostile) func interpolatedTextIsEscaped(_ text: String) {
        let html: HTML = "<p title=\"\(text)\">\(text)</p>"
        #expect(!html.markup.contains("<script"))
        #expect(!html.markup.contains("<img"))
        #expect(!html.markup.dropFirst(3).dropLast(4).contains("\"><"))
        // The tag's own quotes are the only quotes left.
        #expect(html.markup.filter { $0 == "\"" }.count == 2)
        #expect(html.markup.filter { $0 == "'" }.count == 0)
        #expect(HTML(text: text).markup.unescaped == text)
    }

    @Test func markupFromLiteralsAndHTMLValuesStaysMarkup() {
        let bold: HTML = "<b>\("x<y")</b>"
        let line: HTML = "<p>\(bold) \(42) \(LocalDate("2017-05-01")!)</p>"
        #expect(line.markup == "<p><b>x&lt;y</b> 42 2017-05-01</p>")
        #expect([bold, bold].joined(separator: "<br>").markup == "<b>x&lt;y</b><br><b>x&lt;y</b>")
        #expect(HTML(unsafeRaw: "<i>raw</i>").markup == "<i>raw</i>")
        #expect(HTML(text: "名字").markup == "名字")
    }

    struct Row: Sendable {
        var name: String
        var count: Int
    }

    @Test func tableCellsAreTypedAndEscaped() {
        let table = Table<Row>([
            .init("名称") { "\($0.name)" },
            .init("<数>", class: "num") { "\($0.count)" },
        ], rows: [Row(name: Self.hostile[0], count: 3)], scrolls: true)
        let markup = table.html.markup
        #expect(markup.hasPrefix("<div class=\"scroll\"><table"))
        #expect(markup.contains("<th>&lt;数&gt;</th>"))
        #expect(markup.contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td><td class=\"num\">3</td>"))
        #expect(!markup.contains("<script"))
        let text = Table.text(["a"], [[Self.hostile[1]], []]).html.markup
        #expect(!text.contains("<img") && text.contains("<td></td>"))
    }

    @Test func aPostFormCarriesItsTokenAndEscapesItsFields() {
        let form = Form.post(Link("/ledger", "a#p1", "action"), csrf: "tok\"en", """
            \(Field.hidden("comment", Self.hostile[1]))
            \(Field.select("单位", name: "unit", options: [("u<1", Self.hostile[0])], selected: "u<1"))
            """).html.markup
        #expect(form.hasPrefix("<form method=\"post\" action=\"/ledger/a%23p1/action\" class=\"box\"><input type=\"hidden\" name=\"csrf\" value=\"tok&quot;en\">"))
        #expect(!form.contains("<img") && !form.contains("<script"))
        #expect(form.contains("<option value=\"u&lt;1\" selected>"))
        #expect(!Form.get(.none, "x").html.markup.contains("csrf"))
    }

    @Test(arguments: ["sim-office-basic-education-1-ffe0c7c0#p1", "a/b?c=d&e", "名字 100%", "plain-id"])
    func linksRoundTripEveryId(_ id: String) {
        let link = Link("/ledger", id, query: ["at": "2017-05-01", "unit": id, "none": nil])
        let path = link.description
        #expect(!path.dropFirst().contains("#") && path.hasPrefix("/ledger/"))
        let components = URLComponents(string: "http://h" + path)!
        #expect(components.percentEncodedPath.split(separator: "/").last.map { String($0).removingPercentEncoding } == id)
        #expect(components.queryItems?.first { $0.name == "unit" }?.value == id)
        #expect(components.queryItems?.contains { $0.name == "none" } == false)
    }

    @Test func aFlashMessageSurvivesItsCookie() throws {
        let flash = Flash(.ok, "已督办：<b>; x=1")
        let value = try #require(flash.setCookie.split(separator: ";").first?.split(separator: "=", maxSplits: 1).last)
        #expect(Flash(cookie: String(value)) == flash)
        #expect(Flash(cookie: "nonsense") == nil)
        #expect(flash.html.markup.contains("已督办：&lt;b&gt;; x=1"))
    }

    @Test func theFrameEscapesWhatItShowsAndLinksTheStylesheet() {
        let layout = Layout(brand: LocalizedText(zh: "督导", en: "Dudao"), subtitle: LocalizedText(zh: Self.hostile[0], en: "x"),
                            navigation: [NavigationItem("a", "/a", zh: "甲", en: "A")], footer: LocalizedText(zh: Self.hostile[1], en: ""))
        let page = layout.render(Page(title: Self.hostile[0], active: "a", body: "<p>ok</p>"),
                                 Chrome(t: Tr(language: .zh), account: (Self.hostile[1], "局活动办"), asOf: LocalDate("2017-05-01")))
        #expect(!page.markup.contains("<script") && !page.markup.contains("<img"))
        #expect(page.markup.contains("<html lang=\"zh-CN\""))
        #expect(page.markup.contains("<a href=\"/a\" class=\"on\" aria-current=\"page\">甲</a>"))
        #expect(page.markup.contains(Assets.stylesheetPath))
        #expect(Assets.stylesheet.contains("word-break:keep-all") && Assets.stylesheet.contains("position:sticky"))
    }

    @Test func errorPagesSayWhatHappenedInTheReadersLanguage() {
        for (code, zh) in [(403, "没有权限"), (404, "没有找到"), (413, "提交的内容太大"), (500, "服务器出错")] {
            let page = ErrorPage(status: .init(code: code), message: nil).page(Tr(language: .zh))
            #expect(page.title == zh)
            #expect(page.body.markup.contains("<b>\(code)</b>"))
        }
        let english = ErrorPage(status: .notFound, message: Self.hostile[0]).page(Tr(language: .en))
        #expect(english.title == "Not found" && !english.body.markup.contains("<script"))
    }
}

extension String {
    /// The text an escaped string shows.
    var unescaped: String {
        replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
