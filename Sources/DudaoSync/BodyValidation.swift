import Dispatch
import DudaoKernel
import DudaoStore
import Foundation
import Synchronization

/// Validates the record bodies of a bundle by their plugins' rules, exactly as a local write
/// does (`RecordType.validate`), spread over the machine's cores: body validation is most of
/// what a merge costs. The first invalid body in bundle order is reported, by record and field.
struct BodyValidation: Sendable {
    let registry: PluginRegistry
    let campaign: Campaign

    init(store: Store) {
        registry = store.registry
        campaign = store.campaign
    }

    /// Changes validated by one task; small enough to balance two cores, large enough to be cheap to hand out.
    static let chunk = 256

    /// Validates every body; `parallel` spreads the work over the cores (the caller's thread waits).
    func validate(_ changes: [RecordEnvelope], parallel: Bool = true) throws(BundleError) {
        // Types and units are linear look-ups in the kernel: resolve each once per bundle.
        var types: [String: RecordType] = [:]
        var units: [String: CampaignUnit] = [:]
        for change in changes {
            if types[change.type] == nil, let type = registry.recordType(change.type) { types[change.type] = type }
            if units[change.unit] == nil, let unit = campaign.unit(change.unit) { units[change.unit] = unit }
        }
        let (resolvedTypes, resolvedUnits) = (types, units)
        if !parallel {
            for change in changes {
                if let failure = check(change, type: resolvedTypes[change.type], unit: resolvedUnits[change.unit]) { throw failure }
            }
            return
        }
        let tasks = (changes.count + Self.chunk - 1) / Self.chunk
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: tasks) { task in
            for index in task * Self.chunk..<min((task + 1) * Self.chunk, changes.count) {
                let change = changes[index]
                if let failure = check(change, type: resolvedTypes[change.type], unit: resolvedUnits[change.unit]) {
                    failures.record(failure, task: task)
                    return
                }
            }
        }
        if let first = failures.first { throw first }
    }

    /// The first failure of each task, shared by the tasks.
    private final class Failures: Sendable {
        private let byTask = Mutex<[Int: BundleError]>([:])

        func record(_ failure: BundleError, task: Int) { byTask.withLock { $0[task] = failure } }

        /// The failure of the earliest task: the first invalid body in bundle order.
        var first: BundleError? { byTask.withLock { $0.min { $0.key < $1.key }?.value } }
    }

    /// Starts validating `changes` in the background: the import applies them meanwhile, inside
    /// its transaction, and asks for the verdict before it commits.
    func start(_ changes: [RecordEnvelope]) -> Running {
        Running(self, changes)
    }

    /// A validation under way.
    final class Running: Sendable {
        private let done = DispatchGroup()
        private let failure = Mutex<BundleError?>(nil)

        init(_ validation: BodyValidation, _ changes: [RecordEnvelope]) {
            done.enter()
            DispatchQueue.global().async {
                do throws(BundleError) {
                    try validation.validate(changes)
                } catch {
                    self.failure.withLock { $0 = error }
                }
                self.done.leave()
            }
        }

        /// Waits for the validation to finish; throws the first invalid body's error.
        func verdict() throws(BundleError) {
            done.wait()
            if let error = failure.withLock({ $0 }) { throw error }
        }
    }

    private func check(_ change: RecordEnvelope, type: RecordType?, unit: CampaignUnit?) -> BundleError? {
        guard let type else {
            return BundleError(.invalidRecord, "记录 \(change.id) 的类型 \(change.type) 未知", "record \(change.id) has unknown type \(change.type)")
        }
        guard let error = type.check(change.body, campaign: campaign, unit: unit) else { return nil }
        let issues = error.issues.map { "\($0.path): \($0.reason.en)" }.joined(separator: "; ")
        let zh = error.issues.map { "\($0.path)：\($0.reason.zh)" }.joined(separator: "；")
        return BundleError(.invalidRecord, "记录 \(change.id)（\(change.type)）无效：\(zh)",
                           "record \(change.id) (\(change.type)) is invalid: \(issues)")
    }
}
