import DudaoKernel
import Foundation

/// A record's body as a person reads it, for both doors (the bureau's record page, the
/// workstation's): each field the record type describes under its label, people and units by
/// name, choices by their label; fields the type does not describe last, under their keys.
public struct RecordView: Sendable {
    public let campaign: Campaign
    public let registry: PluginRegistry

    public init(campaign: Campaign, registry: PluginRegistry) {
        self.campaign = campaign
        self.registry = registry
    }

    /// The record type's title, or the type id when this build has no such type.
    public func typeTitle(_ type: String, _ t: Tr) -> String { registry.recordType(type).map { t.text($0.title) } ?? type }

    /// One row per field: the label and the value in words ("—" for a described field left empty).
    public func rows(_ record: RecordEnvelope, _ t: Tr) -> [(name: String, value: HTML)] {
        let object = Self.object(record)
        let described = registry.recordType(record.type)?.fields ?? []
        var rows: [(name: String, value: HTML)] = described.map { field in
            (t.text(field.label), "\(object[field.key].map { display($0, kind: field.kind, t) } ?? "—")")
        }
        for key in object.keys.sorted() where !described.contains(where: { $0.key == key }) {
            rows.append((key, "\(object[key].map { display($0, kind: nil, t) } ?? "")"))
        }
        return rows
    }

    /// A record's line in a list or a link: its first text field's value, else its type's title
    /// with its first date.
    public func headline(_ record: RecordEnvelope, _ t: Tr) -> String {
        let title = typeTitle(record.type, t)
        let object = Self.object(record)
        guard !object.isEmpty else { return title }
        let fields = registry.recordType(record.type)?.fields ?? []
        let keys = fields.filter { $0.kind == .text || $0.kind == .longText }.map(\.key) + ["title", "topic", "summary", "name"]
        for key in keys {
            if let text = object[key]?.stringValue, !text.isEmpty { return String(text.prefix(60)) }
        }
        let dates = fields.compactMap { field -> String? in if case .date = field.kind { return object[field.key]?.stringValue }; return nil }
        return title + (dates.first.map { " · \($0)" } ?? "")
    }

    /// A body value as a person reads it: names for people and units, labels for choices.
    public func display(_ value: JSONValue, kind: FieldKind?, _ t: Tr) -> String {
        switch (kind, value) {
        case (.person?, .string(let id)): return campaign.person(id)?.name ?? id
        case (.unit?, .string(let id)): return campaign.unit(id).map { t.text($0.name) } ?? id
        case (.choice(let options)?, .string(let id)): return options.first { $0.id == id }.map { t.text($0.label) } ?? id
        case (.boolean?, .bool(let flag)): return flag ? t("是", "yes") : t("否", "no")
        case (.list(let inner)?, .array(let items)): return items.map { display($0, kind: inner, t) }.joined(separator: t("、", ", "))
        case (_, .string(let text)): return text
        case (_, .array(let items)): return items.map { display($0, kind: nil, t) }.joined(separator: t("、", ", "))
        default: return value.compactText
        }
    }

    /// The body's top-level fields; empty for a tombstone or a body that is not an object.
    static func object(_ record: RecordEnvelope) -> [String: JSONValue] {
        (try? JSONDecoder().decode([String: JSONValue].self, from: record.body)) ?? [:]
    }
}
