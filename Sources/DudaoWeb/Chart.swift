/// Small SVG charts, built as typed values: sizes are numbers, labels are escaped text, colours
/// are CSS classes (`bar-met`, `bar-late`, `bar-overdue`, `bar-track`, `bar-done` in the stylesheet).
public struct ProgressBar: Sendable {
    public var percent: Int
    public var width: Int

    public init(percent: Int, width: Int = 220) {
        self.percent = max(0, min(100, percent))
        self.width = width
    }

    public var html: HTML {
        """
        <svg class="progress" width="\(width)" height="12" viewBox="0 0 \(width) 12" preserveAspectRatio="none" role="img" aria-label="\(percent)%">\
        <rect class="bar-track" width="\(width)" height="12"/><rect class="bar-done" width="\(percent * width / 100)" height="12"/></svg>
        """
    }
}

/// Columns of stacked bars with a legend: one column per label, one segment per series.
public struct StackedBarChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        /// The CSS class that colours it.
        public var style: String

        public init(_ name: String, style: String) {
            self.name = name
            self.style = style
        }
    }

    public struct Column: Sendable {
        public var label: String
        /// A short label under the column.
        public var short: String
        public var values: [Int]

        public init(label: String, short: String, values: [Int]) {
            self.label = label
            self.short = short
            self.values = values
        }
    }

    public var series: [Series]
    public var columns: [Column]
    public var height = 160.0
    public var step = 56.0

    public init(series: [Series], columns: [Column]) {
        self.series = series
        self.columns = columns
    }

    public var html: HTML {
        guard !columns.isEmpty else { return .empty }
        let top = Double(max(1, columns.map { $0.values.reduce(0, +) }.max() ?? 1))
        var bars = HTML.empty
        for (index, column) in columns.enumerated() {
            let x = 40 + Double(index) * step
            var y = height
            for (value, series) in zip(column.values, series) {
                let h = Double(value) / top * (height - 10)
                y -= h
                bars += "<rect class=\"\(series.style)\" x=\"\(x)\" y=\"\(y)\" width=\"36\" height=\"\(h)\"><title>\(column.label) \(series.name): \(value)</title></rect>"
            }
            bars += "<text x=\"\(x + 18)\" y=\"\(height + 14)\" text-anchor=\"middle\">\(column.short)</text>"
        }
        let legend = series.enumerated().map { index, series -> HTML in
            "<rect class=\"\(series.style)\" x=\"\(40 + index * 90)\" y=\"\(height + 24)\" width=\"10\" height=\"10\"/><text x=\"\(54 + index * 90)\" y=\"\(height + 33)\">\(series.name)</text>"
        }.joined()
        let width = Int(60 + Double(columns.count) * step)
        return """
            <div class="scroll"><svg class="chart" width="\(width)" height="\(Int(height + 40))" viewBox="0 0 \(width) \(Int(height + 40))" role="img">\(bars)\(legend)</svg></div>
            """
    }
}
