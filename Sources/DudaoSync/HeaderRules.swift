import Crypto
import DudaoKernel
import Foundation

/// What a header's fields must say beyond their JSON types (`schemas/bundle.md` §2), checked once
/// per bundle before the signature: the forms `bundle-header.schema.json` states, and the rules
/// between fields no schema can state.
enum HeaderRules {
    /// Refuses the first field that breaks a rule, naming it.
    static func check(_ header: BundleHeader) throws(BundleError) {
        try require(isUUID(header.bundleID), "bundleID", "不是小写的 UUID（8-4-4-4-12 位十六进制）", "is not a lower-case UUID (8-4-4-4-12 hex digits)")
        try require(!header.campaign.isEmpty, "campaign", "为空", "is empty")
        try require(!header.recipient.isEmpty, "recipient", "为空", "is empty")
        try require(!header.sender.node.isEmpty, "sender.node", "为空", "is empty")
        try require(header.sender.unit.map { !$0.isEmpty } ?? true, "sender.unit", "为空（教育局不写此字段）", "is empty (the bureau leaves it out)")
        try require(isHex(header.sender.keyID, count: 16), "sender.keyID", "应为 16 位小写十六进制", "must be 16 lower-case hex digits")
        try require(isHex(header.bodySHA256, count: 64), "bodySHA256", "应为 64 位小写十六进制", "must be 64 lower-case hex digits")
        try require(HLC(canonical: header.hlc) != nil, "hlc", "应为“毫秒.计数”（两个不带前导零的非负整数）",
                    "must be wallMillis.counter (two non-negative integers without leading zeros, in range)")
        try require(header.minReaderVersion >= 1, "minReaderVersion", "应不小于 1", "must be at least 1")
        try require(header.counts.changes >= 0 && header.counts.evidence >= 0, "counts", "不能为负", "must not be negative")
        try require(header.compressedSize >= 0 && header.uncompressedSize >= 0, "compressedSize", "不能为负", "must not be negative")
        try require(Set(header.critical).count == header.critical.count, "critical", "有重复的功能名", "names a capability twice")
        for capability in ["changes-v1", "zlib", "ed25519"] {
            try require(header.critical.contains(capability), "critical", "缺少 \(capability)", "lacks \(capability)")
        }
        try require(header.critical.contains("evidence-v1") == (header.counts.evidence > 0), "critical",
                    "应在且仅在携带证据文件时列出 evidence-v1", "must list evidence-v1 exactly when evidence files are carried")
        if let claim = header.enrolment {
            // An enrolment-kit proof (§14): only a unit's, in the forms the schema states.
            try require(header.sender.unit != nil, "enrolment", "只能出现在单位的数据包中", "appears only in a unit's bundle")
            try require(!claim.kit.isEmpty, "enrolment.kit", "为空", "is empty")
            try require(isBase64(claim.publicKey, bytes: 32), "enrolment.publicKey", "应为 32 字节的 base64", "must be base64 of 32 bytes")
            try require(isBase64(claim.proof, bytes: 64), "enrolment.proof", "应为 64 字节的 base64", "must be base64 of 64 bytes")
        }
        if let held = header.campaignRevisionHeld {
            // A unit's acknowledgement of the bureau's revisions (§13): never from the bureau, never revision 0 alone.
            try require(header.sender.unit != nil, "campaignRevisionHeld", "只能出现在单位的数据包中", "appears only in a unit's bundle")
            try require(held.number >= 1, "campaignRevisionHeld.number", "应不小于 1", "must be at least 1")
            try require(isHex(held.fingerprint, count: 64), "campaignRevisionHeld.fingerprint", "应为 64 位小写十六进制", "must be 64 lower-case hex digits")
        }
        if let carried = header.campaignRevisions {
            try require(!carried.isEmpty && carried.map(\.number) == Array(carried[0].number..<carried[0].number + carried.count)
                        && (carried[0].number > 0 || carried.count > 1), "campaignRevisions",
                        "应为连续编号的修订：从 0 起至少到 1，或接续单位已有的修订", "must be numbered consecutively: from 0 to at least 1, or on from what the unit holds")
        }
        for (origin, sequence) in header.knowledge.sorted(by: { $0.key < $1.key }) {
            try require(!origin.isEmpty && sequence >= 0, "knowledge.\(origin)", "应为非负序号", "must be a non-negative sequence")
        }
        // The sender relays nothing: a range of another origin would raise the receiver's knowledge of
        // that origin without carrying its changes, and the gap would be papered over.
        // A restore bundle (§8) is the one exception: it gives back a unit's records of every origin,
        // each range from 0, to a store that is being rebuilt and holds nothing yet.
        if header.critical.contains(RestoreBundle.capability) {
            try require(!header.ranges.isEmpty && header.ranges.values.allSatisfy { $0.after == 0 }, "ranges",
                        "恢复数据包的每一项都应从 0 开始", "of a restore bundle must each start at 0")
        } else {
            try require(header.ranges.count == 1 && header.ranges[header.sender.node] != nil, "ranges",
                        "应恰有一项，且为发送节点 \(header.sender.node)", "must have exactly one entry, for the sending node \(header.sender.node)")
        }
        for (origin, range) in header.ranges {
            try require(range.after >= 0, "ranges.\(origin).after", "不能为负", "must not be negative")
            try require(range.after <= range.through, "ranges.\(origin)",
                        "after（\(range.after)）大于 through（\(range.through)）", "has after (\(range.after)) greater than through (\(range.through))")
        }
    }

    /// A bundle id from a store's id generator: the id itself when it is a lower-case UUID (the live
    /// generator's version 7), else the version 8 UUID made of its SHA-256 (the demo's counters).
    static func bundleID(from id: String) -> String {
        if isUUID(id) { return id }
        var bytes = Array(SHA256.hash(data: Data(id.utf8)).prefix(16))
        bytes[6] = 0x80 | (bytes[6] & 0x0F)
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        let hex = bytes.hexString
        var groups: [Substring] = []
        var rest = Substring(hex)
        for length in [8, 4, 4, 4, 12] {
            groups.append(rest.prefix(length))
            rest = rest.dropFirst(length)
        }
        return groups.joined(separator: "-")
    }

    private static func require(_ condition: Bool, _ field: String, _ zh: String, _ en: String) throws(BundleError) {
        guard condition else { throw BundleError(.badHeader, "头部字段 \(field) \(zh)", "the header field \(field) \(en)") }
    }

    /// `count` lower-case hex digits.
    static func isHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Padded standard base64 of exactly `bytes` bytes (`bundle-header.schema.json`'s patterns).
    static func isBase64(_ text: String, bytes: Int) -> Bool {
        let padding = (3 - bytes % 3) % 3
        let length = (bytes + 2) / 3 * 4
        let utf8 = Array(text.utf8)
        guard utf8.count == length, utf8.suffix(padding).allSatisfy({ $0 == 0x3D }) else { return false }
        return utf8.dropLast(padding).allSatisfy { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2B || $0 == 0x2F }
    }

    /// A UUID in its lower-case text form, of any version.
    static func isUUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.utf8.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { isHex(String($0), count: $0.utf8.count) }
    }
}

extension HLC {
    /// Reads `wallMillis.counter` as the header writes it: two non-negative decimal integers without
    /// leading zeros, the wall within 64 bits and the counter within 32 (signed); nil otherwise.
    init?(canonical text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ part in
            !part.isEmpty && part.utf8.allSatisfy { (0x30...0x39).contains($0) } && (part == "0" || !part.hasPrefix("0"))
        }), let wall = Int64(parts[0]), let counter = Int32(parts[1]) else { return nil }
        self.init(wall: wall, counter: counter)
    }
}
