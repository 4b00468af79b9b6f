/// CSV text for spreadsheets, safe to open.
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel,
/// WPS and LibreOffice as a formula, so a unit's ledger title could run `HYPERLINK` or worse
/// on the clerk's PC. Such a cell is prefixed with `'` (OWASP's rule for CSV injection), then
/// quoted as RFC 4180 says. The file starts with a byte-order mark so Excel reads UTF-8.
public enum CSVText {
    public static func file(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { row in row.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One cell: neutralised, then quoted when it holds a comma, quote or line break.
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
