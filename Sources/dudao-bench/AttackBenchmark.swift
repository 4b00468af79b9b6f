import DudaoBureau
import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoWorkspace
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `dudao-bench attack`: a signed-in clerk's overview while the network attacks the server — 32
/// clients guessing passwords and 4 posting junk bundles, all on loopback. Issue 10's goal: the
/// clerk's p99 stays under 200 ms.
struct AttackBenchmark {
    var units = 200
    var seconds = 20.0
    var guessers = 32
    var junkPosters = 4

    init(parsing arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw DudaoError("\(flag) 缺少取值", "\(flag) needs a value") }
            switch flag {
            case "--units": units = Int(value) ?? units
            case "--seconds": seconds = Double(value) ?? seconds
            case "--guessers": guessers = Int(value) ?? guessers
            case "--junk": junkPosters = Int(value) ?? junkPosters
            default: throw DudaoError("未知选项 \(flag)", "unknown option \(flag)")
            }
        }
    }

    /// Counts of what the attackers got back, by HTTP status.
    actor Tally {
        var statuses: [String: [Int: Int]] = [:]
        func add(_ who: String, _ status: Int) { statuses[who, default: [:]][status, default: 0] += 1 }
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dudao-bench-attack-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let registry = try PluginList.registry()
        let store = try Store.initialise(at: directory.appendingPathComponent("bureau"), campaignData: try BureauBenchmark.campaign(units: units),
                                         unit: nil, registry: registry)
        let records = try BureauBenchmark.populate(store, registry: registry)
        // Real accounts with the server's default bcrypt cost: the guessers aim at them.
        try BureauUsers(store: store).add(name: "clerk", role: .office, person: nil, password: "clerk-password-2017")
        try BureauUsers(store: store).add(name: "office", role: .office, person: nil, password: "office-password-2017")
        let server = try BureauServer(workspace: try Workspace(store: store, cache: BodyCache()))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let serving = Task { try await server.run(host: "127.0.0.1", port: 0) { continuation.yield($0) } }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        let base = URL(string: "http://127.0.0.1:\(port)")!
        print("setup: \(store.campaign.units.count) units, \(records) records; \(guessers) password guessers and \(junkPosters) junk posters for \(Int(seconds)) s")
        let clerk = try await Self.signIn(base, name: "clerk", password: "clerk-password-2017")
        let overview = URL(string: "/?at=\(store.campaign.window.end)", relativeTo: base)!
        _ = try await Self.send(Self.get(overview, cookie: clerk))  // the snapshot, warm as on a working day

        let tally = Tally()
        let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
        let attackers = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<guessers {
                    group.addTask {
                        while ContinuousClock.now < deadline {
                            let account = index % 2 == 0 ? "office" : "clerk"
                            let status = (try? await Self.guess(base, account: account, password: "guess-\(index)-\(UInt32.random(in: 0...UInt32.max))")) ?? 0
                            await tally.add("guess", status)
                        }
                    }
                }
                for _ in 0..<junkPosters {
                    group.addTask {
                        while ContinuousClock.now < deadline {
                            var request = URLRequest(url: URL(string: "/api/v1/bundles", relativeTo: base)!)
                            request.httpMethod = "POST"
                            request.setValue("application/vnd.dudao.bundle", forHTTPHeaderField: "Content-Type")
                            let junk = Data((0..<(64 << 10)).map { _ in UInt8.random(in: 0...255) })
                            let status = (try? await Self.send(request, body: junk).status) ?? 0
                            await tally.add("junk", status)
                        }
                    }
                }
            }
        }
        var latencies: [Double] = []
        while ContinuousClock.now < deadline {
            let start = ContinuousClock.now
            let reply = try await Self.send(Self.get(overview, cookie: clerk))
            guard reply.status == 200 else { throw DudaoError("总览返回 \(reply.status)", "the overview answered \(reply.status)") }
            latencies.append(BenchMeasure.seconds(ContinuousClock.now - start))
        }
        await attackers.value
        serving.cancel()
        _ = await serving.result
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000 }
        let statuses = await tally.statuses
        for (who, counts) in statuses.sorted(by: { $0.key < $1.key }) {
            print("  \(who): " + counts.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: ", "))
        }
        print(String(format: "clerk's overview under attack: %d requests, p50 %.1f ms, p99 %.1f ms   goal p99 < 200 ms: %@",
                     sorted.count, percentile(0.5), percentile(0.99), percentile(0.99) < 200 ? "met" : "NOT met"))
    }

    // MARK: HTTP on loopback, cookies by hand (no shared cookie store), no redirects followed

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpCookieStorage = nil
        configuration.httpMaximumConnectionsPerHost = 64
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }()

    final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
            completionHandler(nil)
        }
    }

    static func get(_ url: URL, cookie: String? = nil) -> URLRequest {
        var request = URLRequest(url: url)
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        request.setValue("gzip", forHTTPHeaderField: "Accept-Encoding")
        return request
    }

    static func send(_ request: URLRequest, body: Data? = nil) async throws -> (status: Int, body: String, setCookie: String) {
        let data: Data, response: URLResponse
        if let body {
            (data, response) = try await session.upload(for: request, from: body)
        } else {
            (data, response) = try await session.data(for: request)
        }
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Set-Cookie") ?? "")
    }

    /// The login form's pre-session cookie and token, as a browser gets them.
    static func loginForm(_ base: URL) async throws -> (cookie: String, token: String) {
        let page = try await send(get(URL(string: "/login", relativeTo: base)!))
        guard let pair = page.setCookie.split(separator: ";").first, let range = page.body.range(of: "name=\"csrf\" value=\"") else {
            throw DudaoError("登录页没有令牌", "the login page has no token")
        }
        return (String(pair), String(page.body[range.upperBound...].prefix { $0 != "\"" }))
    }

    static func postLogin(_ base: URL, name: String, password: String) async throws -> (status: Int, body: String, setCookie: String) {
        let (cookie, token) = try await loginForm(base)
        var request = URLRequest(url: URL(string: "/login", relativeTo: base)!)
        request.httpMethod = "POST"
        request.setValue(cookie, forHTTPHeaderField: "Cookie")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        let form = ["name": name, "password": password, "csrf": token, "next": "/"]
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await send(request, body: Data(form.utf8))
    }

    static func guess(_ base: URL, account: String, password: String) async throws -> Int {
        try await postLogin(base, name: account, password: password).status
    }

    static func signIn(_ base: URL, name: String, password: String) async throws -> String {
        let reply = try await postLogin(base, name: name, password: password)
        guard reply.status == 303, let pair = reply.setCookie.components(separatedBy: ", ").first(where: { $0.hasPrefix("dudao_session=") })?
            .split(separator: ";").first else { throw DudaoError("登录失败：\(reply.status)", "sign-in failed: \(reply.status)") }
        return String(pair)
    }
}
