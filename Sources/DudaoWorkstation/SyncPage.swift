import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoWeb
import DudaoWorkspace
import Foundation
import Hummingbird

/// 同步: the unit's bundle downloaded for the USB stick, the bureau's bundle file imported, or
/// both sent over the network when a bureau address is set; each says what happened in plain
/// words. The page shows what waits to be sent, when bundles last went out and came in, and the
/// unit's key fingerprint for enrolment.
extension WorkstationServer {
    func addSyncRoutes(to router: Router<WorkstationRequestContext>) {
        router.get("/sync") { request, context in
            try await self.page(request, context, asOfBox: false) { try self.syncPage($0) }
        }
        router.post("/sync/export") { request, context -> Response in
            _ = try await self.postedForm(request, context)
            let bundle = try BundleExporter(store: self.workspace.store).bundle()
            let name = "\(self.unit.id)-\(self.workspace.today)-\(bundle.header.counts.changes).dbd"
            return Response(status: .ok, headers: [.contentType: "application/vnd.dudao.bundle",
                                                  .contentDisposition: "attachment; filename=\"\(Link.encode(name))\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: bundle.data)))
        }
        router.post("/sync/import") { request, context -> Response in
            let (c, form) = try await self.postedUpload(request, context, limit: self.maxBundleBytes)
            let t = c.t
            guard let file = form["bundle"], !file.data.isEmpty else {
                return Self.redirect(Link("/sync"), Flash(.error, t("请选择教育局发来的数据包文件（.dbd）", "choose the bundle file (.dbd) the bureau sent")))
            }
            let outcome = BundleImporter(store: self.workspace.store).importBundle(file.data)
            let words = t.text(outcome.words(file: file.filename ?? t("数据包", "the bundle")))
            return Self.redirect(Link("/sync"), Flash(outcome.isRefusal ? .error : .ok, words))
        }
        router.post("/sync/now") { request, context -> Response in
            let (c, pairs) = try await self.postedForm(request, context)
            let t = c.t
            let address = pairs.last { $0.name == "bureau" }?.value ?? ""
            do {
                try self.settings.setBureauAddress(address)
            } catch let failure as any DudaoFailure {
                return Self.redirect(Link("/sync"), Flash(.error, t.text(failure.message)))
            }
            return Self.redirect(Link("/sync"), await self.syncNow(address, t))
        }
    }

    /// Push, then pull; the flash says what each came to, or why the bureau could not be reached.
    func syncNow(_ address: String, _ t: Tr) async -> Flash {
        do {
            let client = try SyncClient(store: workspace.store, bureau: address, timeout: 20)
            let pushed = try await client.push()
            let answer = pushed.answer
            let reason = (t.language == .zh ? answer.reasonZh : answer.reason) ?? answer.reason ?? ""
            guard pushed.accepted else {
                return Flash(.error, t("教育局拒收了本单位的数据包（HTTP \(pushed.httpStatus)）：\(reason)。本机数据没有变化。",
                                       "The bureau refused the unit's bundle (HTTP \(pushed.httpStatus)): \(reason). Nothing changed here."))
            }
            let sent = switch answer.status {
            case "applied": t("已发送 \(pushed.changes) 条变更，教育局已合并（新 \(answer.changes ?? 0) 条，已有 \(answer.duplicates ?? 0) 条）",
                              "sent \(pushed.changes) changes; the bureau merged them (\(answer.changes ?? 0) new, \(answer.duplicates ?? 0) already there)")
            case "duplicate": t("教育局已经收到过这个数据包", "the bureau already had this bundle")
            case "held": t("教育局暂存了数据包，等待更早的数据包：\(reason)", "the bureau holds the bundle, waiting for an earlier one: \(reason)")
            default: t("已发送 \(pushed.changes) 条变更（\(answer.status)）", "sent \(pushed.changes) changes (\(answer.status))")
            }
            let pulled = t.text(try await client.pull().words(file: t("教育局的数据包", "the bureau's bundle")))
            return Flash(.ok, t("与教育局同步完成：\(sent)。\(pulled)", "Synced with the bureau: \(sent). \(pulled)"))
        } catch let failure as any DudaoFailure {
            return Flash(.error, t.text(failure.message))
        } catch {
            return Flash(.error, t("同步失败：\(error)", "sync failed: \(error)"))
        }
    }

    func syncPage(_ c: WorkstationPageContext) throws -> Page {
        let t = c.t
        let store = workspace.store
        let outbox = try store.outbox(to: "bureau")
        let bureauKey = try store.enrolments().first { $0.unit == nil }
        // The address given to dudao app or on this page, else the one the bureau's kit brought.
        let address = try settings.bureauAddress() ?? store.bureauAddress()
        let waiting = t("有 \(outbox.waitingChanges) 条变更还没有得到教育局确认。请导出数据包拷给教育局，或与教育局同步。",
                        "\(outbox.waitingChanges) changes are not yet confirmed by the bureau. Export a bundle for the bureau, or sync with it.")
        let state: HTML = outbox.waitingChanges == 0
            ? "<p class=\"ok\">\(t("没有等待发送的内容：教育局已确认收到本单位的全部记录。", "Nothing waits to be sent: the bureau has confirmed every record of the unit."))</p>"
            : "<p class=\"err\">\(waiting)</p>"
        let facts = FieldTable((t("项目", "Item"), t("情况", "State")), [
            (t("等待发送", "Waiting to be sent"), "\(t("\(outbox.waitingChanges) 条变更", "\(outbox.waitingChanges) changes"))"),
            (t("上次发出数据包", "Last bundle out"), "\(moment(outbox.lastSentMs, t))"),
            (t("上次收到教育局数据包", "Last bundle in from the bureau"), "\(moment(outbox.lastReceivedMs, t))"),
            (t("证据文件已送达", "Evidence files delivered"), "\(outbox.evidenceDelivered.count)"),
            (t("本单位密钥指纹", "The unit's key fingerprint"), "<b class=\"fingerprint\">\(Fingerprint.grouped(workspace.identity.keyID))</b>"),
            (t("教育局密钥", "The bureau's key"), bureauKey.map { "\(Fingerprint.grouped($0.keyID))" }
                ?? Badge(.overdue, t, text: t("未登记：请用 dudao bureau enrol 登记教育局公钥", "not enrolled: enrol the bureau's key with dudao bureau enrol")).html),
        ])
        let export = Form.post(Link("/sync/export"), csrf: c.csrf, """
            <h3>\(t("导出数据包", "Export a bundle"))</h3>
            <p class="muted">\(t("下载本单位尚未确认的变更，拷到 U 盘交给教育局。", "Download the changes not yet confirmed, for a USB stick to the bureau."))</p>
            \(Field.submit(t("导出数据包", "Export a bundle")))
            """)
        let importForm = Form.upload(Link("/sync/import"), csrf: c.csrf, """
            <h3>\(t("导入教育局数据包", "Import the bureau's bundle"))</h3>
            <p class="muted">\(t("选择教育局发来的 .dbd 文件：督办意见、检查结果等随之进入本机。", "Choose the .dbd file the bureau sent: its supervision and findings come in with it."))</p>
            \(Field.file(t("数据包文件（.dbd）", "Bundle file (.dbd)"), name: "bundle", accept: ".dbd,application/octet-stream"))
            \(Field.submit(t("导入", "Import")))
            """)
        let online = Form.post(Link("/sync/now"), csrf: c.csrf, """
            <h3>\(t("与教育局同步", "Sync with the bureau"))</h3>
            <p class="muted">\(t("联网时使用：先发送本单位的变更，再取回教育局的数据。", "When online: sends the unit's changes, then fetches the bureau's."))</p>
            \(Field.text(t("教育局地址", "The bureau's address"), name: "bureau", value: address ?? "", required: true, size: 30, placeholder: "http://192.168.1.10:8080"))
            \(Field.submit(t("与教育局同步", "Sync with the bureau")))
            """)
        return Page(title: t("同步", "Sync"), active: "sync", body: """
            \(state)
            \(facts.html)
            <div class="actions">\(export.html)\(importForm)\(online.html)</div>
            <p class="muted">\(t("数据包经本单位密钥签名并压缩；导入同一个数据包两次不会重复。向教育局登记本单位时，请电话核对上面的指纹。",
                                 "Bundles are signed with the unit's key and compressed; importing one twice changes nothing. When the bureau enrols the unit, read the fingerprint above to them by phone."))</p>
            """)
    }
}
