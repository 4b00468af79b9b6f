import Foundation

/// An `application/x-www-form-urlencoded` body, parsed: the bureau's forms and the workstation's.
public enum URLEncodedForm {
    /// Every `name=value` pair in order, decoded (`+` is a space); a name may repeat (a list field).
    public static func pairs(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first, !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? parts[1] : "")
        }
    }

    /// The fields by name; the last value wins when a name repeats.
    public static func fields(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs(text) { result[pair.name] = pair.value }
        return result
    }
}
