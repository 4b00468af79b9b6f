import DudaoKernel
import DudaoSync

/// What an import came to, in plain words for a person: the bureau's upload page and the
/// workstation's sync page say the same thing.
extension ImportOutcome {
    /// Whether the bundle was merged (it, and any held bundles it released).
    public var isApplied: Bool {
        if case .applied = self { return true }
        return false
    }

    /// Whether the bundle was refused (the store is unchanged).
    public var isRefusal: Bool {
        if case .refused = self { return true }
        return false
    }

    /// A sentence about bundle `name`: applied (how many changes were new, already here, lost a
    /// conflict), already imported, held for a missing earlier bundle, or refused and why.
    public func words(file name: String) -> LocalizedText {
        switch self {
        case .applied(let changes, let duplicates, let conflicts, _, let released):
            LocalizedText(zh: "已导入 \(name)：新增变更 \(changes) 条，重复 \(duplicates) 条，冲突 \(conflicts) 条\(released.isEmpty ? "" : "，另放行暂存的数据包 \(released.count) 个")。",
                          en: "Imported \(name): \(changes) new changes, \(duplicates) duplicates, \(conflicts) conflicts\(released.isEmpty ? "" : "; \(released.count) held bundles released").")
        case .duplicate:
            LocalizedText(zh: "\(name) 已经导入过（重复），没有任何变化。", en: "\(name) was imported before (a duplicate); nothing changed.")
        case .held(let waiting):
            LocalizedText(zh: "\(name) 已暂存：它接在一个还没收到的数据包之后（等待 \(waiting) 之前的变更），收到后自动导入。",
                          en: "\(name) is held: it follows a bundle not received yet (waiting for changes up to \(waiting)); it applies once that arrives.")
        case .refused(let error):
            LocalizedText(zh: "拒收 \(name)：\(error.message.zh)", en: "Refused \(name): \(error.message.en)")
        }
    }
}
