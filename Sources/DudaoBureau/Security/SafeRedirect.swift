/// Where a browser may be sent after signing in: only a path on this site.
///
/// A `next` parameter comes from the address bar, so an attacker chooses it. Browsers read
/// `/\host`, `/%5Chost` once decoded, and `/<TAB>/host` as another origin, so only a plain
/// absolute path is accepted: it starts with one `/`, the character after it is neither `/`
/// nor `\`, and it holds no backslash, control character or space, before or after
/// percent-decoding. Anything else becomes `/`.
public enum SafeRedirect {
    public static func path(_ candidate: String?) -> String {
        guard let candidate, isSameSitePath(candidate),
              let decoded = candidate.removingPercentEncoding, isSameSitePath(decoded) else { return "/" }
        return candidate
    }

    static func isSameSitePath(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.first == "/", scalars.count <= 2048 else { return false }
        if scalars.count > 1, scalars[1] == "/" || scalars[1] == "\\" { return false }
        return !scalars.contains { $0 == "\\" || $0.value < 0x21 || $0.value == 0x7F || ($0.value >= 0x80 && $0.value < 0xA0) }
    }
}
