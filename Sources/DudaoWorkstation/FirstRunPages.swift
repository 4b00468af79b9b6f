import DudaoKernel
import DudaoWeb
import DudaoWorkspace
import Foundation
import HTTPTypes
import Hummingbird

/// The first run's two pages, in the words of a school secretary who has never used the program:
/// the welcome with the kit's upload (and a reason when a file was refused), and the kit's
/// contents with the fingerprint to check by phone and the confirm button.
extension FirstRunServer {
    /// The frame: no menu yet; the footer says where the data will be kept.
    var layout: Layout {
        Layout(brand: LocalizedText(zh: "督导", en: "Dudao"),
               subtitle: LocalizedText(zh: "单位端 · 首次使用", en: "unit workstation · first run"), navigation: [],
               footer: LocalizedText(zh: "督导 · 单位端 · 数据只保存在本机：\(directory.path)",
                                     en: "Dudao · unit workstation · the data stays on this PC: \(directory.path)"))
    }

    /// A page in the frame, with the language cookie set when `?lang=` chose one.
    func render(_ request: Request, _ page: Page, status: HTTPResponse.Status = .ok) -> Response {
        let t = WorkstationServer.language(of: request)
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        if request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) != nil {
            headers.append(HTTPField(name: .setCookie, value: Cookie(name: WorkstationServer.languageCookie, value: t.language.rawValue, path: "/").description))
        }
        let html = layout.render(page, Chrome(t: t))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html.markup)))
    }

    /// The welcome: what to do, the upload, and, when a file was refused, why.
    func welcomePage(_ t: Tr, csrf: String, refusal: String?) -> Page {
        let upload = Form.upload(Link("/setup/kit"), csrf: csrf, """
            <h2>\(t("导入登记包", "Take the enrolment kit"))</h2>
            \(Field.file(t("登记包文件（.dudaokit）", "Enrolment kit file (.dudaokit)"), name: "kit", accept: ".dudaokit,application/json"))
            \(Field.submit(t("检查登记包", "Check the kit")))
            """)
        let refused: HTML? = refusal.map { "<p class=\"flash err\" role=\"alert\"><b>\(t("没有接受这个文件：", "This file was not taken: "))</b>\($0)</p>" }
        return Page(title: t("欢迎使用督导 · 单位端", "Welcome to Dudao's unit workstation"), active: "", body: """
            \(refused)
            <p>\(t("这台电脑上还没有本单位的督导数据。第一次使用只需导入教育局发给本单位的登记包：",
                   "This PC has no Dudao data of your unit yet. To start, take the enrolment kit the bureau gave your unit:"))</p>
            <ol>
            <li>\(t("准备好教育局给的登记包：文件名以 .dudaokit 结尾，通常拷在 U 盘里。", "Have the bureau's kit at hand: a file ending in .dudaokit, usually on a USB stick."))</li>
            <li>\(t("点“选择文件”选中它，再点“检查登记包”。", "Choose it below, then press “Check the kit”."))</li>
            <li>\(t("核对下一页显示的单位名称和教育局指纹，再点确认。", "Check the unit's name and the bureau's fingerprint on the next page, then confirm."))</li>
            </ol>
            \(upload)
            <h2>\(t("换了电脑？", "A new PC?"))</h2>
            <p class="muted">\(t("如果本单位以前在另一台电脑上用过督导（电脑坏了或重装了），请先联系教育局活动办：可以请教育局另发一个登记包（旧电脑的密钥随之作废），也可以请教育局导出本单位的恢复数据包，把教育局保存的本单位记录一并找回。恢复数据包目前在终端导入：",
                                 "If your unit used Dudao on another PC before (it broke or was reinstalled), call the bureau's campaign office first: it can issue a new kit (the old PC's key is then revoked), or export your unit's restore bundle, which brings back every record of the unit the bureau holds. A restore bundle is taken in a terminal:"))</p>
            <p><code>dudao init --unit \(t("单位代码", "UNIT")) --campaign \(t("活动文件", "CAMPAIGN")).json --restore \(t("恢复包", "RESTORE")).dbd --bureau-key bureau.pub</code></p>
            <p class="muted">\(t("也可以不用网页，在终端运行 dudao init --kit 登记包.dudaokit，效果相同。",
                                 "Without the browser, dudao init --kit FILE.dudaokit in a terminal does the same."))</p>
            """)
    }

    /// What a checked kit holds, with the bureau's fingerprint to check by phone, and the confirm button.
    func confirmationPage(_ reading: KitReading, file: String, _ t: Tr, csrf: String) -> Page {
        let kit = reading.kit
        let calendar = try? reading.campaign.calendar()
        func day(_ ms: Int64) -> String {
            let instant = Date(timeIntervalSince1970: Double(ms) / 1000)
            return calendar.map { $0.localDate(of: instant).description } ?? EnrolmentKitDay.utc(instant)
        }
        let fingerprint = Fingerprint.grouped(kit.bureau.keyID)
        let facts = FieldTable((t("项目", "Item"), t("登记包中的内容", "In the kit")), [
            (t("本单位", "Your unit"), "<b>\(t.text(reading.unit.name))</b>"),
            (t("活动", "Campaign"), "\(t.text(reading.campaign.title))"),
            (t("发文单位", "Issued by"), "\(reading.campaign.source.map { t.text($0.issuer) } ?? "—")"),
            (t("教育局同步地址", "The bureau's sync address"),
             "\(kit.bureau.address ?? t("未写入（用 U 盘交换数据包）", "none (bundles go by USB stick)"))"),
            (t("教育局公钥指纹", "The bureau's key fingerprint"), "<b class=\"fingerprint\">\(fingerprint)</b>"),
            (t("本单位公钥指纹", "Your unit's key fingerprint"),
             "<span class=\"muted\">\(t("确认后在本机生成，下一页显示", "made on this PC when you confirm; shown on the next page"))</span>"),
            (t("签发日期", "Issued on"), "\(day(kit.issuedMs))"),
            (t("有效至", "Usable through"), "\(day(kit.expiresMs - 1))"),
            (t("文件", "File"), "\(file)"),
        ])
        let confirm = Form.post(Link("/setup/confirm"), csrf: csrf, """
            \(Field.submit(t("指纹一致，建立本单位数据库", "The fingerprint matches: make the unit's store")))
            """)
        return Page(title: t("核对登记包", "Check the kit"), active: "", body: """
            <p class="ok">\(t("登记包已通过检查：教育局的签名有效，尚未过期，活动与单位齐全。", "The kit passed its checks: the bureau's signature verifies, it has not expired, and its campaign names your unit."))</p>
            \(facts.html)
            <p>\(t("请打电话给教育局活动办，请对方读出教育局公钥指纹，与上面的 \(fingerprint) 逐组核对。一致才确认；不一致请不要继续，并告诉教育局。",
                   "Phone the bureau's campaign office and have them read out the bureau's key fingerprint; compare it with \(fingerprint) group by group. Confirm only if they match; if not, stop and tell the bureau."))</p>
            \(confirm.html)
            <p class="muted">\(t("确认后，本机生成本单位的密钥（私钥不离开本机），信任教育局的公钥，数据保存在 \(directory.path)。登记包只能用一次：本单位的第一个数据包到达教育局时即完成登记。",
                                 "Confirming makes the unit's key on this PC (the private key never leaves it), trusts the bureau's key, and keeps the data in \(directory.path). The kit works once: the unit's first bundle to reach the bureau enrols it."))</p>
            <p><a href="/">\(t("不是这个文件？重新选择", "Not this file? Choose another"))</a></p>
            """)
    }
}

/// A day in UTC, for a kit whose campaign has no usable time zone (it would have been refused).
enum EnrolmentKitDay {
    static func utc(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: instant)
    }
}
