import DudaoPlugins
import DudaoWorkspace
import DudaoBureau
import DudaoKernel
import DudaoStore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `dudao-bench bureau`: the compliance grid for N units over the whole campaign, computed cold
/// (decoding every body) and warm (the server's body cache), and the dashboard's latency under
/// concurrent connections on loopback.
struct BureauBenchmark {
    struct Options {
        var units = 1000
        var connections = 32
        var requests = 3200
        var seconds = 60.0
        /// Only the grid computation, no server (for profiling it).
        var gridOnly = false
        /// Warm computations measured (the median is reported).
        var repeats = 5

        init(parsing arguments: [String]) throws {
            var rest = arguments[...]
            while let flag = rest.popFirst() {
                if flag == "--grid-only" {
                    gridOnly = true
                    continue
                }
                guard let value = rest.popFirst() else { throw DudaoError("\(flag) 缺少取值", "\(flag) needs a value") }
                switch flag {
                case "--units": units = Int(value) ?? units
                case "--connections": connections = Int(value) ?? connections
                case "--requests": requests = Int(value) ?? requests
                case "--seconds": seconds = Double(value) ?? seconds
                case "--repeat": repeats = max(1, Int(value) ?? repeats)
                default: throw DudaoError("未知选项 \(flag)", "unknown option \(flag)")
                }
            }
        }
    }

    let options: Options

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dudao-bench-bureau-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let registry = try PluginList.registry()
        let campaignData = try Self.campaign(units: options.units)
        let store = try Store.initialise(at: directory.appendingPathComponent("bureau"), campaignData: campaignData, unit: nil, registry: registry)
        let setup = ContinuousClock.now
        let records = try Self.populate(store, registry: registry)
        print("setup: \(store.campaign.units.count) units, \(records) records written in \(String(format: "%.1f", BenchMeasure.seconds(ContinuousClock.now - setup))) s")

        let asOf = store.campaign.window.end
        let cold = try Workspace(store: store, cache: BodyCache())
        var start = ContinuousClock.now
        // The server's caches: decoded bodies (in the workspace) and the records as last read.
        let kept = KeptRecords()
        let snapshot = try await BureauModel.compute(cold, asOf: asOf, kept: kept)
        let coldSeconds = BenchMeasure.seconds(ContinuousClock.now - start)
        var warmTimes: [Double] = []
        let cpuBefore = BenchMeasure.cpuSeconds
        var previous: BureauSnapshot? = snapshot
        for _ in 0..<options.repeats {
            start = ContinuousClock.now
            let next = try await BureauModel.compute(cold, asOf: asOf, kept: kept)
            warmTimes.append(BenchMeasure.seconds(ContinuousClock.now - start))
            // The server lets go of the snapshot it replaces off the request's path; so does this loop.
            previous = next
        }
        _ = previous
        let warmCPU = (BenchMeasure.cpuSeconds - cpuBefore) / Double(options.repeats)
        let warm = warmTimes.sorted()[warmTimes.count / 2]
        print(String(format: "grid: %d cells for %d units as of %@", snapshot.cells.count, snapshot.statuses.count, asOf.description))
        print(String(format: "  cold (every body decoded)     %8.1f ms", coldSeconds * 1000))
        print(String(format: "  warm (server's body cache)    %8.1f ms   goal < 250 ms: %@   (CPU %.1f ms on %d cores)", warm * 1000,
                     warm < 0.25 ? "met" : "NOT met", warmCPU * 1000, ProcessInfo.processInfo.activeProcessorCount))

        // A bundle from one unit arrives: the server's snapshot evaluates that unit again, and
        // reuses the other units' evaluations as of the same date.
        let evaluations = UnitEvaluations()
        _ = try await BureauModel.compute(cold, asOf: asOf, evaluations: evaluations, kept: kept)
        // One bundle after another, as the office's imports come: the median of `repeats`.
        var incrementalTimes: [Double] = []
        var changed = ""
        var incremental = snapshot
        for round in 0..<options.repeats {
            changed = try Self.oneMoreRecord(store, round: round)
            start = ContinuousClock.now
            incremental = try await BureauModel.compute(cold, asOf: asOf, evaluations: evaluations, kept: kept)
            incrementalTimes.append(BenchMeasure.seconds(ContinuousClock.now - start))
        }
        let incrementalSeconds = incrementalTimes.sorted()[incrementalTimes.count / 2]
        let full = try await BureauModel.compute(cold, asOf: asOf)
        guard incremental.cells.count == full.cells.count, incremental.summary.counts == full.summary.counts,
              incremental.statuses[changed]?.cells.map(\.state) == full.statuses[changed]?.cells.map(\.state),
              incremental.scores.map(\.total) == full.scores.map(\.total) else {
            throw DudaoError("增量结果与完整计算不一致", "the incremental snapshot differs from the full one")
        }
        print(String(format: "  after one unit's bundle         %8.1f ms   (median of %d; that unit evaluated again; the same cells as a full computation)",
                     incrementalSeconds * 1000, options.repeats))
        if options.gridOnly { return }
        // The dashboard under load: a real server on loopback, bounded in requests and time.
        try BureauUsers(store: store).add(name: "bench", role: .office, person: nil, password: "bench-password", cost: 4)
        let server = try BureauServer(workspace: cold, autoLogin: try BureauUsers(store: store).account("bench"))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let serving = Task { try await server.run(host: "127.0.0.1", port: 0) { continuation.yield($0) } }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        // The grid page of every school rendered afresh (a query the page cache has not seen):
        // the snapshot is warm, so this is the page's HTML and its compression.
        var renders: [Double] = []
        for index in 0..<5 {
            let url = URL(string: "http://127.0.0.1:\(port)/grid?at=\(asOf)&kind=school&render=\(index)")!
            start = ContinuousClock.now
            let (body, _) = try await URLSession.shared.data(from: url)
            renders.append(BenchMeasure.seconds(ContinuousClock.now - start))
            if index == 0 { print("  grid page of every school: \(body.count) bytes of HTML") }
        }
        print(String(format: "GET /grid?kind=school rendered afresh: median %.1f ms of 5", renders.sorted()[2] * 1000))
        // The dashboard (the overview) has the goal; the grid of every school is measured beside it.
        for (path, isDashboard) in [("/?at=\(asOf)", true), ("/grid?at=\(asOf)&kind=school", false)] {
            let latencies = try await load(URL(string: "http://127.0.0.1:\(port)\(path)")!)
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000 }
            let verdict = isDashboard ? "goal p99 < 100 ms: " + (percentile(0.99) < 100 ? "met" : "NOT met") : "no goal (one page of every school)"
            print(String(format: "GET %@: %d requests over %d connections, p50 %.1f ms, p99 %.1f ms   %@",
                         path, sorted.count, options.connections, percentile(0.5), percentile(0.99), verdict))
        }
        serving.cancel()
        _ = await serving.result
    }

    /// Issues `options.requests` GETs from `options.connections` concurrent clients; stops early at the time limit.
    private func load(_ url: URL) async throws -> [Double] {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = options.connections
        let session = URLSession(configuration: configuration)
        // As a browser asks: compressed pages welcome.
        var request = URLRequest(url: url)
        request.setValue("gzip", forHTTPHeaderField: "Accept-Encoding")
        let (body, first) = try await session.data(for: request)  // warm the snapshot and the trend
        let encoding = (first as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Encoding") ?? "identity"
        print("  \(url.path): \(body.count) bytes sent (\(encoding))")
        let asked = request
        let deadline = ContinuousClock.now.advanced(by: .seconds(options.seconds))
        let perClient = max(1, options.requests / options.connections)
        return try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<options.connections {
                group.addTask {
                    var times: [Double] = []
                    for _ in 0..<perClient where ContinuousClock.now < deadline {
                        let start = ContinuousClock.now
                        let (_, response) = try await session.data(for: asked)
                        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw DudaoError("HTTP 错误", "HTTP error") }
                        times.append(BenchMeasure.seconds(ContinuousClock.now - start))
                    }
                    return times
                }
            }
            var all: [Double] = []
            for try await times in group { all += times }
            return all
        }
    }

    /// Merges one more article submission into the first unit that has one, as its next bundle would; returns the unit.
    static func oneMoreRecord(_ store: Store, round: Int) throws -> String {
        let type = "publicity/article-submission"
        guard let model = try store.records(type: type).first else { throw DudaoError("没有文章记录", "no article to copy") }
        let latest = try store.records(unit: model.unit).map(\.sequence).max() ?? 0
        let change = RecordEnvelope(id: model.id + "-again-\(round)", unit: model.unit, type: type, body: model.body, author: model.author,
                                    hlc: HLC(wall: model.hlc.wall + 1 + Int64(round)), origin: model.origin, sequence: latest + 1)
        try store.mergeChanges([change])
        return model.unit
    }

    /// The shipped campaign with its schools replaced by `units` generated ones, spread over the leaders.
    static func campaign(units: Int) throws -> Data {
        let path = "campaigns/gan-zhuan-zheng-2017.json"
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        var roster = object["roster"] as! [String: Any]
        let kept = (roster["units"] as! [[String: Any]]).filter { $0["kind"] as? String != "school" }
        let schools = max(0, units - kept.count)
        let generated: [[String: Any]] = (0..<schools).map { index in
            ["id": String(format: "school-b%04d", index), "kind": "school", "parent": NSNull(), "tags": [String](),
             "name": ["zh": String(format: "基准学校%04d", index), "en": String(format: "Benchmark School %04d", index)]]
        }
        let schoolIDs = Set((roster["units"] as! [[String: Any]]).filter { $0["kind"] as? String == "school" }.compactMap { $0["id"] as? String })
        var people = (roster["people"] as! [[String: Any]]).filter { person in
            guard let unit = person["unit"] as? String else { return true }
            return !schoolIDs.contains(unit)
        }
        let leaderIndices = people.indices.filter { (people[$0]["roles"] as? [String])?.contains("bureau-leader") == true }
        for index in leaderIndices {
            people[index]["assignedUnits"] = (people[index]["assignedUnits"] as? [String] ?? []).filter { !schoolIDs.contains($0) }
        }
        for (offset, school) in generated.enumerated() {
            let id = school["id"] as! String
            let leader = leaderIndices[offset % leaderIndices.count]
            people[leader]["assignedUnits"] = (people[leader]["assignedUnits"] as? [String] ?? []) + [id]
            people.append(["id": "head-" + id, "name": "校长\(offset)", "roles": ["unit-head"], "unit": id, "assignedUnits": [String](), "officesInCharge": [String]()])
        }
        roster["units"] = kept + generated
        roster["people"] = people
        object["roster"] = roster
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// Writes every plugin's simulated year for every unit, as merged changes from each unit's node.
    static func populate(_ store: Store, registry: PluginRegistry) throws -> Int {
        let campaign = store.campaign
        let calendar = try campaign.calendar()
        var envelopes: [RecordEnvelope] = []
        for (index, unit) in campaign.units.enumerated() {
            let diligence: Diligence = [.diligent, .late, .lax][index % 3]
            var sequence: Int64 = 0
            for simulation in registry.simulations {
                var context = SimulationContext(campaign: campaign, calendar: calendar, unit: unit, diligence: diligence, seed: UInt64(index + 1))
                simulation.run(&context)
                for record in context.records {
                    sequence += 1
                    let wall = Int64(calendar.startOfDay(record.on).timeIntervalSince1970 * 1000) + sequence
                    envelopes.append(RecordEnvelope(id: record.id, unit: record.unit, type: record.type, body: Data(record.body),
                                                    author: record.author, hlc: HLC(wall: wall), origin: "node-\(unit.id)",
                                                    sequence: sequence))
                }
            }
        }
        let batch = envelopes
        try store.mergeChanges(batch)
        return envelopes.count
    }
}
