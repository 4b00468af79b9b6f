import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a `dudao app` already answers on `host:port`: one plain HTTP request over a socket,
/// whose answer must name `dudao-app` as its server. Not URLSession: its first use makes cookie and
/// cache folders named after the program in the user's data folder — `~/.local/share/dudao`,
/// exactly where a first run is about to make the store.
enum RunningWorkstation {
    static func answers(host: String, port: Int) -> Bool {
        guard port > 0, port < 65536 else { return false }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let info = found else { return false }
        defer { freeaddrinfo(found) }
        let socket = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            _ = setsockopt(socket, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        guard connect(socket, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else { return false }
        let request = Array("HEAD /assets/ HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
        guard send(socket, request, request.count, 0) == request.count else { return false }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while answer.count < 16 << 10 {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[..<count]
            if String(decoding: answer, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        let head = String(decoding: answer, as: UTF8.self).lowercased()
        return head.hasPrefix("http/1.1 ") && head.contains("\r\nserver: dudao-app\r\n")
    }
}
