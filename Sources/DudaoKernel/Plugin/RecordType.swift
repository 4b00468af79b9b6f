import Foundation

/// A record type with its body type erased: what the kernel keeps after registration.
///
/// Its fields live in one shared box: the importer and the rules look a type up for every change
/// they handle, and a copy is then one retain rather than one for each of its strings and closures.
public struct RecordType: Sendable {
    private final class Storage: Sendable {
        let id: String
        let plugin: String
        let title: LocalizedText
        let writers: RecordWriters
        let clauses: [String]
        let fields: [FieldDescription]
        let check: @Sendable (Data, Campaign, CampaignUnit?) -> Result<Data, RecordValidationError>
        let checkOnly: @Sendable (Data, Campaign, CampaignUnit?) -> RecordValidationError?
        let problems: @Sendable (Data, String, String) -> [LedgerItem]
        let makeSchema: @Sendable () -> JSONSchema
        let makeExample: @Sendable () -> Data
        let makeFiledExample: @Sendable (CampaignUnit, Campaign) -> Data

        init<B: RecordBody>(_: B.Type, plugin: String, clauses: [String]) {
            id = B.recordType
            self.plugin = plugin
            title = B.title
            writers = B.writers
            self.clauses = clauses
            fields = B.fields
            check = { data, campaign, unit in
                RecordType.decodeAndValidate(B.self, data, campaign, unit).flatMap { body in
                    do {
                        return .success(try RecordCoding.encode(body))
                    } catch {
                        return .failure(RecordValidationError(recordType: B.recordType, issues: [ValidationIssue(
                            path: "$", reason: LocalizedText(zh: "无法编码：\(error)", en: "cannot encode: \(error)"))]))
                    }
                }
            }
            checkOnly = { data, campaign, unit in
                if case .failure(let error) = RecordType.decodeAndValidate(B.self, data, campaign, unit) { return error }
                return nil
            }
            problems = { data, recordID, unit in
                (try? RecordCoding.decoder.decode(B.self, from: data))?.ledgerProblems(recordID: recordID, unit: unit) ?? []
            }
            makeSchema = { JSONSchema.describe(B.self, title: B.title, id: B.recordType) }
            makeExample = { (try? RecordCoding.encode(B.example)) ?? Data() }
            makeFiledExample = { unit, campaign in (try? RecordCoding.encode(B.example(filedBy: unit, in: campaign))) ?? Data() }
        }
    }

    private let storage: Storage

    public var id: String { storage.id }
    public var plugin: String { storage.plugin }
    public var title: LocalizedText { storage.title }
    public var writers: RecordWriters { storage.writers }
    public var clauses: [String] { storage.clauses }
    /// The body's fields as a person sees them; forms are built from these.
    public var fields: [FieldDescription] { storage.fields }

    public init<B: RecordBody>(_ type: B.Type, plugin: String, clauses: [String] = []) {
        storage = Storage(type, plugin: plugin, clauses: clauses)
    }

    /// Decodes and validates a body; on success returns its canonical bytes (sorted keys).
    public func validate(_ body: Data, campaign: Campaign, unit: CampaignUnit?) -> Result<Data, RecordValidationError> {
        storage.check(body, campaign, unit)
    }

    static func decodeAndValidate<B: RecordBody>(_: B.Type, _ data: Data, _ campaign: Campaign, _ unit: CampaignUnit?)
        -> Result<B, RecordValidationError> {
        let body: B
        do {
            body = try RecordCoding.decoder.decode(B.self, from: data)
        } catch {
            let problem = DecodingProblem(error, fieldStyle: true)
            return .failure(RecordValidationError(recordType: B.recordType, issues: [ValidationIssue(path: problem.path, reason: problem.reason)]))
        }
        var checker = RecordCheck(campaign: campaign, unit: unit)
        body.validate(&checker)
        return checker.issues.isEmpty ? .success(body) : .failure(RecordValidationError(recordType: B.recordType, issues: checker.issues))
    }

    /// Checks a body without re-encoding it: the merge's path, where the bytes are kept as they came.
    public func check(_ body: Data, campaign: Campaign, unit: CampaignUnit?) -> RecordValidationError? {
        storage.checkOnly(body, campaign, unit)
    }

    /// The ledger items a valid body of this type puts in the ledger.
    public func ledgerProblems(_ body: Data, recordID: String, unit: String) -> [LedgerItem] {
        storage.problems(body, recordID, unit)
    }

    /// The JSON Schema of the body, derived from its Codable shape.
    public var schema: JSONSchema { storage.makeSchema() }

    /// The canonical bytes of the body type's example.
    public var example: Data { storage.makeExample() }

    /// The canonical bytes of the example as `unit` would file it in `campaign`.
    public func example(filedBy unit: CampaignUnit, in campaign: Campaign) -> Data { storage.makeFiledExample(unit, campaign) }
}
