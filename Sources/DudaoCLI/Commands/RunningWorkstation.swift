import DudaoWorkstation
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `dudao app` already running on this PC, asked over a plain socket: whether one answers on
/// `host:port` (its answer must name `dudao-app` as its server), and a fresh sign-in link from it
/// for the launcher clicked again. Not URLSession: its first use makes cookie and cache folders
/// named after the program in the user's data folder — `~/.local/share/dudao`, exactly where a
/// first run is about to make the store.
enum RunningWorkstation {
    static func answers(host: String, port: Int) -> Bool {
        guard let head = exchange(host: host, port: port, request: "HEAD /assets/ HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")?.head
        else { return false }
        return head.hasPrefix("http/1.1 ") && head.contains("\r\nserver: dudao-app\r\n")
    }

    /// A fresh one-time sign-in secret from the workstation on `host:port`, for the launcher secret
    /// of its ``LauncherFile``; nil when nothing answers there or the secret is refused.
    static func signInSecret(host: String, port: Int, launcherSecret: String) -> String? {
        guard launcherSecret.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
              let answer = exchange(host: host, port: port, request: """
                  POST \(LauncherFile.path) HTTP/1.1\r\nHost: \(host)\r\n\(LauncherFile.header): \(launcherSecret)\r\n\
                  Content-Length: 0\r\nConnection: close\r\n\r\n
                  """),
              answer.head.hasPrefix("http/1.1 200 "), answer.head.contains("\r\nserver: dudao-app\r\n") else { return nil }
        let secret = answer.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (20...100).contains(secret.count), secret.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        return secret
    }

    /// Whether `answer` holds the whole head, and the body its Content-Length names (none for HEAD);
    /// nil before the head is complete.
    static func complete(_ answer: [UInt8], headOnly: Bool) -> Bool? {
        let text = String(decoding: answer, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        if headOnly { return true }
        let length = text[..<split.lowerBound].lowercased().split(separator: "\r\n")
            .first { $0.hasPrefix("content-length:") }.flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) }
        guard let length else { return false }
        return text[split.upperBound...].utf8.count >= length
    }

    /// Sends `request` and reads the answer (at most 16 KiB, 2 s a step) until it is complete:
    /// its head in lower case, and its body.
    static func exchange(host: String, port: Int, request: String) -> (head: String, body: String)? {
        guard port > 0, port < 65536 else { return nil }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let info = found else { return nil }
        defer { freeaddrinfo(found) }
        let socket = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard socket >= 0 else { return nil }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            _ = setsockopt(socket, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        guard connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { return nil }
        let bytes = Array(request.utf8)
        guard send(socket, bytes, bytes.count, 0) == bytes.count else { return nil }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while answer.count < 16 << 10 {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[..<count]
            if let done = complete(answer, headOnly: request.hasPrefix("HEAD ")), done { break }
        }
        let text = String(decoding: answer, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        return (String(text[..<split.upperBound]).lowercased(), String(text[split.upperBound...]))
    }
}
