import DudaoKernel

/// Phase plugin skeleton; replaced by the full plugin.
public struct RectificationPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "rectification", version: 1, title: LocalizedText(zh: "问题整改、工作推进", en: "Rectification"), clauses: ["4.1", "4.2", "4.3", "4.4"])

    public func register(in registrar: inout PluginRegistrar) {}
}
