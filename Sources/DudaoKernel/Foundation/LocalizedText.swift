/// The two languages Dudao speaks: Chinese by default, English on request.
public enum Language: String, Sendable, Codable, CaseIterable {
    case zh, en
}

/// A text in both of Dudao's languages; campaign files and messages carry one of these.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text in `language`.
    public func callAsFunction(_ language: Language) -> String {
        language == .zh ? zh : en
    }
}

/// An error a person can act on: what was wrong and where, in their language.
public protocol DudaoFailure: Error, Sendable {
    var message: LocalizedText { get }
}

/// The general failure: a message and nothing else.
public struct DudaoError: DudaoFailure, Hashable, CustomStringConvertible {
    public var message: LocalizedText

    public init(_ zh: String, _ en: String) {
        message = LocalizedText(zh: zh, en: en)
    }

    public init(_ message: LocalizedText) {
        self.message = message
    }

    public var description: String { message.en }
}
