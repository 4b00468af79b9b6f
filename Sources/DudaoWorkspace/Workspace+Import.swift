import DudaoKernel
import DudaoSync
import Foundation

extension Workspace {
    /// What follows applied imports at this node, whichever door the bundles came through (a file
    /// on the command line, the office's upload, a unit's push over HTTP): at the bureau, the open
    /// ledger items that merged units' late bundles brought move to the units that took them over
    /// (`transferMergedUnitsLedger`). Nothing when no bundle was applied; returns how many items moved.
    @discardableResult
    public func settleImports(_ outcomes: [ImportOutcome], account: String? = nil) throws -> Int {
        guard outcomes.contains(where: \.isApplied) else { return 0 }
        return try transferMergedUnitsLedger(account: account)
    }

    /// Imports one bundle's bytes with `importer` (over this workspace's store) and settles it.
    public func importBundle(_ data: Data, with importer: BundleImporter, account: String? = nil) throws -> ImportReport {
        let report = importer.importReporting(data)
        try settleImports([report.outcome], account: account)
        return report
    }
}
