import DudaoKernel

/// Phase plugin skeleton; replaced by the full plugin.
public struct BenchmarkingPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "benchmarking", version: 1, title: LocalizedText(zh: "拉高标杆、争先创优", en: "Benchmarking"), clauses: ["3.1"])

    public func register(in registrar: inout PluginRegistrar) {}
}
