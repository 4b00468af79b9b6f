/// A table of typed rows: each column says how a row shows in it, so a cell is `HTML` built by
/// escaping interpolation, never a string of markup.
public struct Table<Row>: Sendable where Row: Sendable {
    public struct Column: Sendable {
        public var header: HTML
        /// Class of the column's cells (`num` right-aligns).
        public var cellClass: String?
        public var cell: @Sendable (Row) -> HTML

        public init(_ header: String, class cellClass: String? = nil, _ cell: @escaping @Sendable (Row) -> HTML) {
            self.init(html: "\(header)", class: cellClass, cell)
        }

        public init(html header: HTML, class cellClass: String? = nil, _ cell: @escaping @Sendable (Row) -> HTML) {
            self.header = header
            self.cellClass = cellClass
            self.cell = cell
        }
    }

    public var columns: [Column]
    public var rows: [Row]
    /// Classes of the `<table>`.
    public var classes: String
    /// Wraps the table in a box that scrolls sideways by itself on a narrow screen.
    public var scrolls: Bool

    public init(_ columns: [Column], rows: [Row], classes: String = "", scrolls: Bool = false) {
        self.columns = columns
        self.rows = rows
        self.classes = classes
        self.scrolls = scrolls
    }

    public var html: HTML {
        var body = HTML.empty
        for row in rows {
            body += "<tr>"
            for column in columns {
                let cell = column.cell(row)
                if let cellClass = column.cellClass {
                    body += "<td class=\"\(cellClass)\">\(cell)</td>"
                } else {
                    body += "<td>\(cell)</td>"
                }
            }
            body += "</tr>\n"
        }
        let head = columns.map { column -> HTML in "<th>\(column.header)</th>" }.joined()
        let table: HTML = "<table class=\"\(classes)\"><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>"
        return scrolls ? "<div class=\"scroll\">\(table)</div>" : table
    }
}

extension Table where Row == [String] {
    /// Plain text in columns: a plugin's report section, a list of values.
    public static func text(_ headers: [String], _ rows: [[String]]) -> Table {
        Table(headers.indices.map { index in
            Column(headers[index]) { row in index < row.count ? "\(row[index])" : .empty }
        }, rows: rows)
    }
}

/// A two-column table of named values: a record's or a ledger item's fields.
public struct FieldTable: Sendable {
    public var rows: [(name: String, value: HTML)]
    public var headers: (String, String)

    public init(_ headers: (String, String), _ rows: [(name: String, value: HTML)]) {
        self.headers = headers
        self.rows = rows
    }

    public var html: HTML {
        let body = rows.map { row -> HTML in "<tr><th scope=\"row\">\(row.name)</th><td>\(row.value)</td></tr>" }.joined(separator: "\n")
        return "<table class=\"fields\"><thead><tr><th>\(headers.0)</th><th>\(headers.1)</th></tr></thead><tbody>\(body)</tbody></table>"
    }
}
