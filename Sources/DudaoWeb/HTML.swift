/// A piece of HTML that is safe to send: every value interpolated into it is escaped, unless it
/// is itself `HTML`.
///
/// Markup comes from three places only: string literals in the source (`"<td>"`), other `HTML`
/// values, and ``init(unsafeRaw:)``, the one explicit door for markup made elsewhere (grep for
/// `unsafeRaw` to audit them all). A `String` value can never become markup by accident:
///
///     let title = "<script>"
///     let cell: HTML = "<td>\(title)</td>"   // <td>&lt;script&gt;</td>
public struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup, ready to send.
    public private(set) var markup: String

    /// Markup written in the source code.
    public init(stringLiteral markup: String) {
        self.markup = markup
    }

    public init(stringInterpolation: Interpolation) {
        markup = stringInterpolation.markup
    }

    /// Markup taken as it is, unescaped: only for markup that was made safe elsewhere.
    public init(unsafeRaw markup: String) {
        self.markup = markup
    }

    /// Text shown as text: every character that means something in HTML is escaped.
    public init(text: String) {
        markup = ""
        HTML.escape(text, into: &markup)
    }

    /// Markup built here from other `HTML` values.
    fileprivate init(combined markup: String) {
        self.markup = markup
    }

    public static let empty = HTML(stringLiteral: "")

    public var isEmpty: Bool { markup.isEmpty }

    public var description: String { markup }

    public static func + (lhs: HTML, rhs: HTML) -> HTML {
        HTML(combined: lhs.markup + rhs.markup)
    }

    public static func += (lhs: inout HTML, rhs: HTML) {
        lhs.markup += rhs.markup
    }

    /// Interpolation that escapes every value but `HTML`.
    public struct Interpolation: StringInterpolationProtocol {
        var markup: String

        public init(literalCapacity: Int, interpolationCount: Int) {
            markup = ""
            markup.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            markup += literal
        }

        public mutating func appendInterpolation(_ html: HTML) {
            markup += html.markup
        }

        /// Nothing when nil.
        public mutating func appendInterpolation(_ html: HTML?) {
            if let html { markup += html.markup }
        }

        /// The parts one after another.
        public mutating func appendInterpolation(_ parts: [HTML]) {
            for part in parts { markup += part.markup }
        }

        public mutating func appendInterpolation(_ text: String) {
            HTML.escape(text, into: &markup)
        }

        public mutating func appendInterpolation(_ text: Substring) {
            HTML.escape(String(text), into: &markup)
        }

        /// Integers need no escaping.
        public mutating func appendInterpolation<Number: BinaryInteger>(_ number: Number) {
            markup += String(number)
        }

        /// Any other value as its description, escaped (dates, ids, enums).
        public mutating func appendInterpolation<Value: CustomStringConvertible>(_ value: Value) {
            HTML.escape(value.description, into: &markup)
        }
    }

    /// Appends `text` to `markup` with `& < > " '` escaped; text without them is copied as it is.
    static func escape(_ text: String, into markup: inout String) {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            markup += text
            return
        }
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let replacement: String?
            switch utf8[index] {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22: replacement = "&quot;"
            case 0x27: replacement = "&#39;"
            default: replacement = nil
            }
            if let replacement {
                markup += text[start..<index]
                markup += replacement
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        markup += text[start..<utf8.endIndex]
    }
}

extension Sequence where Element == HTML {
    /// The parts with `separator` between them.
    public func joined(separator: HTML = .empty) -> HTML {
        var result = ""
        var first = true
        for part in self {
            if !first { result += separator.markup }
            result += part.markup
            first = false
        }
        return HTML(combined: result)
    }
}
