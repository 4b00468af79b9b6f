/// A validation error said with the fields' labels, for a person who never saw the body's keys.
extension RecordValidationError {
    /// The message with each field named by its label before its path:
    /// `稿件标题 · title：不能为空` / `Title · title: must not be empty`. Paths no description names
    /// (the body itself, an evidence hash) stay as they are.
    public func message(labelledBy fields: [FieldDescription]) -> LocalizedText {
        message(naming: { issue, language in
            guard let path = FieldPath(issue.path), let label = fields.label(of: path, language) else { return issue.path }
            return "\(label) · \(issue.path)"
        })
    }
}
