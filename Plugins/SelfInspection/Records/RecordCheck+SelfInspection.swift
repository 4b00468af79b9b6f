import DudaoKernel

extension RecordCheck {
    /// Every entry of a list of text must not be blank.
    mutating func nonEmpty(_ texts: [String], at path: String) {
        for (index, text) in texts.enumerated() { nonEmpty(text, at: "\(path)[\(index)]") }
    }
}
