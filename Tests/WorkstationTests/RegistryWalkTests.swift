import DudaoKernel
import DudaoPlugins
import DudaoStore
import DudaoTestSupport
import DudaoWeb
import DudaoWorkspace
import Foundation
import Testing

/// The registry walked over HTTP: for every record type a unit writes through its forms, the
/// generated form is read, filled from the type's example as a browser fills it, submitted with
/// the session's token, and the stored record equals the example; then each required field left
/// out gives an error beside that field, and nothing is stored.
@Suite struct RegistryWalkTests {
    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? text
    }

    /// The record types a unit writes through the record forms (a ledger transition is written by
    /// the ledger page's feedback form).
    static func unitTypes() throws -> [RecordType] {
        let campaign = try Fixtures.campaign()
        // Only the clauses the shipped campaign has: a registered example phase's clause lives in its own file.
        return try PluginList.registry().recordTypes.filter {
            $0.writers.allows(bureau: false) && $0.id != LedgerTransition.recordType && $0.clauses.allSatisfy { campaign.clause($0) != nil }
        }
    }

    /// The record ids a body refers to through `.record(type:)` fields, with their types.
    static func references(_ fields: [FieldDescription], in value: JSONValue) -> [(type: String, id: String)] {
        func walk(_ kind: FieldKind, _ value: JSONValue) -> [(type: String, id: String)] {
            switch (kind, value) {
            case (.record(let type), .string(let id)): [(type, id)]
            case (.list(let element), .array(let items)): items.flatMap { walk(element, $0) }
            case (.group(let inner), .object): references(inner, in: value)
            default: []
            }
        }
        return fields.flatMap { field in value[field.key].map { walk(field.kind, $0) } ?? [] }
    }

    /// Walks the registry over a school, an institution and an office: each type at the first unit
    /// whose kind its example fits (a school reports quarterly, an office monthly …).
    @Test func everyRecordTypeAUnitWritesRoundTripsThroughItsGeneratedForm() async throws {
        var remaining = try Self.unitTypes()
        let total = remaining.count
        var walked = 0, checked = 0
        for unitID in ["school-no1-high", "inst-education-research", "office-party"] where !remaining.isEmpty {
            let harness = try await WorkstationHarness.start(unit: unitID, today: "2017-12-31")
            defer { Task { await harness.stop() } }
            let workspace = harness.unitWorkspace
            let unit = try #require(workspace.unit)
            let fitting = remaining.filter { (try? $0.validate($0.example, campaign: workspace.campaign, unit: unit).get()) != nil }
            remaining.removeAll { type in fitting.contains { $0.id == type.id } }
            let cookie = try await harness.signIn()
            let csrf = try await harness.csrf(cookie)
            for type in fitting {
                let example = try JSONDecoder().decode(JSONValue.self, from: type.example)
                // The records the example refers to exist first, under the ids it names.
                for reference in Self.references(type.fields, in: example) {
                    guard try workspace.store.record(id: reference.id) == nil else { continue }
                    let other = try #require(workspace.registry.recordType(reference.type))
                    try workspace.store.append([NewRecord(id: reference.id, unit: unit.id, type: other.id, body: other.example)])
                }
                let page = try await harness.client.get("/records/new?type=\(Self.encoded(type.id))", cookie: cookie)
                #expect(page.status == 200 && page.body.contains("record-form"), "\(type.id)")
                // Filled from the example as the generated form shows it, then read as a browser sends it.
                let choices = try workspace.records(unit: unit.id).map { RecordChoice(id: $0.id, type: $0.type, summary: $0.id) }
                let filled = RecordForm(type: type, campaign: workspace.campaign, unit: unit, ownRecords: choices, values: .json(example), language: .zh)
                let browser = BrowserForm(filled.html.markup)
                let action = "/records/new?type=\(Self.encoded(type.id))"
                let before = try workspace.store.digest()
                // Each required field left out: the error beside it, nothing stored. (A yes-or-no field
                // left unticked is "no", and a list the type allows empty is "[]": both are values.)
                for field in type.fields where field.required {
                    let name = RecordFormName.prefix + "." + field.key
                    let without = browser.without(name)
                    if case .success = RecordFormInput(pairs: without, type: type).validated(by: type, campaign: workspace.campaign, unit: unit) {
                        continue
                    }
                    let missing = try await harness.client.post(action, pairs: [("csrf", csrf)] + without.map { ($0.name, $0.value) }, cookie: cookie)
                    #expect(missing.status == 422, "\(type.id) without \(field.key)")
                    #expect(missing.body.contains("id=\"\(RecordFormName.id(of: name))-err\"") && missing.body.contains("aria-invalid"),
                            "\(type.id) without \(field.key)")
                    #expect(try workspace.store.digest() == before, "\(type.id) without \(field.key) stored something")
                    checked += 1
                }
                let saved = try await harness.client.post(action, pairs: [("csrf", csrf)] + browser.pairs.map { ($0.name, $0.value) }, cookie: cookie)
                #expect(saved.status == 303, "\(type.id) at \(unitID): \(saved.body.prefix(1500))")
                guard let location = saved.headers["location"], let id = location.split(separator: "/").last.flatMap({ String($0).removingPercentEncoding }),
                      let stored = try workspace.store.record(id: id) else { continue }
                let canonical = try type.validate(type.example, campaign: workspace.campaign, unit: unit).get()
                #expect(try JSONDecoder().decode(JSONValue.self, from: stored.body) == JSONDecoder().decode(JSONValue.self, from: canonical), "\(type.id)")
                walked += 1
            }
        }
        #expect(remaining.isEmpty, "examples that fit no unit walked: \(remaining.map(\.id))")
        #expect(walked == total && walked >= 15)
        #expect(checked >= 30)
    }
}
