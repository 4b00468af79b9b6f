import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoWorkspace
import Foundation

extension SyncLab {
    /// A fresh workspace over a store's directory: what the next command on that PC sees.
    static func workspace(_ store: Store) throws -> Workspace {
        try Workspace(store: Store.open(at: store.directory, registry: registry, environment: store.environment))
    }

    /// The cell of `rule` in a unit's status as of `day`.
    static func cell(_ rule: String, of store: Store, unit: String? = nil, asOf day: String) throws -> ComplianceCell? {
        try workspace(store).status(unit: unit, asOf: LocalDate(day)!).cells.first { $0.rule == rule }
    }
}
