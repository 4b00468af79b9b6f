import ArgumentParser
import DudaoWorkspace
import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation

/// `dudao key export`: prints or writes this node's public key, for the bureau to enrol.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "key", abstract: "本节点的公钥 · This node's public key.", subcommands: [Export.self, Rotate.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the public key (never the private one).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Write it to this file instead of standard output.") var to: String?

        func run() throws {
            let workspace = try global.workspace()
            let identity = workspace.identity
            let text = "# dudao public key · node \(identity.nodeID) · \(identity.unit ?? "bureau") · key id \(identity.keyID)\n"
                + identity.publicKey.base64EncodedString() + "\n"
            if let to {
                try AtomicFile.write(Data(text.utf8), to: to)
                global.output.line(global.output("公钥已写入 \(to)（指纹 \(identity.keyID)）", "public key written to \(to) (key id \(identity.keyID))"))
            } else {
                print(text, terminator: "")
            }
        }
    }
}

/// `dudao bureau enrol`: trust a unit's key at the bureau, or the bureau's key at a unit.
struct BureauCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bureau", abstract: "登记公钥；网页账号 · Enrol keys; web accounts.", subcommands: [Enrol.self, Kit.self, Revoke.self, UserCommand.self])

    struct Enrol: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "At the bureau: enrol a unit's public key (--unit). At a unit: enrol the bureau's key (no --unit).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The unit the key belongs to (at the bureau).") var unit: String?
        @Option(help: "The public key file (from `dudao key export`).") var key: String
        @Option(help: "The key this one replaces (key id or key file): it is revoked; its bundles already received stay valid, later ones are refused.")
        var replaces: String?

        func run() throws {
            let workspace = try global.workspace()
            if try replaceKey(workspace.store) { return }
            let enrolment = try workspace.store.enrol(unit: unit, publicKey: try Enrolment.readKey(key))
            global.output.line(global.output("已登记 \(unit ?? "教育局") 的公钥，指纹 \(enrolment.keyID)",
                                             "enrolled the key of \(unit ?? "the bureau"), key id \(enrolment.keyID)"))
        }
    }
}

/// `dudao bundle`: export, import, inspect and verify change bundles.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "签名压缩的数据包：U 盘或上传 · Signed, compressed change bundles: USB stick or upload.",
        subcommands: [Export.self, Import.self, Inspect.self, Verify.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the changes the other side has not acknowledged.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The bundle file to write.") var to: String
        @Option(name: .customLong("for"), help: "At the bureau: the unit the bundle is for.") var unit: String?
        @Flag(help: "At the bureau: a restore bundle, everything the unit's store should hold, for a PC replaced (`dudao init --restore`).")
        var restore = false

        func run() throws {
            let workspace = try global.workspace()
            if restore { return try exportRestore(workspace.store) }
            let summary = try BundleExporter(store: workspace.store).export(to: to, for: unit)
            let h = summary.header
            global.output.line(global.output("已导出 \(to)：\(h.counts.changes) 条变更，\(h.counts.evidence) 个证据文件，\(summary.bytes) 字节，发往 \(h.recipient)",
                                             "exported \(to): \(h.counts.changes) changes, \(h.counts.evidence) evidence files, \(summary.bytes) bytes, for \(h.recipient)"))
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import bundles; each is applied whole or refused whole.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Bundle files.") var files: [String]
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let workspace = try global.workspace()
            let importer = BundleImporter(store: workspace.store)
            let enrolledBefore = try workspace.store.enrolments()
            let output = global.output
            let interactive = isatty(STDERR_FILENO) == 1 && !json
            let revisionBefore = try workspace.store.campaignRevision()
            var lines: [PublicImportOutcome] = []
            var outcomes: [ImportOutcome] = []
            let files = self.files
            // The next file is read, checked and validated while the current one merges.
            let chinese = output.language == .zh
            await importer.importBundlesReporting(count: files.count, load: { FileManager.default.contents(atPath: files[$0]) }) { index, report in
                let file = files[index]
                let outcome = report?.outcome
                if let outcome { outcomes.append(outcome) }
                defer {
                    // What the bundle told of the two builds: missing plugins, other campaign contents.
                    if let report { lines[lines.count - 1].builds = BuildNotes(report.notes, chinese: chinese, both: false) }
                }
                if interactive {
                    let width = 30, done = width * (index + 1) / files.count
                    FileHandle.standardError.write(Data("\r[\(String(repeating: "█", count: done))\(String(repeating: "·", count: width - done))] \(index + 1)/\(files.count)".utf8))
                }
                switch outcome {
                case nil:
                    lines.append(PublicImportOutcome(file: file, status: "refused", fault: "unreadable", reason: output("无法读取文件", "cannot read the file")))
                case .applied(let changes, let duplicates, let conflicts, _, let released):
                    lines.append(PublicImportOutcome(file: file, status: "applied", changes: changes, duplicates: duplicates, conflicts: conflicts, released: released))
                case .duplicate:
                    lines.append(PublicImportOutcome(file: file, status: "duplicate"))
                case .held(let waiting):
                    lines.append(PublicImportOutcome(file: file, status: "held", reason: output("等待 \(waiting) 之前的变更", "waiting for changes up to \(waiting)")))
                case .refused(let error):
                    lines.append(PublicImportOutcome(file: file, status: "refused", fault: error.fault.rawValue, reason: output.text(error.message)))
                }
            }
            if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
            // A merged unit's items that arrived late move to the unit that took it over (at the bureau).
            try workspace.settleImports(outcomes)
            let refused = lines.filter { $0.status == "refused" }.count
            if json {
                // The JSON says which were refused; the exit status says so too, as without --json.
                try output.json(lines)
                if refused > 0 { throw ExitCode(1) }
                return
            }
            let revisionAfter = try workspace.store.campaignRevision()
            if revisionAfter != revisionBefore {
                let revised = try global.workspace()
                for summary in try revised.revisionChanges(limit: revisionAfter.number - revisionBefore.number).reversed() {
                    for line in summary.lines(global.lang) { output.line(line) }
                }
            }
            for line in lines {
                let status = ["applied": output("已合并", "applied"), "duplicate": output("重复", "duplicate"),
                              "held": output("暂存", "held"), "refused": output("拒收", "refused")][line.status] ?? line.status
                var detail = line.reason ?? ""
                if line.status == "applied" {
                    detail = output("新变更 \(line.changes ?? 0)，已有 \(line.duplicates ?? 0)，冲突 \(line.conflicts ?? 0)",
                                    "\(line.changes ?? 0) new, \(line.duplicates ?? 0) already here, \(line.conflicts ?? 0) conflicts")
                    if let released = line.released, !released.isEmpty { detail += output("；释放暂存 \(released.count) 个", "; released \(released.count) held") }
                }
                output.line("\(line.file ?? "")：\(status)  \(detail)")
                for message in line.builds?.messages ?? [] { output.line("  ⚠ " + message) }
            }
            for line in try KitEnrolments.announce(before: enrolledBefore, after: workspace.store.enrolments(), language: global.lang) {
                output.line(line)
            }
            let count = { (status: String) in lines.filter { $0.status == status }.count }
            output.line(output("合计：已合并 \(count("applied"))，重复 \(count("duplicate"))，暂存 \(count("held"))，拒收 \(count("refused"))",
                               "summary: \(count("applied")) applied, \(count("duplicate")) duplicates, \(count("held")) held, \(count("refused")) refused"))
            if refused > 0 { throw ExitCode(1) }
        }
    }

    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a bundle's header and changes without importing it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The bundle file.") var file: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let data = try readInput(file)
            let parsed = try BundleFile.parse(data, alsoUnderstanding: [RestoreBundle.capability])
            let contents = try parsed.contents()
            let report = PublicBundleInspection(parsed, changes: contents.changes, evidence: contents.evidence)
            let output = global.output
            if json { return try output.json(report) }
            let h = parsed.header
            output.line(output("数据包 ", "bundle ") + h.bundleID)
            output.line(output("  发送方：", "  sender: ") + "\(h.sender.unit ?? "bureau") (node \(h.sender.node), key \(h.sender.keyID))")
            if let status = keyStatus(h) { output.line(status) }
            output.line(output("  接收方：", "  recipient: ") + h.recipient)
            output.line(output("  变更 \(h.counts.changes) 条，证据 \(h.counts.evidence) 个，压缩 \(h.compressedSize) / 原始 \(h.uncompressedSize) 字节",
                               "  \(h.counts.changes) changes, \(h.counts.evidence) evidence files, \(h.compressedSize) compressed / \(h.uncompressedSize) bytes"))
            output.table([output("编号", "id"), output("单位", "unit"), output("类型", "type"), output("序号", "seq")],
                         contents.changes.map { [$0.id, $0.unit, $0.type + ($0.deleted ? " ✝" : ""), "\($0.sequence)"] })
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a bundle against this store's enrolments without importing it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The bundle file.") var file: String

        func run() throws {
            let workspace = try global.workspace()
            let (parsed, changes) = try BundleImporter(store: workspace.store).verify(try readInput(file))
            global.output.line(global.output("有效：签名、正文和 \(changes.count) 条变更均通过检查（来自 \(parsed.header.sender.unit ?? "教育局")）",
                                             "valid: signature, body and \(changes.count) changes check out (from \(parsed.header.sender.unit ?? "the bureau"))"))
        }
    }
}

/// `dudao digest`: a digest of the replicated state, equal on nodes that hold the same changes.
struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "digest", abstract: "打印已同步数据的摘要 · Print a digest of the replicated records.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only the records of this unit.") var unit: String?

    func run() throws {
        print(try global.workspace().store.digest(unit: unit))
    }
}

/// `dudao evidence add`: keep a photo, scan or PDF, content-addressed; cite its hash in records.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evidence", abstract: "第一手材料（R4） · First-hand material (R4).", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a file and print its SHA-256, for `record add --evidence`.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file.") var file: String

        func run() throws {
            print(try global.workspace().store.addEvidence(try readInput(file)))
        }
    }
}
