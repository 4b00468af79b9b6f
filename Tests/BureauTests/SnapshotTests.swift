import DudaoPlugins
import DudaoWorkspace
import DudaoBureau
import DudaoKernel
import DudaoStore
import DudaoTestSupport
import Foundation
import Testing

/// The bureau's snapshot, computed in parallel from record sets kept while their versions stand
/// and from unit evaluations kept while a unit's records do not change, is the snapshot a plain
/// computation gives: before a change, and after one.
@Suite struct SnapshotTests {
    /// A bureau store holding every plugin's simulated year for every unit of the shipped roster.
    static func simulatedBureau() throws -> Workspace {
        let registry = try PluginList.registry()
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.campaignPath))
        let store = try Store.initialise(at: Fixtures.temporaryDirectory("snapshot").appendingPathComponent("bureau"),
                                         campaignData: data, unit: nil, registry: registry)
        let campaign = store.campaign
        let calendar = try campaign.calendar()
        var envelopes: [RecordEnvelope] = []
        for (index, unit) in campaign.units.enumerated() {
            var sequence: Int64 = 0
            for simulation in registry.simulations {
                var context = SimulationContext(campaign: campaign, calendar: calendar, unit: unit,
                                                diligence: Diligence.allCases[index % Diligence.allCases.count], seed: UInt64(index + 1))
                simulation.run(&context)
                for record in context.records {
                    sequence += 1
                    envelopes.append(RecordEnvelope(id: record.id, unit: record.unit, type: record.type, body: Data(record.body),
                                                    author: record.author, hlc: HLC(wall: 1_490_000_000_000 + sequence),
                                                    origin: "node-" + unit.id, sequence: sequence))
                }
            }
        }
        let batch = envelopes
        try store.mergeChanges(batch)
        return try Workspace(store: store, cache: BodyCache())
    }

    /// What a page can see of a snapshot, comparable.
    struct Seen: Equatable {
        var cells: [String: [ComplianceCell]]
        var leaderCells: [ComplianceCell]
        var scores: [UnitScore]
        var ledger: [String]
        var arrears: [String]

        init(_ snapshot: BureauSnapshot) {
            cells = snapshot.statuses.mapValues(\.cells)
            leaderCells = snapshot.leaderCells
            scores = snapshot.scores
            ledger = snapshot.ledger.map(\.id).sorted()
            arrears = snapshot.summary.arrears.map { "\($0.unit):\($0.cells):\($0.items)" }
        }
    }

    @Test func keptEvaluationsGiveThePlainSnapshotBeforeAndAfterAChange() async throws {
        let workspace = try Self.simulatedBureau()
        let asOf = LocalDate("2017-09-30")!
        let kept = UnitEvaluations()
        let first = try await BureauModel.compute(workspace, asOf: asOf, evaluations: kept)
        #expect(Seen(first) == Seen(try await BureauModel.compute(workspace, asOf: asOf)))
        #expect(first.statuses.count == workspace.campaign.units.count && !first.leaderCells.isEmpty)

        // One unit registers a problem whose deadline has passed: it must show, evaluated afresh.
        let unit = "school-no1-high"
        let before = try #require(first.statuses[unit]).overdueLedgerItems.count
        let item = LedgerItem(title: "食堂台账缺页", detail: "抽查发现", source: .selfInspection, measures: ["补齐台账"],
                              deadline: LocalDate("2017-08-31"), responsiblePerson: "head-no1-high", department: "后勤",
                              registeredOn: LocalDate("2017-08-01")!)
        try workspace.store.append([try NewRecord(item, unit: unit, author: "head-no1-high")])
        let after = try await BureauModel.compute(workspace, asOf: asOf, evaluations: kept)
        #expect(try #require(after.statuses[unit]).overdueLedgerItems.count == before + 1)
        #expect(Seen(after) == Seen(try await BureauModel.compute(workspace, asOf: asOf)))
        #expect(Seen(after) != Seen(first))
        // Another date is evaluated afresh, and equally.
        let earlier = LocalDate("2017-06-30")!
        #expect(Seen(try await BureauModel.compute(workspace, asOf: earlier, evaluations: kept))
                == Seen(try await BureauModel.compute(workspace, asOf: earlier)))
    }

    /// The records the server keeps between snapshots (`KeptRecords`: only the versions that changed
    /// are read again) give what a fresh read gives: after a new record, a new version of it and its
    /// deletion, the records and the snapshot are the plain computation's.
    @Test func keptRecordsGiveThePlainSnapshotAcrossANewVersionAndADeletion() async throws {
        let workspace = try Self.simulatedBureau()
        let asOf = LocalDate("2017-09-30")!
        let kept = KeptRecords(), evaluations = UnitEvaluations()
        func compared() async throws -> BureauSnapshot {
            let reused = try await BureauModel.compute(workspace, asOf: asOf, evaluations: evaluations, kept: kept)
            let plain = try await BureauModel.compute(workspace, asOf: asOf)
            #expect(reused.recordsByUnit == plain.recordsByUnit)
            #expect(Seen(reused) == Seen(plain))
            return reused
        }
        let unit = "school-no1-high"
        let first = try await compared()

        var item = LedgerItem(title: "食堂台账缺页", detail: "抽查发现", source: .selfInspection, measures: ["补齐台账"],
                              deadline: LocalDate("2017-08-31"), responsiblePerson: "head-no1-high", department: "后勤",
                              registeredOn: LocalDate("2017-08-01")!)
        let id = try #require(workspace.store.append([try NewRecord(item, unit: unit, author: "head-no1-high")]).first).id
        let added = try await compared()
        #expect(added.recordsByUnit[unit]?.count == (first.recordsByUnit[unit]?.count ?? 0) + 1)

        item.title = "食堂台账缺页（补登）"
        try workspace.store.append([try NewRecord(item, unit: unit, id: id, author: "head-no1-high")])
        let revised = try await compared()
        let version = try #require(revised.recordsByUnit[unit]?.first { $0.id == id })
        #expect(String(decoding: version.body, as: UTF8.self).contains("补登"))
        #expect(revised.recordsByUnit[unit]?.count == added.recordsByUnit[unit]?.count)

        try workspace.store.delete(id: id)
        let deleted = try await compared()
        #expect(deleted.recordsByUnit[unit]?.contains { $0.id == id } == false)
        #expect(deleted.recordsByUnit[unit]?.count == first.recordsByUnit[unit]?.count)
    }
}
