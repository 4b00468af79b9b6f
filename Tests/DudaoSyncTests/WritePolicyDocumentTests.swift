import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoTestSupport
import Foundation
import Testing

/// bundle.md §5 is the write policy a third-party verifier checks authorisation by: it must be
/// what `WritePolicy` says, cover every record type, and be what an import actually enforces.
@Suite struct WritePolicyDocumentTests {
    static let begin = "<!-- write-policy: begin -->", end = "<!-- write-policy: end -->"

    /// The tables between the markers of `schemas/bundle.md`.
    static func documented() throws -> String {
        let text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("schemas/bundle.md"), encoding: .utf8)
        let start = try #require(text.range(of: begin)), stop = try #require(text.range(of: end))
        return text[start.upperBound..<stop.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theDocumentsTablesAreWhatWritePolicySays() throws {
        let generated = WritePolicy.documentTables(for: SyncLab.registry.recordTypes)
        #expect(try Self.documented() == generated, "paste this between the write-policy markers of schemas/bundle.md:\n\(generated)")
    }

    /// Every record type with a schema under `schemas/records/` has a row, and no other.
    @Test func theTableListsEveryRecordType() throws {
        let rows = try Self.documented().split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `"), line.contains("/") else { return nil }
            return line.split(separator: "`")[1].replacingOccurrences(of: "/", with: ".")
        }
        let schemas = try FileManager.default.contentsOfDirectory(atPath: Fixtures.packageRoot.appendingPathComponent("schemas/records").path)
            .filter { $0.hasSuffix(".schema.json") }.map { String($0.dropLast(".schema.json".count)) }
        #expect(Set(rows) == Set(schemas))
        #expect(rows.count == schemas.count)
    }

    /// The rows of a documented table, as cells: the first table (record types) or the second (ledger transitions).
    static func rows(ofTable table: Int) throws -> [[String]] {
        let tables = try documented().components(separatedBy: "\n\n")
        return tables[table].split(separator: "\n").dropFirst(2).map { line in
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
        }
    }

    /// Imports one change of `type` with `body`, sent by the unit (`byBureau` false) or the bureau,
    /// into a copy of the receiver; the outcome.
    static func send(_ lab: SyncLab, type: String, body: Data, byBureau: Bool) throws -> ImportOutcome {
        let unit = ForgedBundleTests.unit
        let sender = byBureau ? lab.bureau : lab.unit(unit), receiver = byBureau ? lab.unit(unit) : lab.bureau
        var change = try BundleForge.changes(of: unit, by: sender, count: 1)[0]
        change.type = type
        change.body = body
        let forge = try BundleForge(from: sender, to: byBureau ? unit : "bureau", changes: [change])
        return BundleImporter(store: try SyncLab.replica(of: receiver)).importBundle(try forge.data())
    }

    /// Each record-type row, read as a verifier would read it, against the importer: a change of a
    /// type the table denies the sender is refused as unauthorised; one it allows is not.
    @Test func eachRecordTypeRowIsWhatTheImporterEnforces() throws {
        let lab = try SyncLab(units: [ForgedBundleTests.unit])
        let rows = try Self.rows(ofTable: 0)
        #expect(rows.count == SyncLab.registry.recordTypes.count)
        for cells in rows {
            let type = try #require(SyncLab.registry.recordType(cells[0]), "\(cells)")
            for (byBureau, allowed) in [(false, cells[1] == "yes"), (true, cells[2] == "yes")] {
                var body = type.example
                if type.id == LedgerTransition.recordType {
                    body = try Bodies.transition(item: "item-1", action: byBureau ? .supervise : .feedback, role: byBureau ? .office : .unit)
                }
                let outcome = try Self.send(lab, type: type.id, body: body, byBureau: byBureau)
                let who = byBureau ? "the bureau" : "a unit"
                if allowed {
                    #expect(outcome.refusal?.fault != .unauthorised, "\(type.id) by \(who): \(outcome)")
                } else {
                    #expect(outcome.refusal?.fault == .unauthorised, "\(type.id) by \(who): \(outcome)")
                }
            }
        }
    }

    /// Each transition row: every role each side might name, refused as unauthorised exactly when
    /// the table does not list it for that side and action.
    @Test func eachTransitionRowIsWhatTheImporterEnforces() throws {
        let lab = try SyncLab(units: [ForgedBundleTests.unit])
        let rows = try Self.rows(ofTable: 1)
        #expect(rows.map { $0[0] } == LedgerAction.allCases.map(\.rawValue))
        for cells in rows {
            let action = try #require(LedgerAction(rawValue: cells[0]))
            for (byBureau, listed) in [(false, cells[1]), (true, cells[2])] {
                let roles = Set(listed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                for role in LedgerRole.allCases where role != .leader {  // a leader also needs the roster: ForgedBundleTests
                    let body = try Bodies.transition(item: "item-1", action: action, role: role)
                    let outcome = try Self.send(lab, type: LedgerTransition.recordType, body: body, byBureau: byBureau)
                    let refused = outcome.refusal?.fault == .unauthorised
                    #expect(refused == !roles.contains(role.rawValue), "\(action) as \(role) by \(byBureau ? "the bureau" : "a unit"): \(outcome)")
                }
            }
        }
    }
}
