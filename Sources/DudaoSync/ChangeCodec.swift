import DudaoKernel
import Foundation

/// The uncompressed body of a bundle: length-prefixed binary, so reading a change is slicing bytes.
///
/// `CHG1`, u32 count, then per change: id, unit, type, author (empty = none), i64 wall, i32 counter,
/// origin, i64 sequence, u8 deleted, u16 evidence count and hashes, body bytes. Then `EVD1`, u32 count,
/// per file: hash, bytes. Strings and byte fields are u32 big-endian length + bytes.
public enum ChangeCodec {
    public struct Evidence: Sendable, Hashable {
        public var hash: String
        public var data: Data

        public init(hash: String, data: Data) {
            self.hash = hash
            self.data = data
        }
    }

    public static func encode(_ changes: [RecordEnvelope], evidence: [Evidence]) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(changes.reduce(64) { $0 + $1.body.count + 160 } + evidence.reduce(0) { $0 + $1.data.count + 80 })
        out += BundleFormat.bodyMagic
        put32(&out, UInt32(changes.count))
        for change in changes {
            putString(&out, change.id)
            putString(&out, change.unit)
            putString(&out, change.type)
            putString(&out, change.author ?? "")
            put64(&out, UInt64(bitPattern: change.hlc.wall))
            put32(&out, UInt32(bitPattern: change.hlc.counter))
            putString(&out, change.origin)
            put64(&out, UInt64(bitPattern: change.sequence))
            out.append(change.deleted ? 1 : 0)
            out.append(UInt8(change.evidence.count >> 8))
            out.append(UInt8(change.evidence.count & 0xFF))
            for hash in change.evidence { putString(&out, hash) }
            putBytes(&out, change.body)
        }
        out += BundleFormat.evidenceMagic
        put32(&out, UInt32(evidence.count))
        for file in evidence {
            putString(&out, file.hash)
            putBytes(&out, file.data)
        }
        return Data(out)
    }

    public static func decode(_ data: Data) throws(BundleError) -> (changes: [RecordEnvelope], evidence: [Evidence]) {
        let result = data.withUnsafeBytes { bytes in
            Result { () throws(BundleError) in try decode(BodyReader(bytes: bytes)) }
        }
        return try result.get()
    }

    private static func decode(_ reader: consuming BodyReader) throws(BundleError) -> (changes: [RecordEnvelope], evidence: [Evidence]) {
        try reader.expect(BundleFormat.bodyMagic, what: "CHG1")
        let count = Int(try reader.u32())
        guard count <= reader.bytes.count / 30 + 1 else { throw reader.corrupt("change count \(count) exceeds what the body can hold") }
        var changes: [RecordEnvelope] = []
        changes.reserveCapacity(count)
        for _ in 0..<count {
            let id = try reader.string(), unit = try reader.string(), type = try reader.string(), author = try reader.string()
            let wall = Int64(bitPattern: try reader.u64()), counter = Int32(bitPattern: try reader.u32())
            let origin = try reader.string()
            let sequence = Int64(bitPattern: try reader.u64())
            let deleted = try reader.u8()
            guard deleted <= 1 else { throw reader.corrupt("deleted flag \(deleted)") }
            let evidenceCount = Int(try reader.u16())
            var hashes: [String] = []
            for _ in 0..<evidenceCount { hashes.append(try reader.string()) }
            let body = try reader.data()
            changes.append(RecordEnvelope(id: id, unit: unit, type: type, body: body, author: author.isEmpty ? nil : author,
                                          hlc: HLC(wall: wall, counter: counter), origin: origin, sequence: sequence,
                                          deleted: deleted == 1, evidence: hashes))
        }
        try reader.expect(BundleFormat.evidenceMagic, what: "EVD1")
        let files = Int(try reader.u32())
        guard files <= reader.bytes.count / 8 + 1 else { throw reader.corrupt("evidence count \(files)") }
        var evidence: [Evidence] = []
        for _ in 0..<files { evidence.append(Evidence(hash: try reader.string(), data: try reader.data())) }
        guard reader.offset == reader.bytes.count else { throw reader.corrupt("\(reader.bytes.count - reader.offset) bytes after the last evidence file") }
        return (changes, evidence)
    }

    static func put32(_ out: inout [UInt8], _ value: UInt32) {
        out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func put64(_ out: inout [UInt8], _ value: UInt64) {
        put32(&out, UInt32(value >> 32))
        put32(&out, UInt32(value & 0xFFFF_FFFF))
    }

    static func putString(_ out: inout [UInt8], _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            put32(&out, UInt32(bytes.count))
            out.append(contentsOf: bytes)
        }
    }

    static func putBytes(_ out: inout [UInt8], _ data: Data) {
        put32(&out, UInt32(data.count))
        out.append(contentsOf: data)
    }
}

/// Reads the big-endian fields of a bundle file's layout, refusing to run past its end.
struct ByteReader {
    let data: Data
    var offset: Int

    init(data: Data, offset: Int = 0) {
        self.data = data
        self.offset = offset
    }

    func corrupt(_ detail: String) -> BundleError {
        BundleError(.corruptBody, "数据包正文在第 \(offset) 字节处损坏：\(detail)", "the bundle body is damaged at byte \(offset): \(detail)")
    }

    mutating func take(_ count: Int) throws(BundleError) -> Data {
        guard count >= 0, count <= data.count - offset else {
            throw corrupt("needs \(count) bytes, \(data.count - offset) left")
        }
        let start = data.startIndex + offset
        offset += count
        return data[start..<(start + count)]
    }

    mutating func u16() throws(BundleError) -> UInt16 {
        let b = try take(2)
        return UInt16(b[b.startIndex]) << 8 | UInt16(b[b.startIndex + 1])
    }

    mutating func u32() throws(BundleError) -> UInt32 {
        let b = try take(4)
        return b.reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func u64() throws(BundleError) -> UInt64 {
        let b = try take(8)
        return b.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// Reads the inflated body in place: big-endian fields and length-prefixed strings straight from
/// the buffer, refusing to run past its end. (A million changes pass through here per merge.)
struct BodyReader: ~Copyable {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    func corrupt(_ detail: String) -> BundleError {
        BundleError(.corruptBody, "数据包正文在第 \(offset) 字节处损坏：\(detail)", "the bundle body is damaged at byte \(offset): \(detail)")
    }

    /// The next `count` bytes.
    mutating func take(_ count: Int) throws(BundleError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else { throw corrupt("needs \(count) bytes, \(bytes.count - offset) left") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func u8() throws(BundleError) -> UInt8 { try take(1)[0] }
    mutating func u16() throws(BundleError) -> UInt16 { UInt16(bigEndian: try take(2).loadUnaligned(as: UInt16.self)) }
    mutating func u32() throws(BundleError) -> UInt32 { UInt32(bigEndian: try take(4).loadUnaligned(as: UInt32.self)) }
    mutating func u64() throws(BundleError) -> UInt64 { UInt64(bigEndian: try take(8).loadUnaligned(as: UInt64.self)) }

    mutating func data() throws(BundleError) -> Data { Data(try take(Int(try u32()))) }

    mutating func string() throws(BundleError) -> String {
        let field = try take(Int(try u32()))
        guard let text = String(validating: field, as: UTF8.self) else { throw corrupt("a text field is not UTF-8") }
        return text
    }

    mutating func expect(_ magic: [UInt8], what: String) throws(BundleError) {
        guard try take(magic.count).elementsEqual(magic) else { throw corrupt("expected the marker \(what)") }
    }
}
