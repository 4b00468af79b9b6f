import ArgumentParser
import DudaoWorkspace
import DudaoBureau
import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `dudao sync --bureau URL`: push this unit's bundle, then pull the bureau's, over HTTP.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "通过网络上传本单位变更并下载教育局数据 · Push this unit's changes to the bureau and pull the bureau's, over HTTP.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The bureau's address, e.g. http://127.0.0.1:8080") var bureau: String
    @Option(help: "Seconds to wait for the bureau.") var timeout: Double = 30

    func run() async throws {
        let workspace = try global.workspace()
        let output = global.output
        guard let unit = workspace.identity.unit else {
            throw DudaoError("dudao sync 在单位端使用；教育局用 dudao serve", "dudao sync runs at a unit; the bureau runs dudao serve")
        }
        guard let base = URL(string: bureau), base.scheme == "http" || base.scheme == "https" else {
            throw DudaoError("教育局地址“\(bureau)”无效", "the bureau address '\(bureau)' is not a URL")
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration)

        // Push: the same bytes as a bundle file.
        let bundle = try BundleExporter(store: workspace.store).bundle()
        var push = URLRequest(url: base.appendingPathComponent("api/v1/bundles"))
        push.httpMethod = "POST"
        push.setValue("application/vnd.dudao.bundle", forHTTPHeaderField: "Content-Type")
        let (answer, response) = try await send(session, push, body: bundle.data)
        let reply = (try? JSONDecoder().decode([String: JSONValue].self, from: answer)) ?? [:]
        let status = reply["status"]?.stringValue ?? "?"
        let reason = (global.lang == .zh ? reply["reasonZh"] : reply["reason"])?.stringValue ?? reply["reason"]?.stringValue ?? ""
        output.line(output("上传 \(bundle.header.counts.changes) 条变更：", "pushed \(bundle.header.counts.changes) changes: ")
                    + "\(status) (HTTP \(response.statusCode))" + (reason.isEmpty ? "" : " — \(reason)"))
        guard (200..<300).contains(response.statusCode) else {
            throw DudaoError("教育局拒收了数据包：\(reason)", "the bureau refused the bundle: \(reason)")
        }

        // Pull: a request signed by this unit's key.
        let time = workspace.store.environment.now()
        let key = try NodeKeys.privateKey(in: workspace.store.directory)
        var pull = URLRequest(url: base.appendingPathComponent("api/v1/bundles/\(unit)"))
        pull.setValue(workspace.identity.keyID, forHTTPHeaderField: "X-Dudao-Key")
        pull.setValue(String(time), forHTTPHeaderField: "X-Dudao-Time")
        pull.setValue(try key.signature(for: BureauServer.pullMessage(unit: unit, time: time)).base64EncodedString(),
                      forHTTPHeaderField: "X-Dudao-Signature")
        let (data, pulled) = try await send(session, pull, body: nil)
        guard pulled.statusCode == 200 else {
            throw DudaoError("获取教育局数据包失败（HTTP \(pulled.statusCode)）：\(String(decoding: data.prefix(300), as: UTF8.self))",
                             "fetching the bureau's bundle failed (HTTP \(pulled.statusCode)): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        switch BundleImporter(store: workspace.store).importBundle(data) {
        case .applied(let changes, let duplicates, _, _, _):
            output.line(output("下载：合并 \(changes) 条新变更（已有 \(duplicates) 条）", "pulled: \(changes) new changes merged (\(duplicates) already here)"))
        case .duplicate:
            output.line(output("下载：没有新内容", "pulled: nothing new"))
        case .held(let waiting):
            output.line(output("下载：暂存，等待 \(waiting)", "pulled: held, waiting for \(waiting)"))
        case .refused(let error):
            throw DudaoError("教育局的数据包被拒收：\(error.message.zh)", "the bureau's bundle was refused: \(error.message.en)")
        }
    }

    private func send(_ session: URLSession, _ request: URLRequest, body: Data?) async throws -> (Data, HTTPURLResponse) {
        do {
            let (data, response): (Data, URLResponse)
            if let body {
                (data, response) = try await session.upload(for: request, from: body)
            } else {
                (data, response) = try await session.data(for: request)
            }
            guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
            return (data, http)
        } catch let error as URLError {
            throw DudaoError("无法连接教育局 \(bureau)（\(error.code.rawValue)）。数据未丢失：下次同步会重新发送，也可用 dudao bundle export 拷盘。",
                             "cannot reach the bureau at \(bureau) (\(error.localizedDescription)). Nothing is lost: the next sync sends it again, or use dudao bundle export and a USB stick.")
        }
    }
}
