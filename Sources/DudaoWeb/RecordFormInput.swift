import DudaoKernel
import Foundation

/// A submitted ``RecordForm`` read back into a record body: the inverse of the form.
///
/// ```swift
/// let input = RecordFormInput(pairs: RecordFormInput.pairs(urlEncoded: body), type: type)
/// if let list = input.moreRequested { /* show the form again with more slots in `list` */ }
/// switch input.validated(by: type, campaign: campaign, unit: unit) {
/// case .success(let canonical): store(canonical)
/// case .failure(let error): show(RecordForm(…, values: .json(input.values), issues: error.issues, …))
/// }
/// ```
/// Empty optional fields are left out, an empty required list is `[]`, an unticked yes-or-no
/// field is `false`. What cannot be read (letters in a number, a date that is no date, a required
/// field left empty) is an issue at the field's body path, in both languages, and the typed text
/// is kept in `values` so the form shows it again.
public struct RecordFormInput: Sendable {
    /// The body as typed, a JSON object; unreadable values stay as the text that was typed.
    public private(set) var values: JSONValue
    /// What could not be read, by body path (`problems[0].deadline`).
    public private(set) var issues: [ValidationIssue]
    /// The list (a field name, `f.problems`) whose "add another" button sent the form, if one did:
    /// the form is then shown again with more empty slots there, and nothing is stored.
    public let moreRequested: String?

    /// The name of the "add another" button that lists carry.
    public static let moreField = "more"

    /// Reads the submitted pairs, in the order the browser sent them, against `type`'s fields.
    public init(pairs: [(name: String, value: String)], type: RecordType) {
        var reader = Reader(pairs: pairs)
        values = reader.object(type.fields, prefix: RecordFormName.prefix, path: FieldPath([]), presentOnly: false) ?? .object([:])
        issues = reader.issues
        unreadable = reader.unreadable
        moreRequested = pairs.last { $0.name == Self.moreField }?.value
    }

    /// The paths whose values could not be read, in form order; left out of the body that validation sees.
    private let unreadable: [FieldPath]

    /// The body's JSON bytes when every field could be read, else the issues.
    public static func parse(pairs: [(name: String, value: String)], type: RecordType) -> Result<Data, RecordValidationError> {
        let input = RecordFormInput(pairs: pairs, type: type)
        return input.issues.isEmpty ? .success(input.body) : .failure(RecordValidationError(recordType: type.id, issues: input.issues))
    }

    /// The body as JSON bytes (keys sorted), without the values that could not be read.
    public var body: Data {
        var readable = values
        for path in unreadable.reversed() { readable = readable.removing(path.steps[...]) }
        return (try? RecordCoding.encode(readable)) ?? Data("{}".utf8)
    }

    /// Reads and then validates by the record type's own `validate`: its canonical bytes, or every
    /// issue — those of reading first, then validation's on fields that were read.
    public func validated(by type: RecordType, campaign: Campaign, unit: CampaignUnit?) -> Result<Data, RecordValidationError> {
        let result = type.validate(body, campaign: campaign, unit: unit)
        if issues.isEmpty { return result }
        let read = Set(issues.map(\.path))
        let later = if case .failure(let error) = result { error.issues.filter { !read.contains($0.path) } } else { [ValidationIssue]() }
        return .failure(RecordValidationError(recordType: type.id, issues: issues + later))
    }

    /// The pairs of an `application/x-www-form-urlencoded` body, in order, repeated names kept
    /// (a list of checkboxes sends its name once per ticked box).
    public static func pairs(urlEncoded body: String) -> [(name: String, value: String)] {
        URLEncodedForm.pairs(body)
    }

    /// A number as a form shows it: `38`, `2.5`.
    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}

extension JSONValue {
    /// The value without what lies at `steps`.
    func removing(_ steps: ArraySlice<FieldPath.Step>) -> JSONValue {
        guard let first = steps.first else { return self }
        switch (self, first) {
        case (.object(var object), .key(let key)):
            if steps.count == 1 { object[key] = nil } else if let inner = object[key] { object[key] = inner.removing(steps.dropFirst()) }
            return .object(object)
        case (.array(var items), .index(let index)) where items.indices.contains(index):
            if steps.count == 1 { items.remove(at: index) } else { items[index] = items[index].removing(steps.dropFirst()) }
            return .array(items)
        default:
            return self
        }
    }
}
