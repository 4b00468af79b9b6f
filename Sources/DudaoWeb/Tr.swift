import DudaoKernel

/// The language of a page and its two-language strings: `t("中文", "English")`.
public struct Tr: Sendable, Hashable {
    public let language: Language

    public init(language: Language) {
        self.language = language
    }

    public func callAsFunction(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    public func text(_ text: LocalizedText) -> String { text(language) }

    /// The `lang` attribute of a page in this language.
    public var htmlLanguage: String { language == .zh ? "zh-CN" : "en" }
}
