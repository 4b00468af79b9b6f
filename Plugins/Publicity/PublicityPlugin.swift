import DudaoKernel

/// Phase plugin skeleton; replaced by the full plugin.
public struct PublicityPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "publicity", version: 1, title: LocalizedText(zh: "宣传发动、学习教育", en: "Publicity and study"), clauses: ["1.1", "1.2", "1.3", "1.4"])

    public func register(in registrar: inout PluginRegistrar) {}
}
