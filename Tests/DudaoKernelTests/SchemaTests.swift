import DudaoKernel
import Testing

@Suite struct SchemaTests {
    @Test func schemasAreDerivedFromTheCodableShape() throws {
        let schema = JSONSchema.describe(LedgerItem.self, title: LedgerItem.title, id: LedgerItem.recordType).document
        let properties = try #require(schema["properties"]?.objectValue)
        #expect(properties["title"]?["type"] == .string("string"))
        #expect(properties["measures"]?["type"] == .string("array"))
        #expect(properties["deadline"]?["format"] == .string("date"))
        #expect(properties["source"]?["enum"]?.stringArray == LedgerSource.allCases.map(\.rawValue))
        let required = Set(schema["required"]?.stringArray ?? [])
        #expect(required == ["title", "source", "measures", "registeredOn"])
        #expect(schema["additionalProperties"] == .bool(false))
    }

    @Test func nestedObjectsAreDescribed() throws {
        let schema = JSONSchema.describe(Inspection.self, title: Inspection.title, id: Inspection.recordType).document
        let findings = try #require(schema["properties"]?["findings"]?["items"])
        #expect(findings["properties"]?["deadline"]?["format"] == .string("date"))
        #expect(findings["required"]?.stringArray == ["problem", "deadline"])
    }
}
