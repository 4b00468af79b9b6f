import Hummingbird
import Logging

/// Errors as pages: a browser gets 403, 404, 413 or 500 inside the page frame with a way back;
/// the JSON API (`isAPI`) keeps its JSON errors.
public struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Requests whose errors stay JSON.
    public let isAPI: @Sendable (Request) -> Bool
    /// The page for a status and a message, in the request's language and frame.
    public let render: @Sendable (Request, HTTPResponse.Status, String?) async -> HTML
    let logger: Logger

    public init(logger: Logger, isAPI: @escaping @Sendable (Request) -> Bool = { $0.uri.path.hasPrefix("/api/") },
                render: @escaping @Sendable (Request, HTTPResponse.Status, String?) async -> HTML) {
        self.isAPI = isAPI
        self.render = render
        self.logger = logger
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            guard !isAPI(request) else { throw error }
            return await page(request, error.status, error.body, headers: error.headers)
        } catch let error as any HTTPResponseError {
            guard !isAPI(request) else { throw error }
            return await page(request, error.status, nil, headers: [:])
        } catch {
            guard !isAPI(request) else { throw error }
            // What failed stays in the log; the page says only that it failed.
            logger.error("\(request.method) \(request.uri.path) failed: \(String(describing: error))")
            return await page(request, .internalServerError, nil, headers: [:])
        }
    }

    private func page(_ request: Request, _ status: HTTPResponse.Status, _ message: String?, headers: HTTPFields) async -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        let html = await render(request, status, message)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html.markup)))
    }
}

/// The body of an error page: what happened, in the reader's language, and the ways back.
public struct ErrorPage: Sendable {
    public var status: HTTPResponse.Status
    public var message: String?

    public init(status: HTTPResponse.Status, message: String?) {
        self.status = status
        self.message = message
    }

    /// The page's title.
    public func title(_ t: Tr) -> String { wording(t).title }

    /// The title and the explanation for the status, one row per kind of error.
    private func wording(_ t: Tr) -> (title: String, explanation: String) {
        switch status.code {
        case 401: (t("请先登录", "Sign in first"), t("登录后才能查看此页。", "This page needs you to sign in."))
        case 403: (t("没有权限", "Not allowed"), t("您的账号不能查看或执行此操作。", "Your account may not see this or do this."))
        case 404: (t("没有找到", "Not found"), t("这个地址没有页面，或者您无权查看它。", "There is no page at this address, or you may not see it."))
        case 413: (t("提交的内容太大", "Too large"), t("提交的内容超过了允许的大小。", "What was sent is larger than allowed."))
        case 400..<500: (t("请求有误", "Bad request"), t("请求无法处理。", "The request could not be handled."))
        default: (t("服务器出错", "Server error"),
                  t("处理请求时出错，已记录在服务器日志中。", "Something failed while handling the request; the server's log has the details."))
        }
    }

    /// The frame's page: the status, the message, links home and back.
    public func page(_ t: Tr) -> Page {
        let (title, explanation) = wording(t)
        let more: HTML? = message == nil ? nil : "<p class=\"muted\">\(explanation)</p>"
        let body: HTML = """
            <div class="error-page"><p class="err"><b>\(status.code)</b> \(message ?? explanation)</p>
            \(more)
            <p class="back"><a href="/">\(t("返回总览", "Back to the overview"))</a></p></div>
            """
        return Page(title: title, active: "", body: body)
    }
}
