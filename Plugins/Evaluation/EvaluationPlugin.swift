import DudaoKernel

/// Phase plugin skeleton; replaced by the full plugin.
public struct EvaluationPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "evaluation", version: 1, title: LocalizedText(zh: "考核评价、建章立制", en: "Assessment and institutions"), clauses: ["5.1", "5.2"])

    public func register(in registrar: inout PluginRegistrar) {}
}
