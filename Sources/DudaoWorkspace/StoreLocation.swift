import DudaoStore
import Foundation

/// Where a command's store is when none is named: the rule the command line and the
/// workstation's launcher share.
///
/// In order: `--store`; `$DUDAO_STORE`; `./dudao-data` when the current directory holds a store
/// there (how the demo and scripts have always worked); otherwise the user's data folder,
/// `$XDG_DATA_HOME/dudao`, or `~/.local/share/dudao` when that is unset or not absolute (the XDG
/// Base Directory rule). An installed school's store lives there, whatever folder the launcher
/// starts in.
public enum StoreLocation {
    /// The folder name of a store in the current directory.
    public static let localFolder = "dudao-data"

    /// The store to use, from the option, the environment and the current directory.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                               currentDirectory: String = FileManager.default.currentDirectoryPath) -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit) }
        if let named = environment["DUDAO_STORE"], !named.isEmpty { return URL(fileURLWithPath: named) }
        let local = URL(fileURLWithPath: currentDirectory).appendingPathComponent(localFolder)
        if FileManager.default.fileExists(atPath: local.appendingPathComponent(Store.databaseFile).path) { return local }
        return userDataFolder(environment: environment) ?? local
    }

    /// `$XDG_DATA_HOME/dudao`, else `$HOME/.local/share/dudao`; nil with neither set.
    public static func userDataFolder(environment: [String: String]) -> URL? {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            return URL(fileURLWithPath: data).appendingPathComponent("dudao")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".local/share/dudao")
    }
}
