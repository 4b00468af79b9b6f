import Foundation

/// Validates JSON against the committed schemas under `schemas/` with Python's `jsonschema`:
/// an independent validator that shares no code with Dudao (`tools/validate-json.py`).
public enum SchemaValidator {
    /// A JSON document to check, named for the messages, and the schema it must satisfy
    /// (a path under `schemas/`, e.g. `output/status.schema.json`).
    public struct Check: Sendable {
        public var name: String
        public var schema: String
        public var json: Data

        public init(_ name: String, schema: String, json: Data) {
            self.name = name
            self.schema = schema
            self.json = json
        }

        public init(_ name: String, schema: String, json: String) {
            self.init(name, schema: schema, json: Data(json.utf8))
        }
    }

    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// A Python 3 that can `import jsonschema`: `$DUDAO_PYTHON`, else `python3` on the PATH, else
    /// the system's `/usr/bin/python3` (Debian: `apt-get install python3-jsonschema`).
    public static let python: Result<String, Unavailable> = {
        let environment = ProcessInfo.processInfo.environment
        var candidates = [environment["DUDAO_PYTHON"]].compactMap { $0 }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(folder)/python3")
        }
        candidates += ["/usr/bin/python3", "/usr/local/bin/python3"]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if let outcome = try? run(candidate, ["-c", "import jsonschema"]), outcome.status == 0 { return .success(candidate) }
        }
        return .failure(Unavailable(description: """
            no python3 with the jsonschema module was found (tried \(candidates.joined(separator: ", "))); \
            install it (Debian: apt-get install python3-jsonschema; or pip install jsonschema) or set DUDAO_PYTHON
            """))
    }()

    /// The errors of every check, one line each ("name: $.path: message"); empty when all are valid.
    public static func errors(_ checks: [Check]) throws -> [String] {
        let python = try python.get()
        let folder = Fixtures.temporaryDirectory("schema-checks")
        defer { try? FileManager.default.removeItem(at: folder) }
        var arguments = [Fixtures.packageRoot.appendingPathComponent("tools/validate-json.py").path,
                         Fixtures.packageRoot.appendingPathComponent("schemas").path]
        var names: [String: String] = [:]
        for (index, check) in checks.enumerated() {
            let file = folder.appendingPathComponent("\(index).json")
            try check.json.write(to: file)
            names[file.path] = check.name
            arguments.append("\(check.schema)=\(file.path)")
        }
        let outcome = try run(python, arguments)
        let lines = outcome.stdout.split(separator: "\n").map { line in
            names.reduce(String(line)) { text, name in text.replacingOccurrences(of: name.key, with: name.value) }
        }
        if outcome.status != 0 && lines.isEmpty {
            return ["the validator failed (exit \(outcome.status)): \(outcome.stderr)"]
        }
        return lines
    }

    /// The paths of every object key named `key` in `json`: how a test proves no `_0` leaks.
    public static func paths(ofKey key: String, in json: Data) throws -> [String] {
        var found: [String] = []
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                for (name, child) in object {
                    if name == key { found.append("\(path).\(name)") }
                    walk(child, "\(path).\(name)")
                }
            } else if let array = value as? [Any] {
                for (index, child) in array.enumerated() { walk(child, "\(path)[\(index)]") }
            }
        }
        walk(try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]), "$")
        return found
    }

    /// Runs a program to its end (its output goes to files, so a large one cannot block it on a full
    /// pipe): how the tests run the Python tools of `tools/`.
    public static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let capture = Fixtures.temporaryDirectory("python")
        defer { try? FileManager.default.removeItem(at: capture) }
        let outURL = capture.appendingPathComponent("out"), errURL = capture.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
    }
}
