import DudaoKernel
import DudaoStore
import DudaoWeb
import DudaoWorkspace
import Foundation
import Hummingbird
import NIOPosix

/// The unit page's enrolment part, for the office: the key enrolled (its fingerprint, for the
/// phone check), the kits issued and whether each was used, and a form that downloads a new kit.
extension BureauServer {
    func addKitRoutes(to router: Router<BureauRequestContext>) {
        router.post("/units/{unit}/kit") { request, context -> Response in
            let unit = context.pathParameter("unit")
            let (c, user, fields) = try await self.authorisedForm(request)
            let t = c.t
            try self.requireOffice(user, t)
            guard self.model.campaign.unit(unit) != nil else { throw HTTPError(.notFound, message: t("没有这个单位", "no such unit")) }
            let back = Link("/units", unit, query: ["at": c.query["at"]]).description
            let address = fields["address"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            let expiresText = fields["expires"] ?? ""
            let expires = expiresText.isEmpty ? nil : LocalDate(expiresText)
            if !expiresText.isEmpty && expires == nil {
                return Responses.redirect(back, headers: [.setCookie: Flash(.error, t("有效期应为 YYYY-MM-DD 格式的日期，没有签发登记包",
                                                                                      "the expiry must be a date, YYYY-MM-DD; no kit was issued")).setCookie])
            }
            let workspace = self.model.workspace
            let issued: (data: Data, kit: IssuedKit)
            do {
                issued = try await NIOThreadPool.singleton.runIfActive {
                    try workspace.issueKit(unit: unit, address: address, expires: expires, actor: user.name)
                }
            } catch let failure as any DudaoFailure {
                let message = t.text(failure.message)
                return Responses.redirect(back, headers: [.setCookie: Flash(.error, t("没有签发登记包：", "No kit was issued: ") + message).setCookie])
            }
            self.logger.info("enrolment kit \(issued.kit.kitID) for \(unit) issued by \(user.name)")
            return Response(status: .ok, headers: [.contentType: "application/vnd.dudao.kit+json",
                                                  .contentDisposition: "attachment; filename=\"\(Link.encode(unit)).dudaokit\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: issued.data)))
        }
    }

    /// The enrolment section of a unit's page: for the office only.
    func kitSection(_ c: PageContext, unit: String) throws -> HTML {
        guard c.user?.role == .office else { return .empty }
        let t = c.t
        let store = model.workspace.store
        let calendar = model.workspace.engine.calendar
        let now = store.environment.now()
        @Sendable func day(_ ms: Int64) -> String { calendar.localDate(of: Date(timeIntervalSince1970: Double(ms) / 1000)).description }
        let key = try store.enrolments().first { $0.unit == unit }
        let check = t("请电话请单位读出其 dudao init 显示的指纹核对", "phone the unit to read out the fingerprint its dudao init showed")
        let keyLine: HTML = key.map { enrolled -> HTML in
            "<p>\(t("已登记密钥，指纹", "Enrolled key, fingerprint")) <b class=\"fingerprint\">\(Fingerprint.grouped(enrolled.keyID))</b> · <span class=\"muted\">\(check)</span></p>"
        } ?? "<p class=\"muted\">\(t("尚未登记密钥", "No key enrolled yet"))</p>"
        let kits = Table<IssuedKit>([
            .init(t("签发", "Issued"), class: "date") { "\(day($0.issuedMs))" },
            .init(t("有效至", "Usable through"), class: "date") { "\(day($0.expiresMs - 1))" },
            .init(t("签发人", "By")) { "\($0.issuedBy ?? "—")" },
            .init(t("状态", "State")) { kit in
                if let spent = kit.spentKeyID {
                    return "\(t("已用", "used")) \(day(kit.spentMs ?? 0)) · \(Fingerprint.grouped(spent))"
                }
                return kit.expiresMs <= now ? "\(t("已过期", "expired"))" : "\(t("未用", "unused"))"
            },
        ], rows: try store.issuedKits(unit: unit), scrolls: true)
        let form = Form.post(Link("/units", unit, "kit", query: ["at": c.query["at"]]), csrf: c.csrf ?? "", """
            \(Field.text(t("教育局同步网址（可选）", "The bureau's sync address (optional)"), name: "address", placeholder: "https://dudao.example.gov.cn"))
            \(Field.date(t("有效至（默认 30 天）", "Usable through (default 30 days)"), name: "expires"))
            \(Field.submit(t("下载登记包", "Download an enrolment kit")))
            """)
        return """
            <h2>\(t("登记", "Enrolment"))</h2>
            \(keyLine)
            <p class="muted">\(t("登记包含活动、本局公钥与一次性登记码；单位在督导单位端导入后，其首个数据包到局即完成登记，登记码随之作废。",
                                 "A kit holds the campaign, this bureau's key and a one-time code; once the unit takes it into its workstation, its first bundle enrols it here and spends the code."))</p>
            \(form.html)
            \(kits.html)
            """
    }
}
