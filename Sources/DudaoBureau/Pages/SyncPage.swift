import DudaoKernel
import DudaoWeb
import Foundation

extension BureauServer {
    func syncPage(_ c: PageContext) throws -> Page {
        let t = c.t
        let asOf = c.asOf
        let status = try syncStatus()
        let stale = Int(c.query["days"] ?? "") ?? 30
        let units = Table<UnitSync>([
            .init(t("单位", "Unit")) { self.unitLink($0.unit, t, asOf: asOf) },
            .init(t("密钥", "Key")) { $0.enrolled ? "✓" : Badge(.due, t, text: t("未登记密钥", "no key enrolled")).html },
            .init(t("最近收到", "Last bundle"), class: "date") { "\($0.lastReceived ?? t("从未", "never"))" },
            .init(t("距今天数", "Days since"), class: "num") { unit in
                guard (unit.daysSince ?? Int.max) > stale else { return "\(unit.daysSince ?? 0)" }
                return Badge(.overdue, t, text: unit.daysSince.map { t("\($0) 天未同步", "\($0) days") } ?? t("从未同步", "never synced")).html
            },
            .init(t("暂存", "Held"), class: "num") { "\($0.held)" },
            .init(t("拒收", "Refused"), class: "num") { "\($0.refused)" },
        ], rows: status.units, scrolls: true)
        let held = Table<SyncStatus.Held>([
            .init(t("数据包", "Bundle")) { "\($0.bundle)" },
            .init(t("发送节点", "Sender")) { "\($0.sender)" },
            .init(t("等待", "Waits for")) { "\($0.waitsFor)" },
        ], rows: status.held, scrolls: true)
        let refused = Table<SyncStatus.Refused>([
            .init(t("日期", "Date"), class: "date") { "\($0.at)" },
            .init(t("单位", "Unit")) { "\($0.unit ?? "?")" },
            .init(t("数据包", "Bundle")) { "\($0.bundle ?? "?")" },
            .init(t("原因", "Reason")) { "\($0.reason)" },
        ], rows: Array(status.refused.prefix(50)), scrolls: true)
        let none: HTML = "<p class=\"muted\">—</p>"
        return Page(title: t("数据同步", "Sync"), active: "sync", body: """
            \(units.html)
            <h2>\(t("暂存的数据包（等待缺失的变更）", "Held bundles (waiting for missing changes)"))</h2>
            \(held.rows.isEmpty ? none : held.html)
            <h2>\(t("拒收的数据包", "Refused bundles"))</h2>
            \(refused.rows.isEmpty ? none : refused.html)
            """)
    }
}
