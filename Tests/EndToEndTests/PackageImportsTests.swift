import DudaoTestSupport
import Foundation
import Testing

/// Every target declares in Package.swift each module it imports (`tools/check-imports.py`), so an
/// import that compiles only because some other target happens to pull the module in cannot creep back.
@Suite struct PackageImportsTests {
    static let tool = Fixtures.packageRoot.appendingPathComponent("tools/check-imports.py").path

    @Test func everyTargetDeclaresWhatItImports() throws {
        let outcome = try SchemaValidator.run("/usr/bin/env", ["python3", Self.tool, Fixtures.packageRoot.path])
        #expect(outcome.stdout == "", "undeclared imports: declare each in Package.swift")
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    /// The check itself, on a made-up package: the undeclared import is named with its place; a
    /// declared one, one of the toolchain and an `import` inside a multi-line string literal are not.
    @Test func anUndeclaredImportIsNamedWithItsFileAndLine() throws {
        let root = Fixtures.temporaryDirectory("check-imports")
        defer { try? FileManager.default.removeItem(at: root) }
        let sources = root.appendingPathComponent("Sources/Alpha")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try """
            import Foundation
            @testable import Declared
            import struct Hidden.Thing
            let template = \"""
            import Quoted
            \"""
            """.write(to: sources.appendingPathComponent("Alpha.swift"), atomically: true, encoding: .utf8)
        let manifest = root.appendingPathComponent("dump.json")
        try #"{"targets": [{"name": "Alpha", "type": "regular", "dependencies": [{"byName": ["Declared", null]}]}]}"#
            .write(to: manifest, atomically: true, encoding: .utf8)

        let outcome = try SchemaValidator.run("/usr/bin/env", ["python3", Self.tool, "--manifest", manifest.path, root.path])
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout == "Alpha: imports Hidden (Sources/Alpha/Alpha.swift:3) but does not declare it in Package.swift\n")
    }
}
