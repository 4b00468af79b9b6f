import Benchmarking
import DudaoKernel
import DudaoTestSupport
import Evaluation
import Foundation
import Publicity
import Rectification
import SelfInspection
import Testing

/// Every record type describes its fields so a form can be built from them; the conformance
/// check refuses a type whose descriptions miss a key, name a key the body lacks, disagree
/// with its optionality or kind, or lack a language.
@Suite("Field descriptions")
struct FieldDescriptionTests {
    static let registry = try! PluginRegistry(plugins: SimulationTests.plugins)

    @Test("every registered record type, the kernel's too, describes its body exactly",
          arguments: registry.recordTypes.map(\.id))
    func everyTypeIsDescribed(_ id: String) throws {
        let type = try #require(Self.registry.recordType(id))
        #expect(type.fieldDescriptionProblems() == [])
        #expect(type.fieldReferenceProblems(in: try Fixtures.campaign(), recordTypes: Self.registry.recordTypes.map(\.id)) == [])
        // The example's keys are all described (through groups and lists).
        let example = try JSONDecoder().decode(JSONValue.self, from: type.example)
        let described = Set(type.describedKeys)
        #expect(!described.isEmpty)
        for key in example.objectValue?.keys.sorted() ?? [] { #expect(described.contains(key), "\(id): \(key)") }
    }

    // A body whose descriptions are wrong in every way the check knows.
    struct Visit: RecordBody, Hashable {
        static let recordType = "test/visit"
        static let title = LocalizedText(zh: "走访", en: "visit")
        enum Mood: String, Codable, CaseIterable { case good, bad }
        struct Note: Codable, Hashable { var text: String; var page: Int? }

        var visitedOn: LocalDate
        var people: Int
        var mood: Mood
        var notes: [Note]
        var summary: String?

        static var example: Visit {
            Visit(visitedOn: LocalDate("2017-04-02")!, people: 3, mood: .good, notes: [Note(text: "a", page: 2)], summary: "s")
        }

        static let fields: [FieldDescription] = [
            .init("visitedOn", zh: "日期", en: "Visited on", kind: .text),
            .init("people", zh: "人数", en: "", kind: .integer(min: 1, max: nil), required: false),
            .init("mood", zh: "气氛", en: "Mood", kind: .choice([FieldOption("good", zh: "好", en: "good")])),
            .init("notes", zh: "记录", en: "Notes", kind: .list(.group([
                .init("text", zh: "内容", en: "Text", kind: .text),
            ]))),
            .init("weather", zh: "天气", en: "Weather", kind: .text, required: false),
        ]
    }

    struct Undescribed: RecordBody, Hashable {
        static let recordType = "test/undescribed"
        static let title = LocalizedText(zh: "无描述", en: "undescribed")
        var title: String
        static var example: Undescribed { Undescribed(title: "t") }
    }

    @Test("wrong descriptions are each named, with the type and the field path")
    func wrongDescriptionsAreRefused() {
        let problems = RecordType(Visit.self, plugin: "test").fieldDescriptionProblems()
        #expect(problems.contains("test/visit: visitedOn is described as text but is a LocalDate"))
        #expect(problems.contains("test/visit: the label of people has no English"))
        #expect(problems.contains("test/visit: people is described as optional but the body's property is required"))
        #expect(problems.contains("test/visit: mood's options [\"good\"] differ from the body's cases [\"good\", \"bad\"]"))
        #expect(problems.contains("test/visit: the body's property notes[].page has no description"))
        #expect(problems.contains("test/visit: the example's key notes[].page has no description"))
        #expect(problems.contains("test/visit: describes weather, which the body does not have"))
        #expect(problems.contains("test/visit: the body's property summary has no description"))
        #expect(problems.contains("test/visit: the example's key summary has no description"))
        #expect(problems.count == 9, "\(problems)")
        #expect(RecordType(Undescribed.self, plugin: "test").fieldDescriptionProblems()
            == ["test/undescribed: describes no fields (static let fields: [FieldDescription]), so no form can be built"])
    }

    @Test("a description naming a clause, an option list or a record type that does not exist is refused")
    func danglingReferencesAreRefused() throws {
        struct Dangling: RecordBody, Hashable {
            static let recordType = "test/dangling"
            static let title = LocalizedText(zh: "悬空", en: "dangling")
            var on: LocalDate
            var form: String
            var items: [Item]
            struct Item: Codable, Hashable { var source: String }
            static var example: Dangling { Dangling(on: LocalDate("2017-04-02")!, form: "x", items: []) }
            static let fields: [FieldDescription] = [
                .init("on", zh: "日期", en: "On", kind: .date(windowOf: "9.9")),
                .init("form", zh: "形式", en: "Form", kind: .clauseOption(clause: "1.4", list: "noSuchList")),
                .init("items", zh: "项", en: "Items", kind: .list(.group([
                    .init("source", zh: "来源", en: "Source", kind: .record(type: "nowhere/type")),
                ]))),
            ]
        }
        let problems = RecordType(Dangling.self, plugin: "test").fieldReferenceProblems(in: try Fixtures.campaign(), recordTypes: ["ledger/item"])
        #expect(problems == [
            "test/dangling: on is bounded by clause 9.9, which the campaign does not have",
            "test/dangling: form offers clause 1.4's list noSuchList, which the campaign does not have",
            "test/dangling: items[].source refers to record type nowhere/type, which is not registered",
        ])
    }

    @Test("validation paths read back into steps, and a path names its field by its labels")
    func pathsAndLabels() throws {
        let path = try #require(FieldPath("problems[0].measures[2]"))
        #expect(path.steps == [.key("problems"), .index(0), .key("measures"), .index(2)])
        #expect(path.description == "problems[0].measures[2]")
        #expect(FieldPath("$")?.steps == [])
        #expect(FieldPath("$.heldOn")?.steps == [.key("heldOn")])
        #expect(FieldPath("a[x]") == nil && FieldPath("a[1") == nil)
        let fields = SelfInspectionReport.fields
        #expect(fields.label(of: path, .zh) == "查摆出的问题 第 1 项 · 整改措施 第 3 项")
        #expect(fields.label(of: path, .en) == "Problems found, item 1 · Measures, item 3")
        #expect(fields.field(at: try #require(FieldPath("problems[1].deadline")))?.label.zh == "整改时限")
        #expect(fields.label(of: try #require(FieldPath("nothing")), .zh) == nil)
    }
}
