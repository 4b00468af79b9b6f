import DudaoPlugins
import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation

/// `dudao-bench sync`: N unit stores each write M records and export one bundle; the bureau
/// merges them all. Measured in the one run: export time; bundle size against `gzip -6` of the
/// same changes as JSON lines; merge throughput (verify, inflate, decode, validate, upsert,
/// change log) against raw SQLite inserts of the same rows; peak memory of the merge.
struct SyncBenchmark {
    struct Options {
        var units = 100
        var changes = 1000
        var directory: URL?
        var keep = false
        var breakdown = false
        /// Only merge the bundles a previous `--keep` run left in `--dir` (for profiling the merge alone).
        var mergeOnly = false

        init(parsing arguments: [String]) throws {
            var rest = arguments[...]
            func number(_ name: String) throws -> Int {
                guard let text = rest.popFirst(), let value = Int(text), value > 0 else { throw UsageError(message: "\(name) needs a positive number") }
                return value
            }
            while let argument = rest.popFirst() {
                switch argument {
                case "--units": units = try number(argument)
                case "--changes": changes = try number(argument)
                case "--dir":
                    guard let path = rest.popFirst() else { throw UsageError(message: "--dir needs a path") }
                    directory = URL(fileURLWithPath: path)
                case "--keep": keep = true
                case "--breakdown": breakdown = true
                case "--merge-only": mergeOnly = true
                default: throw UsageError(message: "unknown argument \(argument)")
                }
            }
        }
    }

    struct UsageError: Error {
        var message: String
    }

    let options: Options

    func run() async throws {
        let root = options.directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("dudao-bench-\(UUID().uuidString.prefix(8))")
        if options.mergeOnly { return try await mergeAgain(root) }
        let manager = FileManager.default
        guard !manager.fileExists(atPath: root.appendingPathComponent("bureau").path) else {
            throw UsageError(message: "\(root.path) already holds a benchmark; give another --dir")
        }
        for folder in ["units", "bundles"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        defer { if !options.keep { try? manager.removeItem(at: root) } }
        let registry = try PluginList.registry()
        let campaign = try BenchWorkload.campaign(units: options.units)
        let total = options.units * options.changes
        print("dudao-bench sync: \(options.units) units × \(options.changes) changes = \(total) changes, in \(root.path)")

        let bureau = try Store.initialise(at: root.appendingPathComponent("bureau"), campaignData: campaign, unit: nil, registry: registry)
        let produced = try produceBundles(bureau: bureau, campaign: campaign, registry: registry, root: root)
        if options.keep { try copyDirectory(bureau.directory, to: root.appendingPathComponent("bureau-pristine")) }
        let merge = try await Self.merge(produced.files, into: bureau)
        guard merge.changes == total else { throw DudaoError("合并数量不符", "merged \(merge.changes) changes, expected \(total)") }

        let (rows, rawSeconds, rawCPUSeconds) = try BenchMeasure.rawInsert(bundles: produced.files, into: root.appendingPathComponent("raw"),
                                                            campaign: campaign, registry: registry)
        let report = Report(changes: total, units: options.units, generateSeconds: produced.generateSeconds,
                            exportSeconds: produced.exportSeconds, bundleBytes: produced.bundleBytes, jsonBytes: produced.jsonBytes,
                            gzipBytes: produced.gzipBytes, merge: merge, rawRows: rows, rawSeconds: rawSeconds, rawCPUSeconds: rawCPUSeconds,
                            lifetimePeakMiB: BenchMeasure.lifetimePeakMiB)
        report.print()
        if options.breakdown {
            try MergeBreakdown.measure(files: produced.files, bureau: bureau, mergeSeconds: merge.seconds).print()
        }
    }

    /// What merging every bundle at the bureau took.
    struct Merge {
        var changes = 0
        var seconds = 0.0
        var cpuSeconds = 0.0
        var peakMiB: Double?
        var residentAfterTenths: [Double] = []
    }

    /// Imports every bundle at `bureau`, one transaction each, timing only the imports.
    static func merge(_ files: [URL], into bureau: Store) async throws -> Merge {
        let peakResettable = BenchMeasure.resetPeak()
        let importer = BundleImporter(store: bureau)
        var merge = Merge()
        let cpuBefore = BenchMeasure.cpuSeconds
        // As `dudao bundle import FILE…` does: each file read, checked and validated while the one before merges.
        var failure: String?
        let start = ContinuousClock.now
        await importer.importBundles(count: files.count, load: { try? Data(contentsOf: files[$0]) }) { index, outcome in
            guard case .applied(let changes, _, _, _, _) = outcome else {
                failure = failure ?? "bundle \(files[index].lastPathComponent): \(String(describing: outcome))"
                return
            }
            merge.changes += changes
            if (index + 1) % max(1, files.count / 10) == 0, let rss = BenchMeasure.status("VmRSS") { merge.residentAfterTenths.append(rss) }
        }
        merge.seconds = BenchMeasure.seconds(ContinuousClock.now - start)
        if let failure { throw DudaoError("合并失败", failure) }
        merge.cpuSeconds = BenchMeasure.cpuSeconds - cpuBefore
        merge.peakMiB = peakResettable ? BenchMeasure.status("VmHWM") : nil
        return merge
    }

    /// The merge alone, again, into a fresh copy of the bureau a `--keep` run left.
    func mergeAgain(_ root: URL) async throws {
        let copy = root.appendingPathComponent("bureau-again")
        try? FileManager.default.removeItem(at: copy)
        try copyDirectory(root.appendingPathComponent("bureau-pristine"), to: copy)
        let bureau = try Store.open(at: copy, registry: try PluginList.registry())
        let files = try FileManager.default.contentsOfDirectory(at: root.appendingPathComponent("bundles"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "dudao" }.sorted { $0.path < $1.path }
        let merge = try await Self.merge(files, into: bureau)
        print(String(format: "merged %d changes from %d bundles in %.2f s (%.0f/s), CPU %.2f s, peak %.1f MiB",
                     merge.changes, files.count, merge.seconds, Double(merge.changes) / merge.seconds, merge.cpuSeconds, merge.peakMiB ?? 0))
    }

    func copyDirectory(_ source: URL, to target: URL) throws {
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
        }
    }

    struct Produced {
        var files: [URL] = []
        var generateSeconds = 0.0
        var exportSeconds = 0.0
        var bundleBytes = 0
        var jsonBytes = 0
        var gzipBytes = 0
    }

    /// Each unit: a store, its records (not timed as export), its bundle (timed), and the gzip
    /// reference of the same changes. The unit's store is removed once its bundle is written.
    func produceBundles(bureau: Store, campaign: Data, registry: PluginRegistry, root: URL) throws -> Produced {
        var produced = Produced()
        let scratch = root.appendingPathComponent("changes.jsonl")
        for index in 0..<options.units {
            let unit = BenchWorkload.unitID(index)
            let directory = root.appendingPathComponent("units/\(unit)")
            let (store, setUp) = try BenchMeasure.time {
                try Store.initialise(at: directory, campaignData: campaign, unit: unit, registry: registry)
            }
            try bureau.enrol(unit: unit, publicKey: store.identity.publicKey)
            try store.enrol(unit: nil, publicKey: bureau.identity.publicKey)
            let records = try (0..<options.changes).map { try BenchWorkload.record($0, unit: unit) }
            let (_, writing) = try BenchMeasure.time {
                for start in stride(from: 0, to: records.count, by: 1000) {
                    try store.append(Array(records[start..<min(start + 1000, records.count)]))
                }
            }
            produced.generateSeconds += setUp + writing
            let (bundle, exporting) = try BenchMeasure.time { try BundleExporter(store: store).bundle().data }
            produced.exportSeconds += exporting
            let file = root.appendingPathComponent("bundles/\(unit).dudao")
            try bundle.write(to: file)
            produced.files.append(file)
            produced.bundleBytes += bundle.count
            let lines = BenchWorkload.jsonLines(try BundleFile.parse(bundle).contents().changes)
            produced.jsonBytes += lines.count
            produced.gzipBytes += try BenchMeasure.gzipSize(lines, scratch: scratch)
            if !options.keep { try FileManager.default.removeItem(at: directory) }
            if (index + 1) % max(1, options.units / 10) == 0 {
                FileHandle.standardError.write(Data("  generated and exported \(index + 1)/\(options.units) units\n".utf8))
            }
        }
        return produced
    }
}

/// The figures of one run, printed as a table with the goals beside them.
struct Report {
    var changes: Int
    var units: Int
    var generateSeconds: Double
    var exportSeconds: Double
    var bundleBytes: Int
    var jsonBytes: Int
    var gzipBytes: Int
    var merge: SyncBenchmark.Merge
    var rawRows: Int
    var rawSeconds: Double
    var rawCPUSeconds: Double
    var lifetimePeakMiB: Double

    func print() {
        func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
        func rate(_ count: Int, _ seconds: Double) -> String { String(format: "%.0f/s", Double(count) / max(seconds, 1e-9)) }
        let mib = { (bytes: Int) in f(Double(bytes) / 1_048_576) + " MiB" }
        let sizeRatio = Double(bundleBytes) / Double(max(gzipBytes, 1))
        let (mergeSeconds, mergePeakMiB) = (merge.seconds, merge.peakMiB)
        let mergeRate = Double(changes) / max(mergeSeconds, 1e-9), rawRate = Double(rawRows) / max(rawSeconds, 1e-9)
        let lines: [(String, String, String)] = [
            ("generate (records written at the units)", f(generateSeconds) + " s", "not a goal"),
            ("export (BundleExporter, every unit)", f(exportSeconds) + " s",
             rate(changes, exportSeconds) + " changes, " + f(exportSeconds * 1000 / Double(units)) + " ms/bundle"),
            ("bundles, total", mib(bundleBytes), "JSON lines " + mib(jsonBytes) + ", gzip -6 of them " + mib(gzipBytes)),
            ("bundle / gzip -6", f(sizeRatio, 3), "goal ≤ 1.05 " + (sizeRatio <= 1.05 ? "✓" : "✗")),
            ("merge (verify…change log, every bundle)", f(mergeSeconds) + " s", rate(changes, mergeSeconds) + " changes, CPU " + f(merge.cpuSeconds) + " s"),
            ("raw SQLite insert (1 statement, 1 txn)", f(rawSeconds) + " s", rate(rawRows, rawSeconds) + " rows, CPU " + f(rawCPUSeconds) + " s"),
            ("CPU per change: merge / raw insert", f(merge.cpuSeconds / Double(max(1, changes)) * 1e6, 2) + " / "
                + f(rawCPUSeconds / Double(max(1, rawRows)) * 1e6, 2) + " µs", "merge / raw = " + f(merge.cpuSeconds / max(1e-9, rawCPUSeconds) * Double(rawRows) / Double(max(1, changes)), 2) + "×"),
            ("merge / raw insert rate", f(mergeRate / rawRate * 100, 1) + " %", "goal ≥ 50 % " + (mergeRate >= rawRate / 2 ? "✓" : "✗")),
            ("merge time per 1 M changes", f(1_000_000 / mergeRate) + " s", "goal < 10 s " + (1_000_000 / mergeRate < 10 ? "✓" : "✗")),
            ("peak RSS during the merge", mergePeakMiB.map { f($0, 1) + " MiB" } ?? "n/a",
             "goal < 256 MiB " + ((mergePeakMiB ?? lifetimePeakMiB) < 256 ? "✓" : "✗")),
            ("RSS after each tenth of the bundles", merge.residentAfterTenths.map { f($0, 0) }.joined(separator: " ") + " MiB", "levels off once the 64 MiB page cache is full"),
            ("peak RSS of the whole run (getrusage)", f(lifetimePeakMiB, 1) + " MiB", "includes generation"),
        ]
        let width = lines.map(\.0.count).max() ?? 0
        for (name, value, note) in lines {
            Swift.print(name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                        + value.padding(toLength: max(14, value.count + 2), withPad: " ", startingAt: 0) + note)
        }
    }
}
