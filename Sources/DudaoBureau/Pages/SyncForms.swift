import Crypto
import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoWeb
import DudaoWorkspace
import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix

/// The office's sync by hand: a bundle uploaded from a USB stick (the same importer as
/// `POST /api/v1/bundles` and `dudao bundle import`), a unit's bundle downloaded (the file
/// `dudao bundle export --for UNIT` writes), and a unit's key enrolled after a fingerprint check.
extension BureauServer {
    func addSyncFormRoutes(to router: Router<BureauRequestContext>) {
        router.post("/sync/upload") { request, _ -> Response in
            let (c, user, form) = try await self.authorisedUpload(request, limit: self.maxBodyBytes)
            let t = c.t
            guard let file = form["bundle"], !file.data.isEmpty else {
                return Responses.redirect("/sync", headers: [.setCookie: Flash(.error, t("请选择数据包文件", "choose a bundle file")).setCookie])
            }
            // As on the API: an unverified sender leaves nothing in the store, only a bounded log line;
            // verifying and merging run on the thread pool, not the request's executor.
            let log = self.unverifiedUploads
            let workspace = self.model.workspace
            let importer = BundleImporter(store: workspace.store) { error in
                _ = log.warning("unverified bundle refused (\(error.fault.rawValue)): \(error.message.en)")
            }
            let data = file.data
            let store = workspace.store
            let enrolledBefore = try store.enrolments()
            let account = user.name
            let report = try await NIOThreadPool.singleton.runIfActive { try workspace.importBundle(data, with: importer, account: account) }
            let name = file.filename ?? "bundle"
            let enrolledByKit = KitEnrolments.announce(before: enrolledBefore, after: try store.enrolments(), language: t.language)
            var flash = Flash(report.outcome.isRefusal ? .error : .ok, t.text(report.outcome.words(file: name)))
            // Missing plugins and other campaign contents: the sync page's notice says which (a cookie holds little).
            if !report.notes.isEmpty {
                flash.message += t(" 两个节点的程序或活动内容不同，见页首提示。", " The two nodes run different builds or campaign contents: see the notice at the top.")
            }
            if !enrolledByKit.isEmpty { flash = Flash(flash.kind, flash.message + " " + enrolledByKit.joined(separator: " ")) }
            self.logger.info("bundle upload by \(user.name): \(name)")
            return Responses.redirect(Link("/sync", query: ["at": c.query["at"]]).description, headers: [.setCookie: flash.setCookie])
        }
        router.post("/sync/bundle/{unit}") { request, context -> Response in
            let unit = context.pathParameter("unit")
            let (c, user, _) = try await self.authorisedForm(request)
            try self.requireOffice(user, c.t)
            guard self.model.campaign.unit(unit) != nil else { throw HTTPError(.notFound, message: c.t("没有这个单位", "no such unit")) }
            let bundle = try BundleExporter(store: self.model.workspace.store).bundle(for: unit)
            let day = self.model.workspace.today
            return Response(status: .ok, headers: [.contentType: "application/vnd.dudao.bundle",
                                                  .contentDisposition: "attachment; filename=\"\(Link.encode(unit))-\(day).dbd\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: bundle.data)))
        }
        router.post("/sync/enrol") { request, _ -> Response in
            let (c, _, form) = try await self.authorisedUpload(request, limit: self.maxFormBytes)
            let t = c.t
            var errors = FormErrors()
            let unit = form["unit"]?.text ?? ""
            if self.model.campaign.unit(unit) == nil { errors.add("unit", t("请选择单位", "choose a unit")) }
            let key = form["key"].flatMap { Self.publicKey(fromFile: $0.data) }
            if key == nil { errors.add("key", t("这不是 dudao key export 导出的公钥文件（应为 32 字节的 base64）",
                                                "this is not a public key file from dudao key export (32 bytes, base64)")) }
            guard errors.isEmpty, let key else {
                let page = Page(title: t("登记单位密钥", "Enrol a unit's key"), active: "sync", body: """
                    \(Flash(.error, t("没有登记：", "Nothing was enrolled: ") + errors.order.compactMap { errors[$0] }.joined(separator: "；")).html)
                    <p><a href="/sync">\(t("返回数据同步", "Back to sync"))</a></p>
                    """)
                return self.pageResponse(c, page, status: .unprocessableContent)
            }
            return self.pageResponse(c, self.enrolConfirmPage(c, unit: unit, key: key), status: .ok)
        }
        router.post("/sync/enrol/confirm") { request, _ -> Response in
            let (c, user, fields) = try await self.authorisedForm(request)
            let t = c.t
            try self.requireOffice(user, t)
            let unit = fields["unit"] ?? ""
            guard self.model.campaign.unit(unit) != nil,
                  let key = (fields["key"]).flatMap({ Data(base64Encoded: $0) }), key.count == 32 else {
                throw HTTPError(.badRequest, message: t("单位或公钥无效，没有登记", "the unit or the key is not valid; nothing was enrolled"))
            }
            let enrolment = try self.model.workspace.store.enrol(unit: unit, publicKey: key, actor: user.name)
            let done = Flash(.ok, t("已登记 \(self.unitName(unit, t)) 的密钥，指纹 \(Self.grouped(enrolment.keyID))",
                                    "Enrolled the key of \(self.unitName(unit, t)), fingerprint \(Self.grouped(enrolment.keyID))"))
            return Responses.redirect("/sync", headers: [.setCookie: done.setCookie])
        }
    }

    func requireOffice(_ user: BureauUser, _ t: Tr) throws {
        guard user.role == .office else {
            throw HTTPError(.forbidden, message: t("只有局活动办的账号可以这样做", "only a campaign office account may do this"))
        }
    }

    /// The office's signed-in upload whose CSRF part matches the session's token; the body is
    /// read up to `limit` bytes.
    func authorisedUpload(_ request: Request, limit: Int) async throws -> (PageContext, BureauUser, MultipartForm) {
        let context = await pageContext(request)
        guard let user = context.user else { throw HTTPError(.unauthorized, message: "sign in first") }
        try requireOffice(user, context.t)
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        guard let form = MultipartForm(Data(buffer: buffer), contentType: request.headers[.contentType] ?? "") else {
            throw HTTPError(.badRequest, message: context.t("上传的表单无法读取", "the uploaded form could not be read"))
        }
        guard let token = form[Form.csrfField]?.text, let expected = context.csrf, token == expected else {
            throw HTTPError(.forbidden, message: context.t("表单已过期或来源不明（CSRF 校验失败），请刷新后重试",
                                                             "the form is stale or forged (CSRF check failed); reload and try again"))
        }
        return (context, user, form)
    }

    /// The key of a public key file as `dudao key export` writes it: comment lines, then base64 of 32 bytes.
    static func publicKey(fromFile data: Data) -> Data? {
        guard data.count < 4096 else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).first { !$0.hasPrefix("#") }.map(String.init) ?? ""
        guard let key = Data(base64Encoded: line.trimmingCharacters(in: .whitespaces)), key.count == 32,
              (try? Curve25519.Signing.PublicKey(rawRepresentation: key)) != nil else { return nil }
        return key
    }

    /// A fingerprint in groups of four, as read over the phone.
    static func grouped(_ fingerprint: String) -> String { Fingerprint.grouped(fingerprint) }

    func enrolConfirmPage(_ c: PageContext, unit: String, key: Data) -> Page {
        let t = c.t
        let fingerprint = Self.grouped(NodeIdentity.keyID(of: key))
        let current = (try? model.workspace.store.enrolments())?.first { $0.unit == unit }
        let replaces: HTML? = current.map {
            "<p class=\"err\">\(t("该单位已登记密钥 \(Self.grouped($0.keyID))，确认后将被替换。", "The unit already has the key \(Self.grouped($0.keyID)); confirming replaces it."))</p>"
        }
        let form = Form.post(Link("/sync/enrol/confirm"), csrf: c.csrf ?? "", """
            \(Field.hidden("unit", unit))
            \(Field.hidden("key", key.base64EncodedString()))
            \(Field.submit(t("指纹一致，确认登记", "The fingerprints match: enrol")))
            """)
        return Page(title: t("核对密钥指纹", "Check the key's fingerprint"), active: "sync", body: """
            <p>\(t("单位", "Unit")): <b>\(unitName(unit, t))</b></p>
            <p>\(t("指纹", "Fingerprint")): <b class="fingerprint">\(fingerprint)</b></p>
            <p class="muted">\(t("请打电话请单位逐组读出 dudao key export 导出时显示的指纹（key id），与上面一致后再确认。",
                                 "Phone the unit and have them read, group by group, the key id that dudao key export showed when they wrote the file; confirm only if it matches the one above."))</p>
            \(replaces)
            \(form.html)
            <p><a href="/sync">\(t("取消", "Cancel"))</a></p>
            """)
    }
}
