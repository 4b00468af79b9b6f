import DudaoKernel
import Foundation

/// A record as listed by `dudao record list --json`: its envelope and its body.
public struct PublicRecord: PublicOutput, Hashable {
    public var id: String
    public var unit: String
    public var type: String
    public var author: String?
    public var hlc: String
    public var origin: String
    public var sequence: Int64
    public var evidence: [String]
    /// Evidence the record cites that has not arrived in this store yet.
    public var missingEvidence: [String]
    /// The body, valid against `schemas/records/` for its type.
    public var body: JSONValue

    public init(_ record: RecordEnvelope, present: Set<String>) {
        id = record.id
        unit = record.unit
        type = record.type
        author = record.author
        hlc = record.hlc.description
        origin = record.origin
        sequence = record.sequence
        evidence = record.evidence
        missingEvidence = record.evidence.filter { !present.contains($0) }
        body = (try? JSONDecoder().decode(JSONValue.self, from: record.body)) ?? .null
    }

    enum CodingKeys: String, CodingKey {
        case id, unit, type, author, hlc, origin, sequence, evidence, missingEvidence, body
    }
}

/// A unit's printable report: `dudao report unit UNIT --json`.
public struct PublicUnitReport: PublicOutput, Hashable {
    public var unit: String
    public var name: String
    public var asOf: LocalDate
    public var status: PublicStatus
    public var ledger: [PublicLedgerItem]
    public var sections: [Section]
    /// Absent when the evaluation does not cover the unit.
    public var score: PublicScore?
    /// The settings behind this unit's verdicts that are the campaign office's, not the plan's.
    public var assumptions: [PublicAssumption]

    /// A setting the plan does not fix, decided by the campaign office, with its reason.
    public struct PublicAssumption: PublicOutput, Hashable {
        /// The clause it belongs to; absent for a campaign-wide setting.
        public var clause: String?
        public var name: String
        public var value: JSONValue
        public var reason: LocalizedText

        public init(_ assumption: Assumption) {
            clause = assumption.clause
            name = assumption.name
            value = assumption.value
            reason = assumption.reason
        }

        enum CodingKeys: String, CodingKey {
            case clause, name, value, reason
        }
    }

    /// A plugin's report section: a table of text.
    public struct Section: PublicOutput, Hashable {
        public var id: String
        public var clause: String?
        public var title: String
        public var columns: [String]
        public var rows: [[String]]

        public init(id: String, clause: String?, title: String, table: ReportTable) {
            self.id = id
            self.clause = clause
            self.title = title
            columns = table.columns
            rows = table.rows
        }

        enum CodingKeys: String, CodingKey {
            case id, clause, title, columns, rows
        }
    }

    public init(unit: String, name: String, asOf: LocalDate, status: UnitStatus, ledger: [LedgerItemState], sections: [Section],
                score: UnitScore?, assumptions: [Assumption]) {
        self.unit = unit
        self.name = name
        self.asOf = asOf
        self.status = PublicStatus(status)
        self.ledger = ledger.map { PublicLedgerItem($0, asOf: asOf) }
        self.sections = sections
        self.score = score.map(PublicScore.init)
        self.assumptions = assumptions.map(PublicAssumption.init)
    }

    enum CodingKeys: String, CodingKey {
        case unit, name, asOf, status, ledger, sections, score, assumptions
    }
}
