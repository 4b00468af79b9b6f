import DudaoKernel
import GRDB

/// Why a store cannot be used: missing, not a database, locked, or already there.
public struct StoreError: DudaoFailure, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case missing, corrupt, locked, exists, notInitialised, readOnly, other
    }

    public var kind: Kind
    public var path: String
    public var detail: String

    public init(_ kind: Kind, path: String, detail: String = "") {
        self.kind = kind
        self.path = path
        self.detail = detail
    }

    public var message: LocalizedText {
        switch kind {
        case .missing:
            LocalizedText(zh: "在 \(path) 没有找到督导数据库。请先运行 dudao init --campaign 文件 (--unit 单位 | --bureau)，单位也可用教育局的登记包：dudao init --kit 文件",
                          en: "no Dudao store at \(path). Run dudao init --campaign FILE (--unit UNIT | --bureau) first, or at a unit, from the bureau's enrolment kit: dudao init --kit FILE")
        case .corrupt:
            LocalizedText(zh: "\(path) 不是有效的督导数据库（文件已损坏或不是 SQLite 数据库）：\(detail)",
                          en: "\(path) is not a valid Dudao store (damaged, or not an SQLite database): \(detail)")
        case .locked:
            LocalizedText(zh: "数据库 \(path) 正被另一个进程占用，请稍后再试", en: "the store \(path) is locked by another process; try again shortly")
        case .exists:
            LocalizedText(zh: "\(path) 已有督导数据库，未做任何改动", en: "a Dudao store already exists at \(path); nothing was changed")
        case .notInitialised:
            LocalizedText(zh: "数据库 \(path) 未初始化：\(detail)", en: "the store \(path) was never initialised: \(detail)")
        case .readOnly:
            LocalizedText(zh: "数据库 \(path) 不可写：\(detail)", en: "the store \(path) cannot be written: \(detail)")
        case .other:
            LocalizedText(zh: "数据库 \(path) 出错：\(detail)", en: "store \(path) failed: \(detail)")
        }
    }

    public var description: String { message.en }

    /// Maps an SQLite error to what it means for the person using the store.
    static func from(_ error: any Error, path: String) -> any Error {
        if error is any DudaoFailure { return error }
        guard let error = error as? DatabaseError else { return StoreError(.other, path: path, detail: "\(error)") }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return StoreError(.locked, path: path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return StoreError(.corrupt, path: path, detail: error.message ?? "")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: return StoreError(.readOnly, path: path, detail: error.message ?? "")
        default: return StoreError(.other, path: path, detail: error.message ?? "\(error)")
        }
    }
}
