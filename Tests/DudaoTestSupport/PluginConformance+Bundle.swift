import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation

extension PluginConformance {
    /// Each filed example goes through a real bundle between two real stores: a unit's agent
    /// writes it and the bureau imports it, or (a bureau-written type) the other way round. The
    /// record arrives with its bytes unchanged.
    static func bundleFailures(_ examples: [FiledExample], registry: PluginRegistry, campaignFile: String) -> [String] {
        guard !examples.isEmpty else { return [] }
        let root = Fixtures.temporaryDirectory("conformance-bundle")
        defer { try? FileManager.default.removeItem(at: root) }
        var failures: [String] = []
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: campaignFile))
            let bureau = try Store.initialise(at: root.appendingPathComponent("bureau"), campaignData: data, unit: nil, registry: registry)
            var units: [String: Store] = [:]
            func store(of unit: String) throws -> Store {
                if let store = units[unit] { return store }
                let store = try Store.initialise(at: root.appendingPathComponent(unit), campaignData: data, unit: unit, registry: registry)
                try bureau.enrol(unit: unit, publicKey: store.identity.publicKey)
                try store.enrol(unit: nil, publicKey: bureau.identity.publicKey)
                units[unit] = store
                return store
            }
            for example in examples {
                let unit = try store(of: example.unit.id)
                let fromBureau = example.type.writers == .bureau
                let (writer, reader) = fromBureau ? (bureau, unit) : (unit, bureau)
                let record = NewRecord(unit: example.unit.id, type: example.type.id, body: example.body)
                guard let written = try writer.append([record]).first else {
                    failures.append("\(example.type.id): the store wrote nothing")
                    continue
                }
                let bundle = try BundleExporter(store: writer).bundle(for: fromBureau ? example.unit.id : nil).data
                if case .refused(let error) = BundleImporter(store: reader).importBundle(bundle) {
                    failures.append("\(example.type.id): the bundle from \(fromBureau ? "the bureau" : example.unit.id) is refused: \(error)")
                    continue
                }
                guard let arrived = try reader.record(id: written.id) else {
                    failures.append("\(example.type.id): the record written as \(example.unit.id) did not arrive through the bundle")
                    continue
                }
                if arrived.body != example.body || arrived.type != example.type.id {
                    failures.append("\(example.type.id): the record arrived changed through the bundle")
                }
            }
        } catch {
            failures.append("the bundle round trip failed: \(error)")
        }
        return failures
    }
}
