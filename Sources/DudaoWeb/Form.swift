/// A form: posts carry the session's CSRF token in a hidden field, checked by the handler.
public struct Form: Sendable {
    public enum Method: String, Sendable {
        case get, post
    }

    public var method: Method
    public var action: Link?
    public var csrf: String?
    public var classes: String
    public var content: HTML

    public init(method: Method, action: Link?, csrf: String?, classes: String, content: HTML) {
        self.method = method
        self.action = action
        self.csrf = csrf
        self.classes = classes
        self.content = content
    }

    /// A form that changes something: it carries `csrf`, the session's token.
    public static func post(_ action: Link, csrf: String, classes: String = "box", _ content: HTML) -> Form {
        Form(method: .post, action: action, csrf: csrf, classes: classes, content: content)
    }

    /// A form that only asks (filters, dates): no token, the fields land in the query.
    public static func get(_ action: Link? = nil, classes: String = "filters", _ content: HTML) -> Form {
        Form(method: .get, action: action, csrf: nil, classes: classes, content: content)
    }

    /// The name of the hidden field that carries the token.
    public static let csrfField = "csrf"

    public var html: HTML {
        let target: HTML? = action.map { " action=\"\($0)\"" }
        let token: HTML? = csrf.map { "<input type=\"hidden\" name=\"\(Self.csrfField)\" value=\"\($0)\">" }
        return "<form method=\"\(method.rawValue)\"\(target) class=\"\(classes)\">\(token)\(content)</form>"
    }
}

/// The fields forms are made of; every label and value is text, escaped.
public enum Field {
    public static func hidden(_ name: String, _ value: String) -> HTML {
        "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">"
    }

    public static func text(_ label: String, name: String, value: String = "", required: Bool = false, size: Int? = nil,
                            placeholder: String? = nil) -> HTML {
        let sizeAttribute: HTML? = size.map { " size=\"\($0)\"" }
        let hint: HTML? = placeholder.map { " placeholder=\"\($0)\"" }
        let extra: HTML = "\(required ? " required" : "")\(sizeAttribute)\(hint)"
        return "<label>\(label) <input name=\"\(name)\" value=\"\(value)\"\(extra)></label>"
    }

    public static func password(_ label: String, name: String) -> HTML {
        "<label>\(label) <input name=\"\(name)\" type=\"password\" required></label>"
    }

    public static func date(_ label: String, name: String, value: String = "", required: Bool = false) -> HTML {
        "<label>\(label) <input type=\"date\" name=\"\(name)\" value=\"\(value)\"\(required ? " required" : "")></label>"
    }

    public static func number(_ label: String, name: String, min: Int, max: Int, tooltip: String? = nil) -> HTML {
        let tip: HTML? = tooltip.map { " title=\"\($0)\"" }
        return "<label class=\"inline\"\(tip)>\(label) <input name=\"\(name)\" type=\"number\" min=\"\(min)\" max=\"\(max)\" class=\"short\"></label>"
    }

    public static func textarea(name: String, rows: Int, placeholder: String) -> HTML {
        "<textarea name=\"\(name)\" rows=\"\(rows)\" placeholder=\"\(placeholder)\"></textarea>"
    }

    public static func checkbox(_ label: String, name: String, value: String = "1", checked: Bool = false, inline: Bool = false) -> HTML {
        let kind: HTML = inline ? " class=\"inline\"" : ""
        return "<label\(kind)><input type=\"checkbox\" name=\"\(name)\" value=\"\(value)\"\(checked ? " checked" : "")> \(label)</label>"
    }

    /// A choice among `options` (value, label); `selected` is marked.
    public static func select(_ label: String, name: String, options: [(value: String, label: String)], selected: String? = nil) -> HTML {
        let choices = options.map { option -> HTML in
            "<option value=\"\(option.value)\"\(option.value == selected ? " selected" : "")>\(option.label)</option>"
        }.joined()
        return "<label>\(label) <select name=\"\(name)\">\(choices)</select></label>"
    }

    public static func submit(_ title: String) -> HTML {
        "<button>\(title)</button>"
    }
}
