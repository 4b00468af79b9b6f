import DudaoBureau
import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoTestSupport
import Foundation
import Testing

/// Hostile text stored through the real paths (the campaign file, a unit's bundle, the bureau's own forms).
enum Hostile {
    static let script = "<script>alert(1)</script>"
    static let image = "\"><img src=x onerror=alert(1)>"
    static let hostile = "食堂\(script)\(image)"
    static let escapedScript = "&lt;script&gt;alert(1)&lt;/script&gt;"
    static let escapedImage = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"

    /// The shipped campaign with a school and a leader renamed to hostile text.
    static func hostileCampaign() throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))) as? [String: Any])
        var roster = try #require(object["roster"] as? [String: Any])
        var units = try #require(roster["units"] as? [[String: Any]])
        let school = try #require(units.firstIndex { $0["id"] as? String == "school-no1-high" })
        units[school]["name"] = ["zh": "一中" + script, "en": "No. 1 High" + image]
        var people = try #require(roster["people"] as? [[String: Any]])
        let leader = try #require(people.firstIndex { ($0["roles"] as? [String])?.contains("bureau-leader") == true })
        people[leader]["name"] = "领导" + script + image
        roster["units"] = units
        roster["people"] = people
        object["roster"] = roster
        let path = Fixtures.temporaryDirectory("hostile").appendingPathComponent("campaign.json")
        try JSONSerialization.data(withJSONObject: object).write(to: path)
        return path.path
    }
}

/// What the pages show of stored text is text: hostile names, titles and comments come out escaped
/// on every page; every ledger item a list links to opens, whatever its id holds; errors are pages.
/// (Part of the serialized server suite: its units sync over HTTP one test at a time.)
extension BureauServerTests {
    @Test func hostileTextIsEscapedOnEveryPageThatShowsIt() async throws {
        let harness = try await BureauHarness.start(campaign: try Hostile.hostileCampaign())
        // A unit registers an item with a hostile title and measure, and sends it in its bundle.
        let unit = try harness.enrolUnit("school-no1-high")
        let added = try harness.cli.run(["ledger", "add", "--store", unit, "--title", Hostile.hostile, "--measure", Hostile.image,
                                         "--deadline", "2017-05-31", "--on", "2017-04-20"])
        #expect(added.status == 0, "\(added.stderr)")
        let sync = try harness.cli.run(["sync", "--store", unit, "--timeout", "120", "--bureau", harness.base.absoluteString])
        #expect(sync.status == 0, "\(sync.stderr)")
        let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cookie = try await harness.login("office", "office-password")
        // The office comments with hostile text, and plans an inspection with a hostile team whose finding opens an item.
        let csrf = try #require(BureauHarness.csrf(in: try await harness.get("/inspections", cookie: cookie).body))
        let acted = try await harness.post("/ledger/\(id)/action", form: ["csrf": csrf, "action": "supervise", "comment": Hostile.hostile], cookie: cookie)
        #expect(acted.status == 303)
        // The redirect leaves a flash message for the next page: shown once, escaped.
        let flash = try #require(acted.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
        #expect(flash.hasPrefix("dudao_flash="))
        let next = try await harness.get("/ledger/\(id)", cookie: "\(cookie); \(flash)")
        #expect(next.body.contains("class=\"flash ok\"") && next.body.contains(Hostile.escapedScript) && !next.body.contains(Hostile.script))
        #expect(next.headers["set-cookie"]?.contains("dudao_flash=; Path=/; Max-Age=0") == true)
        let hostileLeader = try #require(harness.workspace.campaign.leaders.first { $0.name.contains(Hostile.script) })
        let planned = try await harness.post("/inspections", form: ["csrf": csrf, "unit": "school-no1-high", "plannedOn": "2017-05-10",
                                                                    "announced": "1", "team-\(hostileLeader.id)": "1"], cookie: cookie)
        #expect(planned.status == 303)
        let inspection = try #require(try harness.workspace.store.records(unit: "school-no1-high", type: Inspection.recordType).first)
        let held = try await harness.post("/inspections/\(inspection.id)/result", form: [
            "csrf": csrf, "heldOn": "2017-05-20", "findings": "\(Hostile.hostile) | 2017-06-20",
        ], cookie: cookie)
        #expect(held.status == 303)

        let paths = ["/", "/grid", "/grid?kind=school", "/grid/cell?unit=school-no1-high&clause=2.4", "/units/school-no1-high",
                     "/ledger", "/ledger/\(id)", "/records/\(id)", "/inspections", "/leaders", "/evaluation", "/sync",
                     "/ledger/\(Hostile.script)", "/units/\(Hostile.image)"]
        var shown: [String: Set<String>] = [:]
        for language in ["zh", "en"] {
            for path in paths {
                let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "\"<>")))!
                let separator = path.contains("?") ? "&" : "?"
                let reply = try await harness.get("\(encoded)\(separator)lang=\(language)&at=2017-06-30", cookie: cookie)
                #expect(reply.status == 200 || path.hasSuffix(Hostile.script) || path.hasSuffix(Hostile.image), "\(path): \(reply.status)")
                #expect(!reply.body.contains(Hostile.script) && !reply.body.contains("<img"), "\(path) in \(language) shows markup")
                if reply.body.contains(Hostile.escapedScript) { shown[language, default: []].insert(path) }
                if reply.body.contains(Hostile.escapedImage) { shown[language, default: []].insert(path + "#image") }
            }
        }
        // Each hostile text is shown (escaped) where it belongs: the unit's name, the item, the comment, the team, the leader.
        for path in ["/grid", "/units/school-no1-high", "/ledger", "/ledger/\(id)", "/records/\(id)", "/inspections", "/leaders", "/sync"] {
            #expect(shown["zh"]?.contains(path) == true, "\(path) does not show the escaped text in zh")
        }
        for path in ["/grid", "/ledger/\(id)", "/inspections", "/leaders"] {
            #expect(shown["en"]?.contains(path + "#image") == true, "\(path) does not show the escaped text in en")
        }
        let item = try await harness.get("/ledger/\(id)?at=2017-06-30", cookie: cookie)
        #expect(item.body.contains("<h1>\(Hostile.hostile.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;"))</h1>"))
        await harness.stop()
    }

    @Test func everyLedgerItemOfTheDemoOpensFromTheListsLinks() async throws {
        let harness = try await BureauHarness.start(demo: true)
        let cookie = try await harness.login("office", "office-password")
        let list = try await harness.get("/ledger?at=2017-12-31&lang=en&state=all", cookie: cookie)
        #expect(list.status == 200)
        let items = BureauHarness.links(in: list.body).filter { $0.hasPrefix("/ledger/") && !$0.hasPrefix("/ledger/new") }
        let expected = try harness.workspace.ledger(asOf: LocalDate("2017-12-31")).count
        #expect(items.count == min(expected, 500) && items.count > 20)
        // Items raised by records carry the record's id and a `#`: these were the ones that did not open.
        #expect(items.contains { $0.contains("%23") })
        var records = Set<String>()
        for link in items {
            let page = try await harness.get(link, cookie: cookie)
            #expect(page.status == 200, "\(link): \(page.status)")
            records.formUnion(BureauHarness.links(in: page.body).filter { $0.hasPrefix("/records/") })
        }
        // The records the items came from open too.
        #expect(!records.isEmpty)
        for link in records.sorted().prefix(40) {
            #expect(try await harness.get(link, cookie: cookie).status == 200, "\(link)")
        }
        await harness.stop()
    }

    @Test func errorsAreFramedPagesForBrowsersAndJSONForTheAPI() async throws {
        let harness = try await BureauHarness.start()
        let cookie = try await harness.login("outsider", "outsider-password")
        let missing = try await harness.get("/no/such/page?lang=en", cookie: cookie)
        #expect(missing.status == 404)
        #expect(missing.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(missing.body.contains("<html lang=\"en\"") && missing.body.contains("Not found") && missing.body.contains("href=\"/\""))
        let forbidden = try await harness.get("/units/school-no1-high", cookie: cookie)
        #expect(forbidden.status == 403 && forbidden.body.contains("没有权限") && forbidden.body.contains("<nav>"))
        let api = try await harness.get("/api/v1/nothing", cookie: cookie)
        #expect(api.status == 404 && api.headers["content-type"]?.hasPrefix("text/html") != true)
        // A form post over the body limit: refused before it is read, as a page.
        let large = try RawHTTP.exchange(port: harness.base.port!, request:
            "POST /ledger/x/action HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 900000000\r\n\r\n")
        #expect(large.hasPrefix("HTTP/1.1 413"))
        #expect(large.contains("text/html"))
        // The stylesheet the frame links is served.
        let page = try await harness.get("/ledger", cookie: cookie)
        let stylesheet = try #require(BureauHarness.links(in: page.body).first { $0.hasPrefix("/assets/") })
        let css = try await harness.get(stylesheet)
        #expect(css.status == 200 && css.headers["content-type"]?.hasPrefix("text/css") == true && css.body.contains(".grid"))
        await harness.stop()
    }
}
