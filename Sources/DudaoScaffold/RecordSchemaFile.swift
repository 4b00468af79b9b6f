import DudaoKernel
import Foundation

/// `schemas/records/<plugin>.<type>.schema.json`: a record type's JSON Schema as `dudao schema export` writes it.
public enum RecordSchemaFile {
    /// The file name of record type `type`'s schema.
    public static func name(of type: String) -> String { type.replacingOccurrences(of: "/", with: ".") + ".schema.json" }

    /// The bytes of the file: sorted keys, indented, a final newline.
    public static func data(_ schema: JSONSchema) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(schema.document)
        data.append(0x0A)
        return data
    }
}

/// The Codable shape of the record type the scaffold writes, so the scaffold can write its schema
/// before the new plugin is built; the plugin's conformance test checks the two agree.
struct TemplateRecordShape: Decodable {
    var heldOn: LocalDate
    var content: String
    var notes: String?
}
