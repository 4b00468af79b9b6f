import DudaoKernel
import DudaoPlugins
import DudaoTestSupport
import DudaoWeb
import Foundation
import Testing

/// The forms built from the plugins' field descriptions, for every record type of the registry:
/// filled from the example and sent as a browser sends it, they give back the example's bytes;
/// with a required field missing or a wrong value, the error stands beside that field, in the
/// person's language, and nothing valid comes out.
@Suite("Record forms from field descriptions")
struct RecordFormTests {
    static let campaign = try! Fixtures.campaign()
    static let registry = try! PluginList.registry()
    /// The unit the conformance suite validates examples for (its first: the campaign office).
    static let unit = campaign.units[0]
    /// Every record type of the clauses the shipped campaign has (a registered example phase's clause lives in its own file).
    static let typeIDs = registry.recordTypes.filter { $0.clauses.allSatisfy { campaign.clause($0) != nil } }.map(\.id)

    static func type(_ id: String) throws -> RecordType { try #require(registry.recordType(id)) }

    /// The unit's own records a form offers: those the example refers to, as the store would list them.
    static func ownRecords(for type: RecordType) -> [RecordChoice] {
        let example = (try? JSONDecoder().decode(JSONValue.self, from: type.example)) ?? .null
        var found: [RecordChoice] = []
        func walk(_ kind: FieldKind, _ value: JSONValue?) {
            switch kind {
            case .record(let type):
                if let id = value?.stringValue { found.append(RecordChoice(id: id, type: type, summary: "记录 \(found.count + 1)")) }
            case .list(let element):
                for item in value?.arrayValue ?? [] { walk(element, item) }
            case .group(let fields):
                for field in fields { walk(field.kind, value?[field.key]) }
            default:
                break
            }
        }
        walk(.group(type.fields), example)
        return found + [RecordChoice(id: "other-record", type: "ledger/item", summary: "另一事项")]
    }

    static func render(_ type: RecordType, values: RecordForm.Values, issues: [ValidationIssue] = [], _ language: Language) -> String {
        RecordForm(type: type, campaign: campaign, unit: unit, ownRecords: ownRecords(for: type), values: values,
                   issues: issues, language: language).html.markup
    }

    /// Sends `pairs` and shows the form again as a rejected submission is shown.
    static func submit(_ pairs: [(name: String, value: String)], _ type: RecordType, _ language: Language)
        -> (result: Result<Data, RecordValidationError>, page: String) {
        let input = RecordFormInput(pairs: pairs, type: type)
        let result = input.validated(by: type, campaign: campaign, unit: unit)
        let issues = if case .failure(let error) = result { error.issues } else { [ValidationIssue]() }
        return (result, render(type, values: .json(input.values), issues: issues, language))
    }

    /// The error shown beside the field named `name`, and whether its control or group points to it.
    static func error(beside name: String, in page: String) -> String? {
        let id = RecordFormName.id(of: name)
        guard let start = page.range(of: "<span class=\"field-err\" id=\"\(id)-err\">"),
              let end = page[start.upperBound...].range(of: "</span>") else { return nil }
        guard page.contains("id=\"\(id)\""), page.range(of: "id=\"\(id)\"[^>]*aria-describedby=\"[^\"]*\(id)-err", options: .regularExpression) != nil
        else { return "not described by" }
        return String(page[start.upperBound..<end.lowerBound]).unescaped
    }

    // MARK: The example goes round

    @Test("the form filled from the example, sent as rendered, validates to the example's bytes",
          arguments: typeIDs, Language.allCases)
    func exampleRoundTrips(_ id: String, _ language: Language) throws {
        let type = try Self.type(id)
        let page = Self.render(type, values: .body(type.example), language)
        let browser = BrowserForm(page)
        #expect(!browser.pairs.isEmpty)
        let input = RecordFormInput(pairs: browser.pairs, type: type)
        #expect(input.issues == [])
        #expect(input.moreRequested == nil)
        let canonical = try input.validated(by: type, campaign: Self.campaign, unit: Self.unit).get()
        #expect(String(decoding: canonical, as: UTF8.self) == String(decoding: type.example, as: UTF8.self))
        // Every field has a label in the page's language.
        for field in type.fields { #expect(page.contains(HTML(text: field.label(language)).markup), "\(field.key)") }
    }

    // MARK: Required fields and wrong values

    /// The required fields a person fills (a list may be empty, an unticked box is "no").
    static func requiredFields(_ fields: [FieldDescription], prefix: String) -> [String] {
        fields.filter { field in
            guard field.required else { return false }
            switch field.kind {
            case .list, .boolean, .group: return false
            default: return true
            }
        }.map { prefix + "." + $0.key }
    }

    /// The required fields inside the first item of each list of groups the example fills.
    static func requiredItemFields(_ type: RecordType) -> [(name: String, path: String)] {
        let example = (try? JSONDecoder().decode(JSONValue.self, from: type.example)) ?? .null
        return type.fields.flatMap { field -> [(name: String, path: String)] in
            guard case .list(.group(let nested)) = field.kind, !(example[field.key]?.arrayValue ?? []).isEmpty else { return [] }
            return requiredFields(nested, prefix: "f.\(field.key).0").map { name in
                (name, "\(field.key)[0].\(name.split(separator: ".").last!)")
            }
        }
    }

    @Test("each required field left empty: the error stands beside it, in the chosen language, and nothing is valid",
          arguments: typeIDs, Language.allCases)
    func requiredFieldMissing(_ id: String, _ language: Language) throws {
        let type = try Self.type(id)
        let browser = BrowserForm(Self.render(type, values: .body(type.example), language))
        let topLevel = Self.requiredFields(type.fields, prefix: "f").map { (name: $0, path: String($0.dropFirst(2))) }
        let cases = topLevel + Self.requiredItemFields(type)
        #expect(!cases.isEmpty, "\(id) has no required field to leave out")
        for (name, path) in cases {
            for pairs in [browser.without(name), browser.setting(name, to: "  ")] {
                let (result, page) = Self.submit(pairs, type, language)
                guard case .failure(let error) = result else {
                    Issue.record("\(id): \(name) left empty was accepted")
                    continue
                }
                #expect(error.issues.contains { $0.path == path }, "\(id): \(error.issues)")
                let message = language == .zh ? "此项必填" : "this field is required"
                #expect(Self.error(beside: name, in: page) == message, "\(id): \(name)")
                #expect(page.contains("class=\"err form-errors\" role=\"alert\""))
                #expect(page.contains("href=\"#\(RecordFormName.id(of: name))\""))
            }
        }
    }

    @Test("a date before its clause's window: validation's error beside the date, in the chosen language",
          arguments: typeIDs, Language.allCases)
    func dateOutsideWindow(_ id: String, _ language: Language) throws {
        let type = try Self.type(id)
        let browser = BrowserForm(Self.render(type, values: .body(type.example), language))
        for field in type.fields {
            guard case .date(let clauseID?) = field.kind, let clause = Self.campaign.clause(clauseID) else { continue }
            let early = clause.window.start.adding(days: -1)
            let name = "f.\(field.key)"
            let (result, page) = Self.submit(browser.setting(name, to: early.description), type, language)
            guard case .failure(let error) = result else {
                Issue.record("\(id): \(field.key) = \(early) was accepted")
                continue
            }
            #expect(!error.issues.isEmpty && error.issues.allSatisfy { $0.path == field.key }, "\(id): \(error.issues)")
            let shown = try #require(Self.error(beside: name, in: page))
            #expect(shown.contains(early.description) && shown.contains(clauseID))
            #expect(shown.contains(language == .zh ? "不在条款" : "is outside clause"), "\(shown)")
        }
    }

    @Test("letters in a number: an error beside the number, not a crash, in the chosen language",
          arguments: typeIDs, Language.allCases)
    func lettersInNumber(_ id: String, _ language: Language) throws {
        let type = try Self.type(id)
        let browser = BrowserForm(Self.render(type, values: .body(type.example), language))
        let numbers = browser.pairs.map(\.name).filter { name in
            guard let path = FieldPath(String(name.dropFirst(2))), let field = type.fields.field(at: path) else { return false }
            switch field.kind {
            case .integer, .decimal: return true
            default: return false
            }
        }
        for name in numbers {
            let (result, page) = Self.submit(browser.setting(name, to: "12abc"), type, language)
            guard case .failure(let error) = result else {
                Issue.record("\(id): \(name) = 12abc was accepted")
                continue
            }
            #expect(error.issues.count == 1, "\(error.issues)")
            let shown = try #require(Self.error(beside: name, in: page))
            #expect(shown == (language == .zh ? "“12abc”不是数字，请只填写阿拉伯数字" : "'12abc' is not a number; use digits only")
                || shown == (language == .zh ? "“12abc”不是数字，请只填写阿拉伯数字和小数点" : "'12abc' is not a number; use digits and a decimal point only"))
            // What was typed is shown again.
            #expect(page.contains("value=\"12abc\""))
        }
    }
}
