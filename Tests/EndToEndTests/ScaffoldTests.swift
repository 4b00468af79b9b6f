import DudaoTestSupport
import Foundation
import Testing

/// `dudao plugin new`, run as the guide says into a copy of the package's sources from before the
/// example existed, writes exactly the committed example: the plugin, its test, the line in
/// Package.swift, PluginList.swift, the clause in the example campaign and the schemas. So the
/// guide (`docs/plugins.md`) cannot drift from what the scaffold makes, and its code blocks are
/// the committed files' text.
@Suite struct ScaffoldTests {
    static let root = Fixtures.packageRoot
    static let copied = ["Package.swift", "Sources", "Plugins", "Tests", "campaigns", "schemas"]
    static let exampleFiles = [
        "Plugins/HomeVisits", "Tests/PluginTests/HomeVisitsTests.swift", "schemas/records/home-visits.home-visit.schema.json",
    ]

    /// The scaffold command as the guide gives it, split into arguments (after `swift run dudao`).
    static func guideCommand() throws -> [String] {
        let guide = try String(contentsOf: root.appendingPathComponent("docs/plugins.md"), encoding: .utf8)
        let lines = guide.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("swift run dudao plugin new ") }, "the guide gives no scaffold command")
        var command = ""
        for line in lines[start...] {
            command += line.hasSuffix("\\") ? String(line.dropLast()) : line
            if !line.hasSuffix("\\") { break }
        }
        var arguments: [String] = [], current = "", quoted = false, started = false
        for character in command {
            if character == "\"" { quoted.toggle(); started = true } else if character == " " && !quoted {
                if started { arguments.append(current) }
                current = ""
                started = false
            } else {
                current.append(character)
                started = true
            }
        }
        if started { arguments.append(current) }
        return Array(arguments.dropFirst(3))
    }

    /// A copy of the package's sources with the example taken out, as a fresh clone was before it.
    static func packageBeforeTheExample(in directory: URL) throws -> URL {
        let manager = FileManager.default
        let copy = directory.appendingPathComponent("package")
        try manager.createDirectory(at: copy, withIntermediateDirectories: true)
        for item in copied { try manager.copyItem(at: root.appendingPathComponent(item), to: copy.appendingPathComponent(item)) }
        for item in exampleFiles { try manager.removeItem(at: copy.appendingPathComponent(item)) }
        let package = copy.appendingPathComponent("Package.swift")
        let text = try String(contentsOf: package, encoding: .utf8)
        #expect(text.contains("    \"HomeVisits\",\n"))
        try text.replacingOccurrences(of: "    \"HomeVisits\",\n", with: "").write(to: package, atomically: true, encoding: .utf8)
        let example = copy.appendingPathComponent("campaigns/home-visits-example.json")
        try manager.removeItem(at: example)
        try manager.copyItem(at: root.appendingPathComponent("campaigns/gan-zhuan-zheng-2017.json"), to: example)
        return copy
    }

    /// Every file under `directory`, relative to it.
    static func files(under directory: URL) throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]))
        var paths: [String] = []
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            paths.append(String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1)))
        }
        return paths.sorted()
    }

    @Test func theScaffoldWritesTheCommittedExampleByteForByte() throws {
        let cli = CommandRunner()
        let copy = try Self.packageBeforeTheExample(in: cli.directory)
        let arguments = try Self.guideCommand()
        #expect(arguments.first == "plugin" && arguments.contains("--campaign"))
        let outcome = try cli.run(arguments + ["--package", copy.path, "--lang", "en"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for path in ["Plugins/HomeVisits/HomeVisitsPlugin.swift", "Plugins/HomeVisits/Records/HomeVisit.swift",
                     "Plugins/HomeVisits/Simulation/HomeVisitsSimulation.swift", "Tests/PluginTests/HomeVisitsTests.swift",
                     "campaigns/home-visits-example.json", "Package.swift", "Sources/DudaoPlugins/PluginList.swift",
                     "schemas/records/home-visits.home-visit.schema.json", "schemas/campaign.schema.json"] {
            #expect(outcome.stdout.contains("  " + path + "\n"), "the scaffold did not report writing \(path)")
        }
        // The whole tree is the repository's: what the scaffold wrote, and everything it left alone.
        let scaffolded = try Self.files(under: copy)
        var committed: [String] = []
        for item in Self.copied {
            let url = Self.root.appendingPathComponent(item)
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
            committed += isDirectory.boolValue ? try Self.files(under: url).map { item + "/" + $0 } : [item]
        }
        #expect(scaffolded == committed.sorted())
        for path in scaffolded {
            let made = try Data(contentsOf: copy.appendingPathComponent(path))
            let kept = try? Data(contentsOf: Self.root.appendingPathComponent(path))
            #expect(made == kept, "\(path): the scaffold's output differs from the committed example")
        }
        // Run again, it refuses and changes nothing.
        let again = try cli.run(arguments + ["--package", copy.path, "--lang", "en"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already"), "\(again.stderr)")
        #expect(try Data(contentsOf: copy.appendingPathComponent("Package.swift")) == Data(contentsOf: Self.root.appendingPathComponent("Package.swift")))
    }

    @Test(arguments: [
        (["Home_Visits", "--clause", "6.1"], "plugin id 'Home_Visits'"),
        (["visits", "--clause", "6"], "clause id '6'"),
        (["visits", "--clause", "1.1"], "clause 1.1 is already served by plugin publicity"),
        (["visits", "--clause", "6.1", "--record", "visit"], "record name 'visit'"),
        (["visits", "--clause", "6.1", "--campaign", "campaigns/none.json"], "cannot read the file"),
    ])
    func aBadRequestIsRefusedNamingWhatIsWrongAndWritesNothing(_ arguments: [String], _ message: String) throws {
        let cli = CommandRunner()
        let copy = try Self.packageBeforeTheExample(in: cli.directory)
        let before = try Self.files(under: copy)
        let outcome = try cli.run(["plugin", "new"] + arguments + ["--title-zh", "访", "--title-en", "Visits", "--package", copy.path, "--lang", "en"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(try Self.files(under: copy) == before)
    }

    /// Each code block of the guide that names a file (`<!-- file: PATH -->` before it) is that file's text.
    @Test func theGuidesCodeIsTheCommittedExample() throws {
        let guide = try String(contentsOf: Self.root.appendingPathComponent("docs/plugins.md"), encoding: .utf8)
        let parts = guide.components(separatedBy: "<!-- file: ").dropFirst()
        #expect(parts.count >= 3)
        for part in parts {
            let path = String(part.prefix { $0 != " " })
            let afterFence = try #require(part.range(of: "```swift\n")).upperBound
            let end = try #require(part.range(of: "\n```", range: afterFence..<part.endIndex)).lowerBound
            let code = String(part[afterFence..<end])
            let file = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            #expect(file.contains(code), "docs/plugins.md: the block for \(path) is not that file's text")
        }
    }
}
