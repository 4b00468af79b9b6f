import CZlib
import Crypto
import DudaoKernel
import Foundation

/// zlib between file handles a chunk at a time, so a store of any size is compressed or restored
/// without holding it in memory. Each direction hashes the uncompressed bytes with SHA-256.
enum ZlibFileStream {
    static let chunk = 1 << 20

    /// Compresses `input` to the end of `output` as one zlib stream; returns the input's size and
    /// SHA-256 (hex) and the number of bytes written.
    static func deflate(_ input: FileHandle, into output: FileHandle, level: Int32) throws -> (size: Int, sha256: String, stored: Int) {
        var stream = z_stream()
        guard deflateInit_(&stream, level, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DudaoError("zlib 初始化失败", "zlib could not start")
        }
        defer { deflateEnd(&stream) }
        var hasher = SHA256()
        var size = 0, stored = 0
        var out = [UInt8](repeating: 0, count: chunk)
        var finished = false
        while !finished {
            let data = try input.read(upToCount: chunk) ?? Data()
            hasher.update(data: data)
            size += data.count
            let flush = data.isEmpty ? Z_FINISH : Z_NO_FLUSH
            try data.withUnsafeBytes { raw in
                stream.next_in = UnsafeMutablePointer(mutating: raw.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(raw.count)
                repeat {
                    let (code, produced) = step(&stream, into: &out) { CZlib.deflate($0, flush) }
                    guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else {
                        throw DudaoError("zlib 压缩失败（\(code)）", "zlib compression failed (\(code))")
                    }
                    if produced > 0 { try output.write(contentsOf: out[0..<produced]) }
                    stored += produced
                    if code == Z_STREAM_END { finished = true }
                } while stream.avail_out == 0 && !finished
            }
        }
        return (size, hasher.finalize().hexString, stored)
    }

    /// Inflates exactly `stored` bytes of `input` (one zlib stream) into `output`, refusing to
    /// produce more than `limit` bytes; returns the output's size and SHA-256 (hex).
    static func inflate(_ input: FileHandle, stored: Int, into output: FileHandle, limit: Int, member: String) throws -> (size: Int, sha256: String) {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DudaoError("zlib 初始化失败", "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        let damaged = { (why: String) in DudaoError("备份中的 \(member) 已损坏：\(why)", "\(member) in the backup is damaged: \(why)") }
        var hasher = SHA256()
        var size = 0, remaining = stored
        var out = [UInt8](repeating: 0, count: chunk)
        var ended = false
        while remaining > 0 {
            let data = try input.read(upToCount: min(chunk, remaining)) ?? Data()
            guard !data.isEmpty else { throw damaged("truncated") }
            remaining -= data.count
            guard !ended else { throw damaged("data after the end of the stream") }
            try data.withUnsafeBytes { raw in
                stream.next_in = UnsafeMutablePointer(mutating: raw.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(raw.count)
                repeat {
                    let (code, produced) = step(&stream, into: &out) { CZlib.inflate($0, Z_NO_FLUSH) }
                    guard code == Z_OK || code == Z_STREAM_END || code == Z_BUF_ERROR else { throw damaged("zlib \(code)") }
                    size += produced
                    guard size <= limit else { throw damaged("more than the declared \(limit) bytes") }
                    if produced > 0 {
                        hasher.update(data: out[0..<produced])
                        try output.write(contentsOf: out[0..<produced])
                    }
                    if code == Z_STREAM_END {
                        ended = true
                        guard stream.avail_in == 0 else { throw damaged("data after the end of the stream") }
                    }
                    if code == Z_BUF_ERROR && stream.avail_in == 0 { break }
                } while stream.avail_out == 0 || (stream.avail_in > 0 && !ended)
            }
        }
        guard ended else { throw damaged("the stream ends early") }
        return (size, hasher.finalize().hexString)
    }
}

extension ZlibFileStream {
    /// One call of `call` (deflate or inflate) into the whole of `out`; what it returned and how
    /// many bytes of `out` it filled.
    static func step(_ stream: inout z_stream, into out: inout [UInt8],
                     _ call: (UnsafeMutablePointer<z_stream>) -> Int32) -> (code: Int32, produced: Int) {
        let code = out.withUnsafeMutableBufferPointer { buffer -> Int32 in
            stream.next_out = buffer.baseAddress
            stream.avail_out = uInt(buffer.count)
            return call(&stream)
        }
        return (code, out.count - Int(stream.avail_out))
    }
}
