import DudaoKernel
import DudaoStore
import DudaoWeb
import Foundation

extension BureauServer {
    /// The unit page's short line on revoked keys: which, when, replaced by which, and how far
    /// their bundles stay valid. Empty when the unit never had a key revoked.
    func revokedKeysLine(unit: String, _ t: Tr) -> HTML {
        let revoked = (try? model.workspace.store.revokedKeys(unit: unit)) ?? []
        guard !revoked.isEmpty else { return .empty }
        let items = revoked.map { key -> String in
            let day = String(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(key.revokedMs) / 1000)).prefix(10))
            let limit = key.limits.values.max() ?? 0
            return t("\(key.keyID)（\(day) 吊销\(key.replacedBy.map { "，由 \($0) 取代" } ?? "")，有效至序号 \(limit)）",
                     "\(key.keyID) (revoked \(day)\(key.replacedBy.map { ", replaced by \($0)" } ?? ""), valid through sequence \(limit))")
        }
        return "<p class=\"muted\">\(t("已吊销的密钥：", "Revoked keys: "))\(items.joined(separator: t("；", "; ")))</p>"
    }
}
