/// A key's fingerprint (key id) as people read it over the phone: groups of four hex digits.
/// Here in the kernel because the workstation's and bureau's pages and the command line all show it.
public enum Fingerprint {
    /// `ab12cd34ef` → `ab12 cd34 ef`.
    public static func grouped(_ fingerprint: String) -> String {
        stride(from: 0, to: fingerprint.count, by: 4).map { start in
            let from = fingerprint.index(fingerprint.startIndex, offsetBy: start)
            return String(fingerprint[from..<(fingerprint.index(from, offsetBy: 4, limitedBy: fingerprint.endIndex) ?? fingerprint.endIndex)])
        }.joined(separator: " ")
    }
}
