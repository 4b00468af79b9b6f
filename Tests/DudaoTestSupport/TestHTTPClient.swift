import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A browser stand-in for servers under test on 127.0.0.1: it follows no redirect and keeps no
/// cookie of its own, so each request carries exactly the cookie it names and a test sees every
/// 303 and `Set-Cookie`.
public struct TestHTTPClient: Sendable {
    public struct Reply: Sendable {
        public var status: Int
        public var body: String
        public var headers: [String: String]
        public var data: Data

        /// The `name=value` pairs of the cookies the answer sets.
        public var cookies: [String] {
            (headers["set-cookie"] ?? "").components(separatedBy: ", ").compactMap { $0.split(separator: ";").first.map(String.init) }
                .filter { $0.contains("=") }
        }
    }

    public let base: URL
    let session: URLSession

    public init(base: URL) {
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpCookieStorage = nil
        session = URLSession(configuration: configuration, delegate: RefusingRedirects(), delegateQueue: nil)
    }

    public func request(_ method: String, _ path: String, cookie: String? = nil, body: Data? = nil,
                        contentType: String = "application/x-www-form-urlencoded", headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response): (Data, URLResponse)
        if let body {
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
            (data, response) = try await session.upload(for: request, from: body)
        } else {
            (data, response) = try await session.data(for: request)
        }
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields[String(describing: key).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, body: String(decoding: data, as: UTF8.self), headers: fields, data: data)
    }

    public func get(_ path: String, cookie: String? = nil) async throws -> Reply { try await request("GET", path, cookie: cookie) }

    /// Posts `pairs` as a browser posts a form (names may repeat).
    public func post(_ path: String, pairs: [(String, String)], cookie: String? = nil) async throws -> Reply {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))
        let body = pairs.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
        return try await request("POST", path, cookie: cookie, body: Data(body.utf8))
    }

    /// Posts a `multipart/form-data` body, as a browser sends files.
    public func upload(_ path: String, cookie: String?, fields: [(name: String, filename: String?, data: Data)]) async throws -> Reply {
        let boundary = "----dudao-test-\(UUID().uuidString)"
        var body = Data()
        for field in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"".utf8)
            if let filename = field.filename { body += Data("; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream".utf8) }
            body += Data("\r\n\r\n".utf8) + field.data + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return try await request("POST", path, cookie: cookie, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Every same-site link (`href="/…"`) of a page, unescaped, in order.
    public static func links(in html: String) -> [String] {
        html.components(separatedBy: "href=\"/").dropFirst().map { "/" + String($0.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&") }
    }

    /// The value of the first input named `name` (the CSRF token: `csrf`).
    public static func inputValue(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

final class RefusingRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
