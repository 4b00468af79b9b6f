import DudaoKernel
import DudaoStore
import Foundation

extension BundleImporter {
    /// The enrolment under which a bundle signed by a revoked key is still checked, or nil when
    /// its key was never revoked here. Bundles carry no trusted time, so a revoked key's bundle
    /// counts as signed before the revocation when every range it declares ends at or before what
    /// this store held of that origin at the revocation: such a bundle brings nothing new (importing
    /// it again is "already had it"). One reaching further is refused, after its signature is
    /// checked, so the refusal is logged as the key's.
    func enrolmentOfRevokedKey(_ file: BundleFile) throws -> Enrolment? {
        let header = file.header
        guard let revoked = try store.revokedKey(keyID: header.sender.keyID) else { return nil }
        try file.verify(publicKey: revoked.publicKey)
        for (origin, range) in header.ranges.sorted(by: { $0.key < $1.key }) {
            let limit = revoked.limits[origin] ?? 0
            guard range.through <= limit else {
                let when = Self.dateText(revoked.revokedMs)
                throw BundleError(.revokedKey,
                                  "签发密钥 \(revoked.keyID) 已于 \(when) 吊销\(revoked.replacedBy.map { "（由 \($0) 取代）" } ?? "")；"
                                  + "本数据包含节点 \(origin) 序号 \(range.after + 1)–\(range.through) 的变更，超出吊销时已收到的 \(limit)",
                                  "the signing key \(revoked.keyID) was revoked on \(when)\(revoked.replacedBy.map { " (replaced by \($0))" } ?? ""); "
                                  + "the bundle carries node \(origin)'s sequences \(range.after + 1)–\(range.through), beyond the \(limit) held at the revocation")
            }
        }
        return revoked.enrolment
    }

    public static func dateText(_ ms: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
