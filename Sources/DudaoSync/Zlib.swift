import CZlib
import DudaoKernel
import Foundation

/// zlib (RFC 1950) through the system library: deflate whole buffers, inflate with a hard size limit.
public enum Zlib {
    /// Compresses `data` as one zlib stream.
    public static func deflate(_ data: Data, level: Int32 = 6) throws -> Data {
        try compress(data, level: level, windowBits: MAX_WBITS)
    }

    /// Compresses `data` as one gzip member (RFC 1952): HTTP's `Content-Encoding: gzip`.
    public static func gzip(_ data: Data, level: Int32 = 6) throws -> Data {
        try compress(data, level: level, windowBits: MAX_WBITS + 16)
    }

    private static func compress(_ data: Data, level: Int32, windowBits: Int32) throws -> Data {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DudaoError("zlib 初始化失败", "zlib could not start")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(data.count)))
        var output = Data(count: bound)
        let produced: Int = try data.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(out.count)
                guard CZlib.deflate(&stream, Z_FINISH) == Z_STREAM_END else {
                    throw DudaoError("zlib 压缩失败", "zlib compression failed")
                }
                return Int(stream.total_out)
            }
        }
        output.count = produced
        return output
    }

    /// Why inflation stopped.
    public enum InflateError: Error, Equatable {
        /// More bytes than the declared size: a zip bomb or a lying header.
        case exceedsLimit(Int)
        /// Not a valid zlib stream, or truncated.
        case corrupt(String)
        /// Bytes after the end of the stream.
        case trailingData
    }

    /// Decompresses one zlib stream, refusing to produce more than `limit` bytes:
    /// inflation stops as soon as the output would pass it.
    public static func inflate(_ data: Data, limit: Int) throws(InflateError) -> Data {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("inflateInit")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunk = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        var status: Int32 = Z_OK
        var consumed = 0
        let result: InflateError? = data.withUnsafeBytes { input -> InflateError? in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            repeat {
                let produced: Int = buffer.withUnsafeMutableBytes { out in
                    stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
                    stream.avail_out = uInt(chunk)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return chunk - Int(stream.avail_out)
                }
                if status != Z_OK && status != Z_STREAM_END {
                    let detail = stream.msg.map { String(cString: $0) } ?? zError(status).map { String(cString: $0) } ?? "error \(status)"
                    return .corrupt(status == Z_BUF_ERROR ? "truncated stream" : detail)
                }
                if output.count + produced > limit { return .exceedsLimit(limit) }
                output.append(contentsOf: buffer[0..<produced])
                if status == Z_OK && stream.avail_in == 0 && produced < chunk { return .corrupt("truncated stream") }
            } while status != Z_STREAM_END
            consumed = input.count - Int(stream.avail_in)
            return nil
        }
        if let result { throw result }
        if consumed != data.count { throw .trailingData }
        return output
    }
}
