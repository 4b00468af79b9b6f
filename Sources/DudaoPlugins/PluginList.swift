import Benchmarking
import DudaoKernel
import Evaluation
import Publicity
import Rectification
import SelfInspection

/// The plugins of this build, in registration order: one line per plugin.
public enum PluginList {
    public static let all: [any Plugin] = [
        PublicityPlugin(),
        SelfInspectionPlugin(),
        BenchmarkingPlugin(),
        RectificationPlugin(),
        EvaluationPlugin(),
    ]

    /// The registry of `all`; a contradiction between plugins is a build defect, reported at start.
    public static func registry() throws -> PluginRegistry { try PluginRegistry(plugins: all) }
}
