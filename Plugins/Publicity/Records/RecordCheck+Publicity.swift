import DudaoKernel

extension RecordCheck {
    /// A web address must start with `http://` or `https://`.
    mutating func webAddress(_ text: String, at path: String) {
        let lowered = text.lowercased()
        if !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) || lowered.count < 12 {
            fail(path, "“\(text)”不是网址（应以 http:// 或 https:// 开头）", "'\(text)' is not a web address (http:// or https://)")
        }
    }
}
