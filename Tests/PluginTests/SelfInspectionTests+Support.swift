import DudaoKernel
import DudaoTestSupport
import SelfInspection

extension SelfInspectionTests: ClauseSuite {
    static var plugin: any Plugin { SelfInspectionPlugin() }
    typealias Case = ClauseCase<SelfInspectionTests>
    typealias BodyCase = BodyEditCase<SelfInspectionTests>
}

extension SelfInspectionTests {
    /// The records a body puts in the store: itself and, like the store does, its ledger problems as `ledger/item`s.
    static func records(_ unit: String, _ bodies: [any RecordBody]) -> [RecordEnvelope] {
        var maker = RecordMaker()
        var records: [RecordEnvelope] = []
        for body in bodies {
            let record = maker.make(body, unit: unit)
            records.append(record)
            for item in body.ledgerProblems(recordID: record.id, unit: unit) {
                records.append(maker.make(item, unit: unit))
            }
        }
        return records
    }
}
