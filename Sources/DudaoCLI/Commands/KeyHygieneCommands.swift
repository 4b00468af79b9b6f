import ArgumentParser
import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation

// Keys replaced, lost and rotated; a unit's PC replaced. The enrolment side: a key is never
// trusted again once revoked, and a node's new key is trusted only once enrolled by hand.

/// A key named on the command line: a public key file, or a key id (16 hex digits).
enum KeyReference {
    static func id(_ text: String) throws -> String {
        if FileManager.default.fileExists(atPath: text) { return NodeIdentity.keyID(of: try Enrolment.readKey(text)) }
        let lowered = text.lowercased()
        guard lowered.count == 16, lowered.allSatisfy(\.isHexDigit) else {
            throw DudaoError("“\(text)”既不是公钥文件，也不是密钥指纹（16 位十六进制）",
                             "'\(text)' is neither a public key file nor a key id (16 hex digits)")
        }
        return lowered
    }
}

extension KeyCommand {
    /// `dudao key rotate`: a new key pair for this node.
    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new key pair for this node; the old private key is destroyed.",
            discussion: """
                The node id and its sequence go on. Peers refuse the new key's bundles until they enrol it: \
                a unit's at the bureau (dudao bureau enrol --unit UNIT --key NEW.pub --replaces OLD-KEY-ID), \
                the bureau's at every unit (dudao bureau enrol --key NEW.pub --replaces OLD-KEY-ID). \
                Nothing is lost meanwhile: changes are sent again until acknowledged.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Also write the new public key to this file.") var to: String?

        func run() throws {
            let output = global.output
            let workspace = try global.workspace()
            let unit = workspace.identity.unit
            let (old, new) = try Store.rotateKey(at: global.storeURL, environment: global.environment)
            output.line(output("已更换本节点的密钥：\(old) → \(new)（旧私钥已销毁）", "rotated this node's key: \(old) → \(new) (the old private key is destroyed)"))
            if let to {
                let store = try global.workspace().store
                let text = "# dudao public key · node \(store.identity.nodeID) · \(unit ?? "bureau") · key id \(new)\n"
                    + store.identity.publicKey.base64EncodedString() + "\n"
                try AtomicFile.write(Data(text.utf8), to: to)
                output.line(output("新公钥已写入 \(to)", "new public key written to \(to)"))
            }
            if let unit {
                output.line(output("下一步：教育局运行 dudao bureau enrol --unit \(unit) --key 新公钥.pub --replaces \(old)；在此之前导出的数据包会被拒收，之后重新发送",
                                   "next, at the bureau: dudao bureau enrol --unit \(unit) --key new.pub --replaces \(old); bundles exported before that are refused and sent again after"))
            } else {
                output.line(output("下一步：每个单位运行 dudao bureau enrol --key 新公钥.pub --replaces \(old)",
                                   "next, at every unit: dudao bureau enrol --key new.pub --replaces \(old)"))
            }
        }
    }
}

extension BureauCommand {
    /// `dudao bureau revoke`: a key lost or stolen, revoked without a replacement yet.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key (lost, stolen): its bundles already received stay valid, later ones are refused.",
            discussion: "At the bureau name the unit with --unit; at a unit, this revokes the bureau's key.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The unit whose key it is (at the bureau).") var unit: String?
        @Option(help: "The key to revoke: its key id or its public key file.") var key: String

        func run() throws {
            let store = try global.workspace().store
            let revoked = try store.revoke(unit: unit, keyID: try KeyReference.id(key))
            global.output.line(Enrol.revocationLine(revoked, global.output))
        }
    }
}

extension BureauCommand.Enrol {
    /// Enrols with `--replaces`, or when the unit already has another key (which is then revoked,
    /// so the bundles it signed stay valid); false when this is a first enrolment.
    func replaceKey(_ store: Store) throws -> Bool {
        let newKey = try Enrolment.readKey(key)
        let newID = NodeIdentity.keyID(of: newKey)
        let oldID: String
        if let replaces {
            oldID = try KeyReference.id(replaces)
        } else if let current = try store.enrolments().first(where: { $0.unit == unit && $0.keyID != newID }) {
            oldID = current.keyID
        } else {
            return false
        }
        let revoked = try store.revoke(unit: unit, keyID: oldID, replacement: newKey)
        let output = global.output
        output.line(output("已登记 \(unit ?? "教育局") 的新公钥，指纹 \(newID)", "enrolled the new key of \(unit ?? "the bureau"), key id \(newID)"))
        output.line(Self.revocationLine(revoked, output))
        return true
    }

    static func revocationLine(_ revoked: RevokedKey, _ output: Output) -> String {
        let limits = revoked.limits.sorted { $0.key < $1.key }.map { "\($0.key) ≤ \($0.value)" }.joined(separator: ", ")
        return output("已吊销密钥 \(revoked.keyID)：它签发的数据包只在序号不超过吊销时已收到的范围内有效（\(limits.isEmpty ? "无" : limits)），之后的一律拒收",
                      "revoked key \(revoked.keyID): bundles it signed stay valid only within what was received at the revocation (\(limits.isEmpty ? "nothing" : limits)); later ones are refused")
    }
}

extension BundleCommand.Export {
    /// `--restore`: the unit's whole store as the bureau holds it, for a PC replaced.
    func exportRestore(_ store: Store) throws {
        guard let unit else { throw DudaoError("恢复数据包须用 --for 指明单位", "name the unit of the restore bundle with --for UNIT") }
        let (data, header) = try RestoreBundle.export(from: store, for: unit)
        try AtomicFile.write(data, to: to)
        let output = global.output
        output.line(output("已导出 \(unit) 的恢复数据包 \(to)：\(header.counts.changes) 条记录，\(header.counts.evidence) 个证据文件，\(data.count) 字节",
                           "exported the restore bundle of \(unit) to \(to): \(header.counts.changes) records, \(header.counts.evidence) evidence files, \(data.count) bytes"))
        for (node, range) in header.ranges.sorted(by: { $0.key < $1.key }) where node != store.identity.nodeID {
            output.line(output("  含单位节点 \(node) 的变更至序号 \(range.through)", "  holds unit node \(node)'s changes through sequence \(range.through)"))
        }
        output.line(output("  新电脑上运行：dudao init --unit \(unit) --campaign 活动文件 --restore \(to) --bureau-key 教育局公钥.pub",
                           "  on the new PC: dudao init --unit \(unit) --campaign FILE --restore \(to) --bureau-key bureau.pub"))
    }
}

extension BundleCommand.Inspect {
    /// With a store at hand: whether it trusts the bundle's signing key, and the keys it revoked.
    func keyStatus(_ header: BundleHeader) -> String? {
        let output = global.output
        guard FileManager.default.fileExists(atPath: global.storeURL.appendingPathComponent(Store.databaseFile).path),
              let store = try? global.workspace().store else { return nil }
        let keyID = header.sender.keyID
        var lines: [String] = []
        if (try? store.enrolment(keyID: keyID)) != nil {
            lines.append(output("  签发密钥：本库已登记", "  signing key: enrolled here"))
        } else if let revoked = try? store.revokedKey(keyID: keyID) {
            let limits = revoked.limits.sorted { $0.key < $1.key }.map { "\($0.key) ≤ \($0.value)" }.joined(separator: ", ")
            lines.append(output("  签发密钥：已吊销（\(BundleImporter.dateText(revoked.revokedMs))），只接受序号在 \(limits.isEmpty ? "无" : limits) 以内的数据包",
                                "  signing key: REVOKED (\(BundleImporter.dateText(revoked.revokedMs))); accepted only within \(limits.isEmpty ? "nothing" : limits)"))
        } else {
            lines.append(output("  签发密钥：本库未登记", "  signing key: not enrolled here"))
        }
        let revoked = ((try? store.revokedKeys()) ?? []).filter { $0.unit == header.sender.unit }
        if !revoked.isEmpty {
            lines.append(output("  \(header.sender.unit ?? "教育局") 已吊销的密钥：", "  revoked keys of \(header.sender.unit ?? "the bureau"): ")
                         + revoked.map { "\($0.keyID)" + ($0.replacedBy.map { " → \($0)" } ?? "") }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
