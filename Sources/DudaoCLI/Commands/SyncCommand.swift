import ArgumentParser
import DudaoKernel
import DudaoSync
import DudaoWorkspace
import Foundation

/// `dudao sync --bureau URL`: push this unit's bundle, then pull the bureau's, over HTTP (`SyncClient`).
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "通过网络上传本单位变更并下载教育局数据 · Push this unit's changes to the bureau and pull the bureau's, over HTTP.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The bureau's address, e.g. http://127.0.0.1:8080") var bureau: String
    @Option(help: "Seconds to wait for the bureau.") var timeout: Double = 30

    func run() async throws {
        let workspace = try global.workspace()
        let output = global.output
        let client = try SyncClient(store: workspace.store, bureau: bureau, timeout: timeout)

        let pushed = try await client.push()
        let answer = pushed.answer
        let reason = (global.lang == .zh ? answer.reasonZh : answer.reason) ?? answer.reason ?? ""
        output.line(output("上传 \(pushed.changes) 条变更：", "pushed \(pushed.changes) changes: ")
                    + "\(answer.status) (HTTP \(pushed.httpStatus))" + (reason.isEmpty ? "" : " — \(reason)"))
        guard pushed.accepted else {
            throw DudaoError("教育局拒收了数据包：\(reason)", "the bureau refused the bundle: \(reason)")
        }
        // The bureau's notes on the two builds, from its side: plugins it lacks, other campaign contents.
        let told = (global.lang == .zh ? answer.builds?.messagesZh : nil) ?? answer.builds?.messages ?? []
        for message in told { output.line(output("  ⚠ 教育局：", "  ⚠ the bureau: ") + message) }

        let pulled = try await client.pullReporting()
        defer { for message in pulled.notes.messages { output.line("  ⚠ " + output.text(message)) } }
        switch pulled.outcome {
        case .applied(let changes, let duplicates, _, _, _):
            output.line(output("下载：合并 \(changes) 条新变更（已有 \(duplicates) 条）", "pulled: \(changes) new changes merged (\(duplicates) already here)"))
        case .duplicate:
            output.line(output("下载：没有新内容", "pulled: nothing new"))
        case .held(let waiting):
            output.line(output("下载：暂存，等待 \(waiting)", "pulled: held, waiting for \(waiting)"))
        case .refused:
            break  // `pull` throws on a refusal
        }
    }
}
