import Foundation

/// What was wrong with a posted form, field by field: shown beside each field, in the page's
/// language, with the values as they were posted (nothing is stored until every field is right).
public struct FormErrors: Sendable, Hashable {
    public private(set) var messages: [String: String] = [:]
    /// The names of the fields in the order their errors were found.
    public private(set) var order: [String] = []

    public init() {}

    public subscript(field: String) -> String? { messages[field] }

    public var isEmpty: Bool { messages.isEmpty }

    /// Notes the first error of `field`.
    public mutating func add(_ field: String, _ message: String) {
        guard messages[field] == nil else { return }
        messages[field] = message
        order.append(field)
    }
}

extension Field {
    /// An error beside a field; nothing when there is none.
    public static func error(_ message: String?) -> HTML {
        message.map { "<span class=\"field-err\" role=\"alert\">\($0)</span>" } ?? .empty
    }

    /// A field with its error beside it, marked for the stylesheet and for screen readers.
    public static func checked(_ field: HTML, _ message: String?) -> HTML {
        message == nil ? "<div class=\"field\">\(field)</div>" : "<div class=\"field has-err\">\(field)\(error(message))</div>"
    }

    /// A date between `min` and `max` (the browser's picker keeps to them; the server checks again).
    public static func date(_ label: String, name: String, value: String, min: String?, max: String?, required: Bool = true) -> HTML {
        let low: HTML? = min.map { " min=\"\($0)\"" }
        let high: HTML? = max.map { " max=\"\($0)\"" }
        return "<label>\(label) <input type=\"date\" name=\"\(name)\" value=\"\(value)\"\(low)\(high)\(required ? " required" : "")></label>"
    }

    /// A labelled text area that keeps what was typed.
    public static func textarea(_ label: String, name: String, value: String, rows: Int, placeholder: String = "", required: Bool = false) -> HTML {
        "<label>\(label) <textarea name=\"\(name)\" rows=\"\(rows)\" placeholder=\"\(placeholder)\"\(required ? " required" : "")>\(value)</textarea></label>"
    }

    /// A whole number between `min` and `max` that keeps what was typed.
    public static func number(_ label: String, name: String, value: String, min: Int, max: Int, tooltip: String? = nil) -> HTML {
        let tip: HTML? = tooltip.map { " title=\"\($0)\"" }
        return "<label class=\"inline\"\(tip)>\(label) <input name=\"\(name)\" type=\"number\" min=\"\(min)\" max=\"\(max)\" value=\"\(value)\" class=\"short\"></label>"
    }

    /// A file chooser (in a form made by ``Form/upload(_:csrf:classes:_:)``).
    public static func file(_ label: String, name: String, accept: String? = nil) -> HTML {
        let types: HTML? = accept.map { " accept=\"\($0)\"" }
        return "<label>\(label) <input type=\"file\" name=\"\(name)\"\(types) required></label>"
    }
}

extension Form {
    /// A form that uploads a file (`multipart/form-data`), with the session's token as its first part.
    public static func upload(_ action: Link, csrf: String, classes: String = "box", _ content: HTML) -> HTML {
        """
        <form method="post" action="\(action)" enctype="multipart/form-data" class="\(classes)">\
        <input type="hidden" name="\(csrfField)" value="\(csrf)">\(content)</form>
        """
    }
}

/// A `multipart/form-data` body, parsed: the parts' names, file names and bytes.
public struct MultipartForm: Sendable {
    public struct Part: Sendable {
        public var name: String
        public var filename: String?
        public var data: Data
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    public var parts: [Part]

    public subscript(name: String) -> Part? { parts.first { $0.name == name } }

    /// Parses `body` sent with `contentType`; nil when it is not multipart or is malformed.
    public init?(_ body: Data, contentType: String) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundaryRange = contentType.range(of: "boundary=") else { return nil }
        var boundary = String(contentType[boundaryRange.upperBound...].prefix { $0 != ";" })
        if boundary.hasPrefix("\""), boundary.hasSuffix("\""), boundary.count >= 2 { boundary = String(boundary.dropFirst().dropLast()) }
        guard !boundary.isEmpty, boundary.count <= 200 else { return nil }
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [Part] = []
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { return nil }
        cursor = first.upperBound
        while cursor < body.endIndex {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard body[cursor...].starts(with: Data("\r\n".utf8)) else { return nil }
            let partStart = cursor + 2
            guard let headersEnd = body.range(of: headerEnd, in: partStart..<body.endIndex),
                  let next = body.range(of: Data("\r\n".utf8) + delimiter, in: headersEnd.upperBound..<body.endIndex) else { return nil }
            let headers = String(decoding: body[partStart..<headersEnd.lowerBound], as: UTF8.self)
            var name: String?
            var filename: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = Self.parameter("name", in: line)
                filename = Self.parameter("filename", in: line)
            }
            if let name { parts.append(Part(name: name, filename: filename, data: Data(body[headersEnd.upperBound..<next.lowerBound]))) }
            cursor = next.upperBound
        }
        self.parts = parts
    }

    /// `name="value"` of a Content-Disposition line.
    static func parameter(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            guard pair.hasPrefix(key + "=") else { continue }
            var value = String(pair.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}
