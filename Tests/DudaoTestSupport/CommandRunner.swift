import Foundation

/// Runs the built `dudao` executable, as a person would, and captures what it says.
public struct CommandRunner: Sendable {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The `dudao` binary beside the test bundle (SwiftPM builds both into one products folder).
    public static let executable: URL = {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = exe.deletingLastPathComponent()
        if folder.lastPathComponent == "MacOS" { folder = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
        return folder.appendingPathComponent("dudao")
    }()

    public var directory: URL
    public var environment: [String: String]

    /// A runner working in a fresh temporary directory.
    public init(directory: URL = Fixtures.temporaryDirectory("e2e"), environment: [String: String] = [:]) {
        self.directory = directory
        self.environment = environment
    }

    @discardableResult
    public func run(_ arguments: [String], stdin: String? = nil) throws -> Outcome {
        let process = process(arguments)
        // Output goes to files, so a large output can never block the process on a full pipe.
        let capture = Fixtures.temporaryDirectory("capture")
        let outURL = capture.appendingPathComponent("out"), errURL = capture.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        try err.close()
        defer { try? FileManager.default.removeItem(at: capture) }
        return Outcome(status: process.terminationStatus, stdout: try String(contentsOf: outURL, encoding: .utf8),
                       stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// Starts `dudao` in the background (a server), with the same environment as ``run(_:stdin:)``;
    /// its output goes to files that ``RunningCommand`` reads.
    public func start(_ arguments: [String]) throws -> RunningCommand {
        let process = process(arguments)
        let capture = Fixtures.temporaryDirectory("capture")
        let outURL = capture.appendingPathComponent("out"), errURL = capture.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return RunningCommand(process: process, stdout: outURL, stderr: errURL)
    }

    /// The `dudao` process for `arguments`, in the working directory, with this runner's environment.
    func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DUDAO_STORE")
        // A command given no store must not reach the tester's own data folder.
        env["XDG_DATA_HOME"] = directory.appendingPathComponent("xdg-data").path
        for (key, value) in environment { env[key] = value }
        process.environment = env
        return process
    }

    /// Writes `text` to a file in the working directory and returns its path.
    public func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

/// A `dudao` running in the background: what it has printed, and a way to stop it.
public struct RunningCommand {
    public let process: Process
    let stdout: URL
    let stderr: URL

    public var output: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
    public var errors: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

    /// Waits (at most `seconds`) until its output holds `text`; returns the output, or nil if it
    /// ended or the time ran out first.
    public func waitForOutput(containing text: String, seconds: Double = 30) async throws -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if output.contains(text) { return output }
            if !process.isRunning { return output.contains(text) ? output : nil }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// Stops it as Ctrl-C would and waits for its exit status.
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
