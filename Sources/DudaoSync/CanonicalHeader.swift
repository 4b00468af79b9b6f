import DudaoKernel
import Foundation

/// The header's bytes as the signature covers them, held to one reading (`schemas/bundle.md` §2):
/// strict JSON without repeated keys, in canonical form, and made only of the fields
/// `BundleHeader` declares — so every reader of a signed header reads the same header.
///
/// The known fields are `BundleHeader`'s stored properties, nothing else: a header is accepted
/// when decoding it and writing it again gives back its bytes. A field added to the type (and
/// to `bundle-header.schema.json`) is known from then on; any other member is refused by name.
enum CanonicalHeader {
    /// The canonical bytes of `header`: Foundation's encoding, rewritten in the canonical form.
    static func bytes(of header: BundleHeader) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let encoded = try encoder.encode(header)
        let value: CanonicalJSON.Value
        do {
            value = try CanonicalJSON.parse(encoded)
        } catch {
            throw DudaoError("头部无法写成规范形式：\(error.zh)", "the header cannot be written canonically: \(error.en)")
        }
        return Data(CanonicalJSON.serialise(value))
    }

    /// Reads the header bytes strictly and refuses them unless they are already canonical.
    static func read(_ bytes: Data) throws(BundleError) -> CanonicalJSON.Value {
        let value: CanonicalJSON.Value
        do {
            value = try CanonicalJSON.parse(bytes)
        } catch {
            throw BundleError(.badHeader, "头部无效（第 \(error.offset) 字节，\(error.path)）：\(error.zh)",
                              "bad header (byte \(error.offset), \(error.path)): \(error.en)")
        }
        guard case .object = value else {
            throw BundleError(.badHeader, "头部应为 JSON 对象", "the header must be a JSON object")
        }
        let canonical = CanonicalJSON.serialise(value)
        if let offset = firstDifference(canonical, Array(bytes)) {
            let found = excerpt(Array(bytes), at: offset), expected = excerpt(canonical, at: offset)
            throw BundleError(.badHeader, "头部不是规范形式（bundle.md §2）：第 \(offset) 字节处为 \(found)，规范形式为 \(expected)",
                              "the header is not in canonical form (bundle.md §2): at byte \(offset) it has \(found) where the canonical form has \(expected)")
        }
        return value
    }

    /// Refuses a header with members `BundleHeader` does not declare, or with values that do not
    /// read back as written (a `null` where a field is absent or a string).
    static func checkKnownFields(_ header: BundleHeader, read value: CanonicalJSON.Value, headerBytes: Data) throws(BundleError) {
        guard let written = try? bytes(of: header) else {
            throw BundleError(.badHeader, "头部无法重新写出", "the header cannot be written back")
        }
        guard written != headerBytes else { return }
        // Read back only to say where the two differ.
        guard let rewritten = try? CanonicalJSON.parse(written) else {
            throw BundleError(.badHeader, "头部无法重新写出", "the header cannot be written back")
        }
        let (path, unknown) = difference(value, rewritten, path: "$") ?? ("$", false)
        if unknown {
            throw BundleError(.badHeader, "头部含未知字段 \(path)（格式版本 1 不定义此字段）",
                              "the header has an unknown field \(path) (format version 1 defines no such field)")
        }
        throw BundleError(.badHeader, "头部字段 \(path) 的取值无效（读出的值与写入的不同，如 null）",
                          "the header field \(path) has a value that does not read back as written (a null, say)")
    }

    /// The first place where `read` and `written` differ, and whether it is a member `written` lacks.
    private static func difference(_ read: CanonicalJSON.Value, _ written: CanonicalJSON.Value, path: String) -> (String, Bool)? {
        switch (read, written) {
        case (.object(let members), .object):
            for member in members {
                let memberPath = path + "." + member.key
                guard let other = written[member.key] else { return (memberPath, member.value != .null) }
                if let found = difference(member.value, other, path: memberPath) { return found }
            }
            return nil
        case (.array(let left), .array(let right)) where left.count == right.count:
            for (index, pair) in zip(left, right).enumerated() {
                if let found = difference(pair.0, pair.1, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return read == written ? nil : (path, false)
        }
    }

    private static func firstDifference(_ left: [UInt8], _ right: [UInt8]) -> Int? {
        if let index = zip(left, right).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset { return index }
        return left.count == right.count ? nil : min(left.count, right.count)
    }

    /// Up to twelve bytes from `offset`, quoted, or "the end".
    private static func excerpt(_ bytes: [UInt8], at offset: Int) -> String {
        guard offset < bytes.count else { return "(end)" }
        let text = String(decoding: bytes[offset..<min(bytes.count, offset + 12)], as: UTF8.self)
        return "\u{201C}" + text.debugDescription.dropFirst().dropLast() + "\u{201D}"
    }
}
