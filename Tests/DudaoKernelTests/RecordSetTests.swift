import DudaoKernel
import Foundation
import Testing

/// The record set every evaluation reads through, and the envelope's copy-on-write storage.
@Suite struct RecordSetTests {
    struct Visit: RecordBody {
        static let recordType = "test/visit"
        static let title = LocalizedText(zh: "走访", en: "visit")
        static let example = Visit(on: LocalDate("2017-04-01")!)
        var on: LocalDate
    }

    static func envelope(_ id: String, unit: String, day: String, origin: String = "node-a", sequence: Int64 = 1,
                         type: String = Visit.recordType, deleted: Bool = false) -> RecordEnvelope {
        RecordEnvelope(id: id, unit: unit, type: type, body: try! RecordCoding.encode(Visit(on: LocalDate(day)!)),
                       author: nil, hlc: HLC(wall: 1_000 + sequence), origin: origin, sequence: sequence, deleted: deleted)
    }

    let records = [
        envelope("a", unit: "u1", day: "2017-04-01", sequence: 1),
        envelope("b", unit: "u2", day: "2017-04-02", sequence: 2),
        envelope("c", unit: "u1", day: "2017-04-03", sequence: 3, deleted: true),
        envelope("d", unit: "u1", day: "2017-04-04", sequence: 4, type: "test/other"),
    ]

    @Test func groupsByTypeAndDecodesLiveRecordsInOrder() {
        let set = RecordSet(records)
        #expect(set.records(ofType: Visit.recordType).map(\.id) == ["a", "b", "c"])
        #expect(set.records(ofType: "test/other").map(\.id) == ["d"])
        #expect(set.records(ofType: "test/none").isEmpty)
        let visits = set.typed(Visit.self)
        #expect(visits.map(\.id) == ["a", "b"])
        #expect(visits.map(\.body.on.description) == ["2017-04-01", "2017-04-02"])
        #expect(set.all.map(\.id) == ["a", "b", "c", "d"])
    }

    @Test func aNarrowedSetHoldsOnlyItsUnits() {
        let set = RecordSet(records)
        let narrowed = set.narrowed(to: ["u1"])
        #expect(narrowed.all.map(\.id) == ["a", "c", "d"])
        #expect(narrowed.records(ofType: Visit.recordType).map(\.id) == ["a", "c"])
        #expect(narrowed.typed(Visit.self).map(\.id) == ["a"])
        #expect(set.typed(Visit.self).map(\.id) == ["a", "b"])
    }

    @Test func theCacheKeepsASetWhileItsVersionsStayTheSame() {
        let cache = BodyCache()
        let first = cache.recordSet(records, scope: "unit:u1")
        _ = first.typed(Visit.self)
        // The same versions read again (new envelope values, same origin and sequence): the kept set.
        let reread = records.map { RecordEnvelope(id: $0.id, unit: $0.unit, type: $0.type, body: $0.body, author: nil, hlc: $0.hlc,
                                                  origin: $0.origin, sequence: $0.sequence, deleted: $0.deleted) }
        #expect(cache.recordSet(reread, scope: "unit:u1") === first)
        // A new version of one record, a record more, one fewer, or another scope: a new set.
        var edited = reread
        edited[1] = Self.envelope("b", unit: "u2", day: "2017-04-09", sequence: 5)
        let changed = cache.recordSet(edited, scope: "unit:u1")
        #expect(changed !== first)
        #expect(changed.typed(Visit.self).map(\.body.on.description) == ["2017-04-01", "2017-04-09"])
        #expect(cache.recordSet(edited + [Self.envelope("e", unit: "u1", day: "2017-04-05", sequence: 6)], scope: "unit:u1") !== changed)
        #expect(cache.recordSet(Array(records.dropLast()), scope: "unit:u1").all.count == 3)
        #expect(cache.recordSet(records, scope: "unit:u2") !== first)
        // A tombstone of the same sequence is another version.
        var deleted = records
        deleted[0].deleted = true
        #expect(cache.recordSet(deleted, scope: "unit:u9").typed(Visit.self).map(\.id) == ["b"])
    }

    @Test func anEnvelopeCopyIsIndependentOfItsOriginal() {
        let original = Self.envelope("a", unit: "u1", day: "2017-04-01")
        var copy = original
        #expect(copy == original)
        copy.id = "z"
        copy.evidence = [String(repeating: "0", count: 64)]
        copy.deleted = true
        #expect(original.id == "a" && original.evidence.isEmpty && !original.deleted)
        #expect(copy.id == "z" && copy.deleted && copy != original)
        #expect(Set([original, copy, original]).count == 2)
        let decoded = try? JSONDecoder().decode(RecordEnvelope.self, from: JSONEncoder().encode(copy))
        #expect(decoded == copy)
    }
}
