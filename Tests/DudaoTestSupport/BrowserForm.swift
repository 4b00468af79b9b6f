/// What a browser sends when a form is submitted as rendered, read from its markup the way the
/// HTML standard builds a form's data set: text, date and number inputs with their values; ticked
/// checkboxes only; each `<select>` with its selected option (else its first); each `<textarea>`
/// with its text, the newline after the tag dropped and line breaks sent as CRLF; buttons not sent.
public struct BrowserForm {
    public private(set) var pairs: [(name: String, value: String)] = []

    public init(_ markup: String) {
        var cursor = markup.startIndex
        var select: (name: String?, chosen: String?, first: String?)?
        while let open = markup[cursor...].firstIndex(of: "<"), let close = markup[open...].firstIndex(of: ">") {
            let tag = Tag(markup[markup.index(after: open)..<close])
            cursor = markup.index(after: close)
            switch tag.name {
            case "input":
                guard let name = tag["name"], tag["disabled"] == nil else { continue }
                switch tag["type"] ?? "text" {
                case "checkbox", "radio":
                    if tag["checked"] != nil { pairs.append((name, tag["value"] ?? "on")) }
                case "submit", "button", "reset", "image", "file":
                    continue
                default:
                    pairs.append((name, tag["value"] ?? ""))
                }
            case "select":
                select = (tag["name"], nil, nil)
            case "option" where select != nil:
                let value = tag["value"] ?? ""
                if select?.first == nil { select?.first = value }
                if tag["selected"] != nil { select?.chosen = value }
            case "/select":
                if let current = select, let name = current.name, let value = current.chosen ?? current.first {
                    pairs.append((name, value))
                }
                select = nil
            case "textarea":
                guard let end = markup[cursor...].range(of: "</textarea>") else { return }
                var text = String(markup[cursor..<end.lowerBound]).browserUnescaped
                if text.hasPrefix("\n") { text.removeFirst() }
                if let name = tag["name"] { pairs.append((name, text.replacingOccurrences(of: "\n", with: "\r\n"))) }
                cursor = end.upperBound
            default:
                continue
            }
        }
    }

    /// The pairs without those named `name` or inside it (`f.problems` drops `f.problems.0.title`).
    public func without(_ name: String) -> [(name: String, value: String)] {
        pairs.filter { $0.name != name && !$0.name.hasPrefix(name + ".") }
    }

    /// The pairs with the value of `name` replaced (or added when absent).
    public func setting(_ name: String, to value: String) -> [(name: String, value: String)] {
        var result = without(name)
        result.append((name, value))
        return result
    }

    /// One tag's name and attributes (double-quoted values, unescaped; bare attributes map to "").
    struct Tag {
        var name: String
        var attributes: [String: String] = [:]

        init(_ text: Substring) {
            var rest = text[...]
            name = String(rest.prefix { !$0.isWhitespace }).lowercased()
            rest = rest.dropFirst(name.count)
            while true {
                rest = rest.drop { $0.isWhitespace }
                guard !rest.isEmpty else { break }
                let key = String(rest.prefix { $0 != "=" && !$0.isWhitespace })
                guard !key.isEmpty else { break }
                rest = rest.dropFirst(key.count)
                if rest.first == "=" {
                    rest = rest.dropFirst()
                    guard rest.first == "\"" else { break }
                    rest = rest.dropFirst()
                    let value = rest.prefix { $0 != "\"" }
                    attributes[key.lowercased()] = String(value).browserUnescaped
                    rest = rest.dropFirst(value.count + 1)
                } else {
                    attributes[key.lowercased()] = ""
                }
            }
        }

        subscript(attribute: String) -> String? { attributes[attribute] }
    }
}

extension String {
    /// The text an escaped attribute or text shows.
    fileprivate var browserUnescaped: String {
        replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
