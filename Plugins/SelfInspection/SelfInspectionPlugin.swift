import DudaoKernel

/// Phase plugin skeleton; replaced by the full plugin.
public struct SelfInspectionPlugin: Plugin {
    public init() {}

    public let manifest = PluginManifest(
        id: "self-inspection", version: 1, title: LocalizedText(zh: "征求意见、查摆问题", en: "Soliciting opinions and self-inspection"), clauses: ["2.1", "2.2", "2.3", "2.4", "2.5"])

    public func register(in registrar: inout PluginRegistrar) {}
}
