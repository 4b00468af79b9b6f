import DudaoKernel
import Foundation

/// What a bundle's changes may cite and its body may carry (`schemas/bundle.md` §3): hashes in
/// one form, each file carried once, and tombstones that cite nothing. A change citing a file the
/// bundle does not carry is fine (it was sent before, or follows when the size limit allows).
enum EvidenceRules {
    /// Refuses the first citation or file that breaks a rule, naming the record or the hash.
    static func check(_ changes: [RecordEnvelope], _ evidence: [ChangeCodec.Evidence]) throws(BundleError) {
        for change in changes where !change.evidence.isEmpty {
            if change.deleted {
                throw BundleError(.invalidRecord, "删除标记 \(change.id) 不能引用证据文件", "the tombstone \(change.id) cites evidence files; a tombstone cites none")
            }
            var cited = Set<String>()
            for hash in change.evidence {
                guard HeaderRules.isHex(hash, count: 64) else {
                    throw BundleError(.invalidRecord, "记录 \(change.id) 引用的证据“\(hash.prefix(80))”不是小写的 SHA-256（64 位十六进制）",
                                      "record \(change.id) cites evidence '\(hash.prefix(80))', which is not a lower-case SHA-256 (64 hex digits)")
                }
                guard cited.insert(hash).inserted else {
                    throw BundleError(.invalidRecord, "记录 \(change.id) 两次引用证据 \(hash)", "record \(change.id) cites evidence \(hash) twice")
                }
            }
        }
        var carried = Set<String>()
        for file in evidence {
            guard HeaderRules.isHex(file.hash, count: 64) else {
                throw BundleError(.corruptBody, "携带的证据文件名“\(file.hash.prefix(80))”不是小写的 SHA-256（64 位十六进制）",
                                  "a carried evidence file is named '\(file.hash.prefix(80))', not a lower-case SHA-256 (64 hex digits)")
            }
            guard carried.insert(file.hash).inserted else {
                throw BundleError(.corruptBody, "证据文件 \(file.hash) 在数据包中出现两次", "the evidence file \(file.hash) is carried twice")
            }
        }
    }
}
