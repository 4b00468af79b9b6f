/// The write policy as the tables of `schemas/bundle.md` §5, so that a verifier written from the
/// document checks a bundle's authorisation as Dudao does. Made from `WritePolicy`'s own answers;
/// a test holds the document to them.
extension WritePolicy {
    /// Which key may write each record type, and which ledger transitions each side may record:
    /// two Markdown tables, record types in id order.
    public static func documentTables(for types: [RecordType]) -> String {
        let unit = Writer.unit("U")
        var lines = [
            "| record type | a unit's key (its own unit only) | the bureau's key (the receiving unit only) |",
            "| --- | --- | --- |",
        ]
        for type in types.sorted(by: { $0.id < $1.id }) {
            let byUnit = mayWrite(type: type, unit: "U", by: unit) == nil
            let byBureau = mayWrite(type: type, unit: "U", by: .bureau) == nil
            lines.append("| `\(type.id)` | \(byUnit ? "yes" : "no") | \(byBureau ? "yes" : "no") |")
        }
        lines += [
            "",
            "| ledger transition `action` | a unit's key, as `role` | the bureau's key, as `role` |",
            "| --- | --- | --- |",
        ]
        for action in LedgerAction.allCases {
            func roles(_ writer: Writer) -> String {
                let allowed = LedgerRole.allCases.filter { mayAct(action, as: $0, by: writer) }.map { "`\($0.rawValue)`" }
                return allowed.isEmpty ? "none" : allowed.joined(separator: ", ")
            }
            lines.append("| `\(action.rawValue)` | \(roles(unit)) | \(roles(.bureau)) |")
        }
        return lines.joined(separator: "\n")
    }
}
