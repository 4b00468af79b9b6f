/// Lower-case hex of bytes: digests, key ids and content hashes. One place, and without
/// `String(format:)`, which costs a formatter per byte (a bundle's content hash is taken for
/// every bundle an import reads).
extension Sequence<UInt8> {
    public var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
