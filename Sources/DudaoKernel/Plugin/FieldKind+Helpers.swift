/// Shorthands for the descriptions plugins write most often.
extension FieldOption {
    public init(_ id: String, label: LocalizedText) {
        self.id = id
        self.label = label
    }
}

extension FieldKind {
    /// One of the cases of a string enum, each labelled by its title:
    /// `.choice(of: SelfInspectionScope.self, \.title)`.
    public static func choice<Choice: CaseIterable & RawRepresentable>(of _: Choice.Type, _ title: (Choice) -> LocalizedText)
        -> FieldKind where Choice.RawValue == String {
        .choice(Choice.allCases.map { FieldOption($0.rawValue, label: title($0)) })
    }

    /// A count of people or things, at least `minimum`.
    public static func count(atLeast minimum: Int) -> FieldKind { .integer(min: minimum, max: nil) }
}

extension FieldDescription {
    /// The description with help text: `.init("url", zh: "网址", en: "Web address", kind: .text).help("以 http:// 开头", "starts with http://")`.
    public func help(_ zh: String, _ en: String) -> FieldDescription {
        var described = self
        described.help = LocalizedText(zh: zh, en: en)
        return described
    }
}
