import DudaoKernel
import DudaoWeb
import Foundation

extension BureauServer {
    func syncPage(_ c: PageContext) throws -> Page {
        let t = c.t
        let asOf = c.asOf
        guard let user = c.user else { throw DudaoError("请先登录", "sign in first") }
        let status = try syncStatus(for: user, asOf: asOf)
        let stale = Int(c.query["days"] ?? "") ?? 30
        // The office carries bundles on a USB stick: a download button per unit.
        let office = user.role == .office ? c.csrf : nil
        var columns: [Table<UnitSync>.Column] = [
            .init(t("单位", "Unit")) { self.unitLink($0.unit, t, asOf: asOf) },
            .init(t("密钥", "Key")) { $0.enrolled ? "✓" : Badge(.due, t, text: t("未登记密钥", "no key enrolled")).html },
            .init(t("最近收到", "Last bundle"), class: "date") { "\($0.lastReceived ?? t("从未", "never"))" },
            .init(t("距“截至”日天数", "Days to “as of”"), class: "num") { unit in
                guard (unit.daysSince ?? Int.max) > stale else { return "\(unit.daysSince ?? 0)" }
                return Badge(.overdue, t, text: unit.daysSince.map { t("\($0) 天未同步", "\($0) days") } ?? t("从未同步", "never synced")).html
            },
            .init(t("暂存", "Held"), class: "num") { "\($0.held)" },
            .init(t("拒收", "Refused"), class: "num") { "\($0.refused)" },
        ]
        if let office {
            columns.append(.init(t("发给单位的数据包", "Bundle for the unit")) { unit in
                Form.post(Link("/sync/bundle", unit.unit), csrf: office, classes: "inline", Field.submit(t("下载", "Download"))).html
            })
        }
        let units = Table<UnitSync>(columns, rows: status.units, scrolls: true)
        let held = Table<SyncStatus.Held>([
            .init(t("数据包", "Bundle")) { "\($0.bundle)" },
            .init(t("发送节点", "Sender")) { "\($0.sender)" },
            .init(t("等待", "Waits for")) { "\($0.waitsFor)" },
        ], rows: status.held, scrolls: true)
        let refused = Table<SyncStatus.Refused>([
            .init(t("日期", "Date"), class: "date") { "\($0.at)" },
            .init(t("单位", "Unit")) { "\($0.unit.map { self.unitName($0, t) } ?? "?")" },
            .init(t("数据包", "Bundle")) { "\($0.bundle ?? "?")" },
            .init(t("原因", "Reason")) { "\($0.reason)" },
        ], rows: Array(status.refused.prefix(50)), scrolls: true)
        let none: HTML = "<p class=\"muted\">—</p>"
        var forms: HTML = .empty
        if let office {
            let units = model.campaign.units.map { (value: $0.id, label: t.text($0.name)) }
            forms = """
                <h2>\(t("从 U 盘导入数据包", "Import a bundle from a USB stick"))</h2>
                \(Form.upload(Link("/sync/upload"), csrf: office, """
                    \(Field.file(t("数据包文件（.dbd）", "Bundle file (.dbd)"), name: "bundle", accept: ".dbd,application/octet-stream"))
                    \(Field.submit(t("导入", "Import")))
                    """))
                <p><a href="/campaign">\(t("活动修订：查看各次修订，发布下一个修订", "Campaign revisions: what each changed, and publishing the next"))</a></p>
                <h2>\(t("登记单位密钥", "Enrol a unit's key"))</h2>
                <p class="muted">\(t("上传单位用 dudao key export 导出的公钥文件；下一步显示指纹，请先与单位电话核对再确认。",
                                     "Upload the public key file the unit wrote with dudao key export; the next step shows its fingerprint to check with the unit by phone before confirming."))</p>
                \(Form.upload(Link("/sync/enrol"), csrf: office, """
                    \(Field.select(t("单位", "Unit"), name: "unit", options: units))
                    \(Field.file(t("公钥文件（.pub）", "Public key file (.pub)"), name: "key", accept: ".pub,text/plain"))
                    \(Field.submit(t("下一步：核对指纹", "Next: check the fingerprint")))
                    """))
                """
        }
        let scope: HTML? = seesAll(user) ? nil
            : "<p class=\"muted\">\(t("仅显示您分包、分管的单位。", "Only your assigned units and offices in charge are shown."))</p>"
        let builds = try buildsNotice(for: user, t)
        return Page(title: t("数据同步", "Sync"), active: "sync", body: """
            \(scope)
            \(builds)
            <p class="muted">\(t("天数从页面的“截至”日期 \(asOf) 起算。", "Days are counted to the page's “as of” date, \(asOf)."))</p>
            \(units.html)
            \(forms)
            <h2>\(t("暂存的数据包（等待缺失的变更）", "Held bundles (waiting for missing changes)"))</h2>
            \(held.rows.isEmpty ? none : held.html)
            <h2>\(t("拒收的数据包", "Refused bundles"))</h2>
            \(refused.rows.isEmpty ? none : refused.html)
            """)
    }
}
