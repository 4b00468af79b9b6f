import Crypto
import DudaoKernel
import DudaoStore
import Foundation

/// A bundle's bytes taken apart: the header as signed, the signature and the compressed body.
///
/// Layout: magic `DUDAOBDL` (8) · format version u16 · header length u32 · header (canonical JSON) ·
/// Ed25519 signature (64) over everything before it · body length u64 · body (zlib). Nothing follows.
public struct BundleFile: Sendable {
    public var header: BundleHeader
    public var headerBytes: Data
    public var signature: Data
    public var body: Data

    /// The bytes the signature covers.
    public var signedBytes: Data { Self.prefix(headerBytes) }

    /// SHA-256 (hex) of the whole file: tells "same id, same content" from "same id, other content".
    public static func contentHash(_ data: Data) -> String { Store.sha256(data) }

    static func prefix(_ headerBytes: Data) -> Data {
        var out = Data(BundleFormat.magic)
        out.append(UInt8(BundleFormat.version >> 8))
        out.append(UInt8(BundleFormat.version & 0xFF))
        let length = UInt32(headerBytes.count)
        out.append(contentsOf: [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)])
        out.append(headerBytes)
        return out
    }

    /// Signs `header` and assembles the file around `body`.
    public static func assemble(header: BundleHeader, body: Data, key: Curve25519.Signing.PrivateKey) throws -> Data {
        let headerBytes = try header.canonicalJSON()
        var out = prefix(headerBytes)
        out.append(try key.signature(for: out))
        let length = UInt64(body.count)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(length >> UInt64(shift) & 0xFF)) }
        out.append(body)
        return out
    }

    /// Takes a file apart, checking the layout, the version, the capabilities and the lengths —
    /// everything that can be checked before the signature and before any inflation.
    /// `alsoUnderstanding` names capabilities a special reader adds (a restore bundle's `restore-v1`).
    public static func parse(_ data: Data, alsoUnderstanding extra: Set<String> = []) throws(BundleError) -> BundleFile {
        guard data.count <= BundleFormat.maximumBundleBytes else {
            throw BundleError(.tooLarge, "数据包 \(data.count) 字节，超过上限 \(BundleFormat.maximumBundleBytes)",
                              "the bundle is \(data.count) bytes, over the limit of \(BundleFormat.maximumBundleBytes)")
        }
        var reader = ByteReader(data: data)
        guard data.count >= 14, Array(data.prefix(8)) == BundleFormat.magic else {
            throw BundleError(.notABundle, "不是督导数据包（文件头标记不符）", "not a Dudao bundle (the magic bytes do not match)")
        }
        reader.offset = 8
        let version = (try? reader.u16()) ?? 0
        guard version <= BundleFormat.version else {
            throw BundleError(.newerFormat, "数据包格式版本 \(version) 较新，本程序只能读取版本 \(BundleFormat.version)，请升级",
                              "bundle format version \(version) is newer than this reader's \(BundleFormat.version); upgrade Dudao")
        }
        guard version >= 1 else { throw BundleError(.notABundle, "格式版本 0 无效", "format version 0 is invalid") }
        let headerLength = Int((try? reader.u32()) ?? 0)
        guard headerLength > 0, headerLength <= BundleFormat.maximumHeaderBytes else {
            throw BundleError(.badHeader, "头部长度 \(headerLength) 无效", "header length \(headerLength) is invalid")
        }
        guard let headerBytes = try? reader.take(headerLength) else { throw truncated(data.count) }
        // One reading only: strict JSON, no key twice, canonical bytes (§2); then the declared fields.
        let headerValue = try CanonicalHeader.read(headerBytes)
        let header: BundleHeader
        do {
            header = try JSONDecoder().decode(BundleHeader.self, from: headerBytes)
        } catch {
            let problem = DecodingProblem(error)
            throw BundleError(.badHeader, "头部无效：\(problem.path) \(problem.reason.zh)", "bad header: \(problem.path) \(problem.reason.en)")
        }
        guard header.format == Int(version) else {
            throw BundleError(.badHeader, "头部的格式版本 \(header.format) 与文件的 \(version) 不符",
                              "the header's format \(header.format) differs from the file's \(version)")
        }
        guard header.minReaderVersion <= BundleFormat.readerVersion else {
            throw BundleError(.newerFormat, "读取此数据包至少需要版本 \(header.minReaderVersion) 的程序",
                              "this bundle needs a reader of version \(header.minReaderVersion) or later")
        }
        let unknown = header.critical.filter { !BundleFormat.capabilities.contains($0) && !extra.contains($0) }
        guard unknown.isEmpty else {
            throw BundleError(.unknownCapability, "数据包要求本程序不支持的功能：\(unknown.joined(separator: "、"))",
                              "the bundle requires capabilities this reader lacks: \(unknown.joined(separator: ", "))")
        }
        try CanonicalHeader.checkKnownFields(header, read: headerValue, headerBytes: headerBytes)
        try HeaderRules.check(header)
        guard let signature = try? reader.take(64) else { throw truncated(data.count) }
        guard let bodyLength = try? reader.u64() else { throw truncated(data.count) }
        guard bodyLength == UInt64(header.compressedSize), header.compressedSize >= 0 else {
            throw BundleError(.sizeMismatch, "正文长度 \(bodyLength) 与头部声明的 \(header.compressedSize) 不符",
                              "body length \(bodyLength) differs from the header's compressedSize \(header.compressedSize)")
        }
        let remaining = data.count - reader.offset
        if remaining < Int(bodyLength) { throw truncated(data.count) }
        if remaining > Int(bodyLength) {
            throw BundleError(.trailingData, "数据包末尾有 \(remaining - Int(bodyLength)) 字节多余数据",
                              "\(remaining - Int(bodyLength)) bytes of trailing data after the body")
        }
        guard header.uncompressedSize >= 0, header.uncompressedSize <= BundleFormat.maximumBodyBytes else {
            throw BundleError(.tooLarge, "声明的解压大小 \(header.uncompressedSize) 超过上限", "declared uncompressed size \(header.uncompressedSize) is over the limit")
        }
        let body = Data(data[(data.startIndex + reader.offset)...])
        return BundleFile(header: header, headerBytes: Data(headerBytes), signature: Data(signature), body: body)
    }

    static func truncated(_ size: Int) -> BundleError {
        BundleError(.truncated, "数据包不完整（共 \(size) 字节，被截断）", "the bundle is truncated (\(size) bytes)")
    }

    /// Checks the signature with `publicKey`, then the body's hash against the signed header.
    public func verify(publicKey: Data) throws(BundleError) {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
              key.isValidSignature(signature, for: signedBytes) else {
            throw BundleError(.badSignature, "签名无效：数据包被改动过，或不是该密钥签发",
                              "the signature does not verify: the bundle was altered or not signed by this key")
        }
        let hash = Store.sha256(body)
        guard hash == header.bodySHA256 else {
            throw BundleError(.bodyMismatch, "正文与签名的头部不符（SHA-256 不一致）",
                              "the body does not match the signed header (SHA-256 differs)")
        }
    }

    /// Inflates the body, stopping at the declared size, and decodes the changes.
    public func contents() throws(BundleError) -> (changes: [RecordEnvelope], evidence: [ChangeCodec.Evidence]) {
        let inflated: Data
        switch Result(catching: { () throws(Zlib.InflateError) -> Data in try Zlib.inflate(body, limit: header.uncompressedSize) }) {
        case .success(let data):
            inflated = data
        case .failure(.exceedsLimit(let limit)):
            throw BundleError(.sizeMismatch, "解压后超过声明的 \(limit) 字节，已停止（疑似压缩炸弹）",
                              "inflation passed the declared \(limit) bytes and was stopped (a zip bomb?)")
        case .failure(.trailingData):
            throw BundleError(.corruptBody, "压缩流之后还有数据", "data after the end of the compressed stream")
        case .failure(.corrupt(let detail)):
            throw BundleError(.corruptBody, "正文无法解压：\(detail)", "the body does not inflate: \(detail)")
        }
        guard inflated.count == header.uncompressedSize else {
            throw BundleError(.sizeMismatch, "解压后 \(inflated.count) 字节，与声明的 \(header.uncompressedSize) 不符",
                              "inflated to \(inflated.count) bytes, not the declared \(header.uncompressedSize)")
        }
        let decoded = try ChangeCodec.decode(inflated)
        guard decoded.changes.count == header.counts.changes, decoded.evidence.count == header.counts.evidence else {
            throw BundleError(.sizeMismatch, "条目数与头部声明不符", "the number of changes or evidence files differs from the header's counts")
        }
        return decoded
    }
}
