import DudaoKernel
import DudaoStore
import Foundation

extension Workspace {
    /// The units whose ledger items may move to or from `unit`: those merged into it, and the one it merged into.
    func ledgerNeighbours(of unit: String) -> [String] {
        var neighbours = campaign.units(mergedInto: unit).map(\.id)
        if let target = campaign.unit(unit)?.mergedInto { neighbours.append(target) }
        return neighbours
    }

    /// At the bureau: moves every open ledger item of each merged unit to the unit it merged into,
    /// as of its retirement day, by appending a `LedgerTransfer` (the items and their history stay
    /// as written). Items already moved are left; returns how many moved now. Run after publishing
    /// a revision that merges units, and again when a merged unit's late bundles bring more items.
    @discardableResult
    public func transferMergedUnitsLedger(account: String? = nil) throws -> Int {
        guard identity.isBureau else { return 0 }
        let merged = campaign.units.filter { $0.mergedInto != nil && $0.retiredOn != nil }
        guard !merged.isEmpty else { return 0 }
        var transfers: [NewRecord] = []
        for unit in merged {
            guard let target = unit.mergedInto, let retiredOn = unit.retiredOn else { continue }
            for state in try ledger(unit: unit.id) where state.unit == unit.id && state.state.isOpen {
                let body = LedgerTransfer(
                    item: state.id, fromUnit: unit.id, toUnit: target, on: max(retiredOn, state.item.registeredOn),
                    comment: "单位 \(unit.name.zh) 并入 \(campaign.unit(target)?.name.zh ?? target)，台账事项转入 / merged into \(target)",
                    carried: .init(item: state.item, state: state.state, deadline: state.deadline, history: state.history))
                transfers.append(try NewRecord(body, unit: target))
            }
        }
        guard !transfers.isEmpty else { return 0 }
        try store.append(transfers, actor: account)
        return transfers.count
    }
}
