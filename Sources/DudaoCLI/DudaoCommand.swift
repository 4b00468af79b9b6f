import ArgumentParser
import DudaoKernel
import DudaoWorkspace
import Foundation

/// `dudao`: campaign supervision for a city education bureau and its units.
public struct DudaoCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dudao",
        abstract: "督导 Dudao — 离线记录、到期提醒、督办、考核 · campaign supervision: record offline, see what is due, supervise, score.",
        discussion: "默认中文输出；加 --lang en 使用英文。 Messages are Chinese by default; add --lang en for English.",
        version: DudaoVersion.current.text,
        subcommands: [
            InitCommand.self, CampaignCommand.self, ClausesCommand.self, RecordCommand.self, LedgerCommand.self,
            StatusCommand.self, ReportCommand.self, KeyCommand.self, BureauCommand.self, BundleCommand.self, DigestCommand.self,
            EvidenceCommand.self, SyncCommand.self, ServeCommand.self, AppCommand.self, SchemaCommand.self, DemoCommand.self, PluginCommand.self,
            BackupCommand.self, RestoreCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line, printing failures as sentences (never a stack trace) and
    /// returning the exit code: 0 success, 1 refused input or failure, 64 usage.
    public static func run(_ arguments: [String]) async -> Int32 {
        let language = arguments.firstIndex(of: "--lang").flatMap { index in
            arguments.indices.contains(index + 1) ? Language(rawValue: arguments[index + 1]) : nil
        } ?? arguments.compactMap { $0.hasPrefix("--lang=") ? Language(rawValue: String($0.dropFirst(7))) : nil }.first ?? .zh
        let output = Output(language: language)
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            return 0
        } catch let failure as any DudaoFailure {
            output.error(output("错误：", "error: ") + output.text(failure.message))
            return 1
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return 0
            }
            output.error(fullMessage(for: error))
            return code == .validationFailure ? 64 : code.rawValue
        }
    }
}
