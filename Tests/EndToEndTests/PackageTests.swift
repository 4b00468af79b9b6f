import DudaoKernel
import DudaoTestSupport
import Foundation
import Testing

/// `tools/package-deb.sh` on the debug build (the fast path): the package is listed, unpacked
/// into a temporary root, and its `dudao` runs there; its launcher passes desktop-file-validate.
@Suite(.enabled(if: HostTool.path("dpkg-deb") != nil, "dpkg-deb is not installed (apt-get install dpkg-dev; .ci/run does)"))
struct PackageTests {
    static func tool(_ name: String) -> String? { HostTool.path(name) }

    /// Runs a program to its end; its standard output and error are returned together.
    static func run(_ program: String, _ arguments: [String], in directory: URL, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let log = directory.appendingPathComponent("run-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        defer { try? FileManager.default.removeItem(at: log) }
        return (process.terminationStatus, try String(contentsOf: log, encoding: .utf8))
    }

    @Test func theDebianPackageInstallsARunningDudao() throws {
        let work = Fixtures.temporaryDirectory("deb")
        let script = Fixtures.packageRoot.appendingPathComponent("tools/package-deb.sh").path
        let built = try Self.run("/bin/bash", [script, "--debug", "--binary", CommandRunner.executable.path, "--out", work.path], in: work)
        #expect(built.status == 0, "\(built.output)")
        let deb = work.appendingPathComponent("dudao_\(DudaoRelease.version)_amd64.deb")
        try #require(FileManager.default.fileExists(atPath: deb.path), "no package: \(built.output)")

        let dpkgDeb = try #require(Self.tool("dpkg-deb"))
        let listing = try Self.run(dpkgDeb, ["-c", deb.path], in: work)
        #expect(listing.status == 0)
        for path in ["./usr/bin/dudao -> ../lib/dudao/dudao", "./usr/lib/dudao/dudao", "./usr/lib/dudao/Dudao_DudaoWeb.resources/dudao.css",
                     "./usr/share/dudao/campaigns/gan-zhuan-zheng-2017.json", "./usr/share/applications/dudao-workstation.desktop",
                     "./usr/share/icons/hicolor/scalable/apps/dudao.svg", "./usr/lib/systemd/system/dudao.service"] {
            #expect(listing.output.contains(path), "\(path) missing from the package")
        }
        #expect(listing.output.contains("-rwxr-xr-x root/root"))
        let fields = try Self.run(dpkgDeb, ["-f", deb.path, "Package", "Version", "Depends"], in: work)
        #expect(fields.output.contains("Package: dudao") && fields.output.contains("Version: \(DudaoRelease.version)"))
        #expect(fields.output.contains("libsqlite3-0") && fields.output.contains("zlib1g"))
        let control = work.appendingPathComponent("control")
        #expect(try Self.run(dpkgDeb, ["-e", deb.path, control.path], in: work).status == 0)
        let postinst = try String(contentsOf: control.appendingPathComponent("postinst"), encoding: .utf8)
        #expect(postinst.contains("useradd --system") && postinst.contains("/var/lib/dudao"))

        let root = work.appendingPathComponent("root")
        #expect(try Self.run(dpkgDeb, ["-x", deb.path, root.path], in: work).status == 0)
        let dudao = root.appendingPathComponent("usr/bin/dudao").path
        let version = try Self.run(dudao, ["--version"], in: work)
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("dudao \(DudaoRelease.version) "), "\(version.output)")
        #expect(version.output.contains("bundle format"))
        // `dudao init` from the installed campaign, into the user's data folder.
        let data = work.appendingPathComponent("xdg")
        let made = try Self.run(dudao, ["init", "--campaign", root.appendingPathComponent("usr/share/dudao/campaigns/gan-zhuan-zheng-2017.json").path,
                                        "--unit", "school-no1-high"], in: work, environment: ["XDG_DATA_HOME": data.path])
        #expect(made.status == 0, "\(made.output)")
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("dudao/dudao.sqlite").path))

        let validator = try #require(Self.tool("desktop-file-validate"), "desktop-file-validate is missing: apt-get install desktop-file-utils")
        let desktop = root.appendingPathComponent("usr/share/applications/dudao-workstation.desktop")
        let validated = try Self.run(validator, [desktop.path], in: work)
        #expect(validated.status == 0 && validated.output.isEmpty, "\(validated.output)")
        let launcher = try String(contentsOf: desktop, encoding: .utf8)
        #expect(launcher.contains("Name[zh_CN]=督导 · 单位端") && launcher.contains("Exec=dudao app --open"))
    }
}

/// Programs of the machine the tests run on.
enum HostTool {
    /// The path of `name` on PATH, if there.
    static func path(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
