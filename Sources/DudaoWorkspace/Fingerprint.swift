/// A key id as people read it over the phone: groups of four hex digits.
public enum Fingerprint {
    public static func grouped(_ keyID: String) -> String {
        var groups: [Substring] = []
        var rest = Substring(keyID)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: " ")
    }
}
