import DudaoKernel
import DudaoStore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A unit's side of sync over HTTP: pushes its bundle to the bureau and pulls the bureau's, the
/// same bytes as bundle files; the server's side is `dudao serve`'s `/api/v1/bundles` routes.
public struct SyncClient: Sendable {
    public let store: Store
    public let bureau: URL
    public let timeout: TimeInterval

    public init(store: Store, bureau: String, timeout: TimeInterval = 30) throws {
        guard store.identity.unit != nil else {
            throw DudaoError("dudao sync 在单位端使用；教育局用 dudao serve", "dudao sync runs at a unit; the bureau runs dudao serve")
        }
        guard let base = URL(string: bureau), base.scheme == "http" || base.scheme == "https" else {
            throw DudaoError("教育局地址“\(bureau)”无效", "the bureau address '\(bureau)' is not a URL")
        }
        self.store = store
        self.bureau = base
        self.timeout = timeout
    }

    /// What a push came to: the changes sent, and the bureau's answer with its HTTP status.
    public struct Pushed: Sendable {
        public var changes: Int
        public var answer: UploadAnswer
        public var httpStatus: Int
        /// Whether the bureau took the bundle (applied, duplicate or held).
        public var accepted: Bool { (200..<300).contains(httpStatus) }
    }

    /// Sends this unit's bundle and returns the bureau's answer, refusal or not.
    public func push() async throws -> Pushed {
        let bundle = try BundleExporter(store: store).bundle()
        var request = URLRequest(url: bureau.appendingPathComponent("api/v1/bundles"))
        request.httpMethod = "POST"
        request.setValue("application/vnd.dudao.bundle", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await send(request, body: bundle.data)
        let answer = (try? JSONDecoder().decode(UploadAnswer.self, from: data)) ?? UploadAnswer(status: "?")
        return Pushed(changes: bundle.header.counts.changes, answer: answer, httpStatus: response.statusCode)
    }

    /// Fetches the bureau's bundle for this unit with a signed request, and imports it.
    public func pull() async throws -> ImportOutcome {
        try await pullReporting().outcome
    }

    /// As `pull`, with what the bureau's bundle said of its build (missing plugins, campaign contents).
    public func pullReporting() async throws -> ImportReport {
        let signed = try SignedPull.signed(by: store)
        var request = URLRequest(url: bureau.appendingPathComponent(String(SignedPull.path(unit: signed.unit).dropFirst())))
        for (name, value) in signed.headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await send(request, body: nil)
        guard response.statusCode == 200 else {
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            throw DudaoError("获取教育局数据包失败（HTTP \(response.statusCode)）：\(text)",
                             "fetching the bureau's bundle failed (HTTP \(response.statusCode)): \(text)")
        }
        let report = BundleImporter(store: store).importReporting(data)
        if case .refused(let error) = report.outcome {
            throw DudaoError("教育局的数据包被拒收：\(error.message.zh)", "the bureau's bundle was refused: \(error.message.en)")
        }
        return report
    }

    private func send(_ request: URLRequest, body: Data?) async throws -> (Data, HTTPURLResponse) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = if let body {
                try await session.upload(for: request, from: body)
            } else {
                try await session.data(for: request)
            }
            guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
            return (data, http)
        } catch let error as URLError {
            throw DudaoError("无法连接教育局 \(bureau.absoluteString)（\(error.code.rawValue)）。数据未丢失：下次同步会重新发送，也可用 dudao bundle export 拷盘。",
                             "cannot reach the bureau at \(bureau.absoluteString) (\(error.localizedDescription)). Nothing is lost: the next sync sends it again, or use dudao bundle export and a USB stick.")
        }
    }
}
