import DudaoBureau
import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoTestSupport
import DudaoWorkspace
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The demo's bureau served on 127.0.0.1 and crawled as its users would click through it:
/// every same-site link of every page, signed in as the office, a leader and a viewer, in
/// both languages. No link may lead to a 404 or a 500.
@Suite(.serialized) struct DemoCrawlTests {
    /// The demo built once through the real binary; its bureau store with three accounts.
    static let site: (cli: CommandRunner, bureau: URL, leader: String) = {
        let cli = CommandRunner()
        let outcome = try! cli.run(["demo", "--dir", "demo", "--no-serve", "--campaign", Fixtures.campaignPath])
        precondition(outcome.status == 0, outcome.stderr)
        let bureau = cli.directory.appendingPathComponent("demo/bureau")
        let store = try! Store.open(at: bureau, registry: try! PluginList.registry())
        let users = BureauUsers(store: store)
        let leader = store.campaign.leaders.first!.id
        try! users.add(name: "crawl-office", role: .office, person: nil, password: "crawl-office-pw", cost: 4)
        try! users.add(name: "crawl-leader", role: .leader, person: leader, password: "crawl-leader-pw", cost: 4)
        try! users.add(name: "crawl-viewer", role: .viewer, person: nil, password: "crawl-viewer-pw", cost: 4)
        return (cli, bureau, leader)
    }()

    struct Finding: CustomStringConvertible {
        var status: Int
        var path: String
        var from: String
        var description: String { "\(status) \(path) (linked from \(from))" }
    }

    /// Follows every same-site link from `/`, breadth first: every distinct path, and at most
    /// `variants` query strings of each (filters and dates multiply the pages, not the code paths).
    static func crawl(_ harness: BureauHarness, cookie: String, language: String, variants: Int = 4,
                      limit: Int = 3_000) async throws -> (pages: Int, failures: [Finding]) {
        let cookies = "\(cookie); dudao_lang=\(language)"
        var queue: [(path: String, from: String)] = [("/", "start")]
        var seen: Set<String> = ["/"]
        var queries: [String: Int] = [:]
        var failures: [Finding] = []
        var pages = 0
        while !queue.isEmpty, pages < limit {
            let (path, from) = queue.removeFirst()
            let reply = try await harness.request("GET", path, cookie: cookies)
            pages += 1
            if reply.status == 404 || reply.status >= 500 {
                failures.append(Finding(status: reply.status, path: path, from: from))
                continue
            }
            guard (reply.headers["content-type"] ?? "").hasPrefix("text/html") else { continue }
            // The content security policy allows no inline script: a page relying on one would break.
            if reply.body.contains("<script") || reply.body.contains("javascript:") || reply.body.contains(" onclick=") {
                failures.append(Finding(status: reply.status, path: path + " (inline script)", from: from))
            }
            for link in links(in: reply.body, page: path) where !seen.contains(link) {
                seen.insert(link)
                let route = String(link.prefix { $0 != "?" })
                queries[route, default: 0] += 1
                guard queries[route]! <= variants else { continue }
                queue.append((link, path))
            }
        }
        return (pages, failures)
    }

    /// The same-site targets of `href` and `src` attributes, resolved against the page, without fragments.
    static func links(in html: String, page: String) -> [String] {
        var result: [String] = []
        let base = URL(string: "http://127.0.0.1" + page)!
        for attribute in ["href=\"", "src=\""] {
            var rest = html[...]
            while let start = rest.range(of: attribute) {
                rest = rest[start.upperBound...]
                let raw = String(rest.prefix { $0 != "\"" })
                let value = raw.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
                    .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                guard !value.hasPrefix("#"), !value.hasPrefix("mailto:"), !value.hasPrefix("javascript:"), !value.hasPrefix("data:"),
                      let url = URL(string: value, relativeTo: base), url.host == "127.0.0.1" else { continue }
                var components = URLComponents(url: url.absoluteURL, resolvingAgainstBaseURL: false)!
                components.fragment = nil
                components.scheme = nil
                components.host = nil
                let path = components.string ?? ""
                if path.hasPrefix("/logout") || path.isEmpty { continue }
                result.append(path)
            }
        }
        return result
    }

    @Test(arguments: [("crawl-office", "crawl-office-pw"), ("crawl-leader", "crawl-leader-pw"), ("crawl-viewer", "crawl-viewer-pw")])
    func everyLinkOfTheDemoSiteOpens(account: String, password: String) async throws {
        let site = Self.site
        let harness = try await BureauHarness.start(serving: site.bureau, cli: site.cli)
        let cookie = try await harness.login(account, password)
        for language in ["zh", "en"] {
            let (pages, failures) = try await Self.crawl(harness, cookie: cookie, language: language)
            #expect(pages > 50, "\(account) \(language): only \(pages) pages reached")
            #expect(failures.count == 0, "\(account) \(language): \(failures.count) of \(pages) pages failed: \(failures.prefix(10))")
        }
        await harness.stop()
    }
}
