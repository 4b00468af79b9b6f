// Generated from `phasePlugins` in Package.swift by `dudao plugin new` or
// `dudao plugin list --write`: edit that list, not this file.
import Benchmarking
import DudaoKernel
import Evaluation
import HomeVisits
import Publicity
import Rectification
import SelfInspection

/// The plugins of this build, in registration order: the order of `phasePlugins` in Package.swift.
public enum PluginList {
    public static let all: [any Plugin] = [
        PublicityPlugin(),
        SelfInspectionPlugin(),
        BenchmarkingPlugin(),
        RectificationPlugin(),
        EvaluationPlugin(),
        HomeVisitsPlugin(),
    ]

    /// The registry of `all`; a contradiction between plugins is a build defect, reported at start.
    public static func registry() throws -> PluginRegistry { try PluginRegistry(plugins: all) }
}
