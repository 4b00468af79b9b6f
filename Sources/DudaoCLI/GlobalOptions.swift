import DudaoPlugins
import ArgumentParser
import DudaoWorkspace
import DudaoKernel
import DudaoStore
import Foundation

/// Options every command takes: where the store is and which language to speak.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Store directory (default $DUDAO_STORE, else ./dudao-data if there is one, else $XDG_DATA_HOME/dudao, i.e. ~/.local/share/dudao).")
    var store: String?

    @Option(name: .long, help: "Language of output and messages: zh (default) or en.")
    var lang: Language = .zh

    var storeURL: URL { StoreLocation.resolve(explicit: store) }

    var output: Output { Output(language: lang) }

    /// The environment of this process: the real clock unless `DUDAO_NOW` (YYYY-MM-DD or ms) fixes it.
    var environment: StoreEnvironment { Self.environment() }

    static func environment() -> StoreEnvironment {
        guard let fixed = ProcessInfo.processInfo.environment["DUDAO_NOW"] else { return .live }
        let ms: Int64
        if let date = LocalDate(fixed) {
            ms = Int64(date.dayNumber) * 86_400_000 + 4 * 3_600_000  // noon in UTC+8
        } else {
            ms = Int64(fixed) ?? StoreEnvironment.live.now()
        }
        return StoreEnvironment(now: { ms }, newID: StoreEnvironment.live.newID)
    }

    func workspace() throws -> Workspace {
        try Workspace.open(at: storeURL, registry: try PluginList.registry(), environment: environment)
    }
}

/// Reads a JSON input named on the command line: a file path, or `-` for standard input.
func readInput(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw DudaoError("无法读取文件 \(path)", "cannot read the file \(path)")
    }
    return data
}
