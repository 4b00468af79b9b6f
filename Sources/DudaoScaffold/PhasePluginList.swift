import DudaoKernel
import Foundation

/// The one list of phase plugins, `let phasePlugins = [...]` in `Package.swift`, and the file
/// derived from it, `Sources/DudaoPlugins/PluginList.swift`.
///
/// Each name is a target at `Plugins/<Name>` whose plugin is the value `<Name>Plugin()`.
/// The manifest derives the targets and their dependents from the list; SwiftPM cannot generate
/// Swift source without a build-tool plugin, so the Swift list is written from it by
/// `dudao plugin new` and `dudao plugin list --write`, and a test fails when the two differ.
public struct PhasePluginList: Sendable, Equatable {
    public var names: [String]

    public init(names: [String]) {
        self.names = names
    }

    static let opening = "let phasePlugins = ["

    /// The list as `Package.swift` declares it.
    public static func read(package: URL) throws -> PhasePluginList {
        let file = package.appendingPathComponent("Package.swift")
        let text = try ScaffoldFiles.read(file)
        return PhasePluginList(names: try lines(of: text, file: file.path).map(\.name))
    }

    /// The lines of the list: each name with the line's range in `text`.
    static func lines(of text: String, file: String) throws -> [(name: String, line: Range<String.Index>)] {
        guard let open = text.range(of: opening + "\n"),
              let close = text.range(of: "\n]", range: open.upperBound..<text.endIndex) else {
            throw DudaoError("\(file) 中没有 “\(opening) … ]” 插件列表", "\(file) has no plugin list “\(opening) … ]”")
        }
        var result: [(String, Range<String.Index>)] = []
        var start = open.upperBound
        while start < close.lowerBound {
            let end = text[start...].firstIndex(of: "\n") ?? close.lowerBound
            let line = text[start..<end].trimmingCharacters(in: .whitespaces)
            if !line.isEmpty && !line.hasPrefix("//") {
                guard line.hasPrefix("\""), line.hasSuffix("\","), line.count > 3 else {
                    throw DudaoError("\(file) 的插件列表中有一行无法读取：\(line)（应为 \"Name\",）",
                                     "\(file): a line of the plugin list cannot be read: \(line) (expected \"Name\",)")
                }
                result.append((String(line.dropFirst().dropLast(2)), start..<min(end, close.lowerBound)))
            }
            start = text.index(after: end)
        }
        return result
    }

    /// `Package.swift`'s text with `name` appended to the list: the one registration edit.
    static func adding(_ name: String, to text: String, file: String) throws -> String {
        let existing = try lines(of: text, file: file)
        if existing.contains(where: { $0.name == name }) {
            throw DudaoError("插件 \(name) 已在 \(file) 的列表中", "plugin \(name) is already in \(file)'s list")
        }
        guard let close = text.range(of: "\n]", range: text.range(of: opening)!.upperBound..<text.endIndex) else {
            throw DudaoError("\(file) 的插件列表没有结尾", "\(file)'s plugin list has no end")
        }
        var text = text
        text.insert(contentsOf: "\n    \"\(name)\",", at: close.lowerBound)
        return text
    }

    /// `Sources/DudaoPlugins/PluginList.swift` for this list.
    public var swiftSource: String {
        let imports = (names + ["DudaoKernel"]).sorted().map { "import \($0)" }.joined(separator: "\n")
        let values = names.map { "        \($0)Plugin()," }.joined(separator: "\n")
        return """
            // Generated from `phasePlugins` in Package.swift by `dudao plugin new` or
            // `dudao plugin list --write`: edit that list, not this file.
            \(imports)

            /// The plugins of this build, in registration order: the order of `phasePlugins` in Package.swift.
            public enum PluginList {
                public static let all: [any Plugin] = [
            \(values)
                ]

                /// The registry of `all`; a contradiction between plugins is a build defect, reported at start.
                public static func registry() throws -> PluginRegistry { try PluginRegistry(plugins: all) }
            }

            """
    }

    /// Where the Swift list lives in a package.
    public static func swiftFile(in package: URL) -> URL {
        package.appendingPathComponent("Sources/DudaoPlugins/PluginList.swift")
    }
}

/// Reading and writing the package's files, with errors that name them.
enum ScaffoldFiles {
    static func read(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DudaoError("无法读取文件 \(url.path)", "cannot read the file \(url.path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func write(_ text: String, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw DudaoError("无法写入文件 \(url.path)：\(error.localizedDescription)", "cannot write the file \(url.path): \(error.localizedDescription)")
        }
    }
}
