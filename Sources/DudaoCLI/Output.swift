import DudaoKernel
import DudaoWorkspace
import Foundation

/// Writes what commands print: text tables for people, JSON for tools.
struct Output {
    let language: Language

    func callAsFunction(_ zh: String, _ en: String) -> String { language == .zh ? zh : en }

    func text(_ text: LocalizedText) -> String { text(language) }

    func line(_ text: String = "") { print(text) }

    func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints `value` with the public JSON encoder, indented.
    func json<T: PublicOutput>(_ value: T) throws {
        print(String(decoding: try PublicJSON.encode(value, layout: .pretty), as: UTF8.self))
    }

    /// Prints a table whose columns line up for Chinese text (wide characters count twice).
    func table(_ headers: [String], _ rows: [[String]]) {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { column < $0.count ? $0[column] : "" }).map(Self.width).max() ?? 0
        }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - Self.width(cell) + 2)
            }.joined()
        }
        print(render(headers))
        print(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        rows.forEach { print(render($0)) }
    }

    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return total + (wide ? 2 : 1)
        }
    }

    func state(_ cell: ComplianceCell) -> String {
        switch cell.state {
        case .due: text(cell.state.title) + (cell.daysLeft.map { self("（剩 \($0) 天）", " (\($0) days left)") } ?? "")
        default: text(cell.state.title)
        }
    }
}
