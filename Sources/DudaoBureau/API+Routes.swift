import DudaoKernel
import DudaoWorkspace
import Foundation
import Hummingbird

/// The JSON API for tools and tests, and the CSV exports; both need a session.
extension BureauServer {
    /// The signed-in user of an API request; nil means answer 401.
    func apiUser(_ request: Request) async -> (BureauUser, PageContext)? {
        let context = await pageContext(request)
        return context.user.map { ($0, context) }
    }

    static let unauthorised = Responses.json(.unauthorized, PublicProblem(status: "error", reason: "sign in first (POST /login)"))

    func gridCells(_ snapshot: BureauSnapshot, user: BureauUser) -> [PublicCell] {
        model.campaign.units.filter { user.covers($0.id, in: model.campaign) }.flatMap { unit in
            (snapshot.statuses[unit.id]?.cells ?? []).map(PublicCell.init)
        }
    }

    /// The sync state in its public shape: what the account sees, days counted to `asOf`.
    func publicSyncStatus(for user: BureauUser, asOf: LocalDate) throws -> PublicSyncStatus {
        let status = try syncStatus(for: user, asOf: asOf)
        return PublicSyncStatus(
            units: status.units.map {
                .init(unit: $0.unit, enrolled: $0.enrolled, lastBundle: $0.lastBundle, lastReceived: $0.lastReceived.flatMap(LocalDate.init),
                      daysSince: $0.daysSince, held: $0.held, refused: $0.refused)
            },
            held: status.held.map { .init(bundle: $0.bundle, sender: $0.sender, waitsFor: $0.waitsFor) },
            refused: status.refused.compactMap { refused in
                LocalDate(refused.at).map { .init(bundle: refused.bundle, unit: refused.unit, reason: refused.reason, on: $0) }
            })
    }

    func addAPIRoutes(to router: Router<BureauRequestContext>) {
        router.get("/api/v1/grid") { request, _ -> Response in
            guard let (user, context) = await self.apiUser(request) else { return Self.unauthorised }
            let snapshot = try await self.model.snapshot(asOf: context.asOf)
            return Responses.json(.ok, PublicGrid(asOf: snapshot.asOf, cells: self.gridCells(snapshot, user: user)))
        }
        router.get("/api/v1/ledger") { request, _ -> Response in
            guard let (user, context) = await self.apiUser(request) else { return Self.unauthorised }
            let snapshot = try await self.model.snapshot(asOf: context.asOf)
            return Responses.json(.ok, snapshot.ledger.filter { user.covers($0.unit, in: self.model.campaign) }
                .map { PublicLedgerItem($0, asOf: context.asOf) })
        }
        router.get("/api/v1/evaluation") { request, _ -> Response in
            guard let (user, context) = await self.apiUser(request) else { return Self.unauthorised }
            return Responses.json(.ok, self.scores(try await self.model.snapshot(asOf: context.asOf), user: user).map(PublicScore.init))
        }
        router.get("/api/v1/sync/status") { request, _ -> Response in
            guard let (user, context) = await self.apiUser(request) else { return Self.unauthorised }
            return Responses.json(.ok, try self.publicSyncStatus(for: user, asOf: context.asOf))
        }
        // The CSVs speak the page's language: headers, states and names (never roster ids).
        router.get("/export/grid.csv") { request, _ -> Response in
            guard let (user, context) = await self.apiUser(request) else { return Self.unauthorised }
            let t = context.t
            let cells = self.gridCells(try await self.model.snapshot(asOf: context.asOf), user: user)
            return Responses.csv([[t("单位", "unit"), t("条款", "clause"), t("规则", "rule"), t("周期", "period"), t("状态", "state"),
                                   t("剩余天数", "days left"), t("依据记录", "records")]] + cells.map {
                [$0.unit.map { self.unitName($0, t) } ?? "", $0.clause, $0.rule, $0.period.label, t.text($0.state.title),
                 $0.daysLeft.map(String.init) ?? "", $0.records.joined(separator: " ")]
            }, name: "grid-\(context.asOf).csv")
        }
        router.get("/export/ledger.csv") { request, _ -> Response in
            guard let (user, context) = await self.apiUser(request) else { return Self.unauthorised }
            let t = context.t
            let items = try await self.model.snapshot(asOf: context.asOf).ledger.filter { user.covers($0.unit, in: self.model.campaign) }
            return Responses.csv([[t("编号", "id"), t("单位", "unit"), t("来源", "source"), t("事项", "title"), t("状态", "state"),
                                   t("待谁办理", "who acts next"), t("期限", "deadline"), t("是否逾期", "overdue"), t("责任人", "responsible"),
                                   t("责任部门", "department"), t("立项日期", "registered"), t("最近办理", "last step")]] + items.map { item in
                let last = item.history.last.map { "\($0.on) \(t.text($0.action.title)) \(self.actorName($0, unit: item.unit, t))" } ?? ""
                return [item.id, self.unitName(item.unit, t), t.text(item.item.source.title), item.item.title, t.text(item.state.title),
                        NextActor(item).map { t.text($0.title) } ?? "", item.deadline?.description ?? "",
                        item.isOverdue(asOf: context.asOf) ? t("是", "yes") : t("否", "no"), self.personName(item.item.responsiblePerson) ?? "",
                        item.item.department ?? "", item.item.registeredOn.description, last]
            }, name: "ledger-\(context.asOf).csv")
        }
        router.get("/export/evaluation.csv") { request, _ -> Response in
            guard let (user, context) = await self.apiUser(request) else { return Self.unauthorised }
            let t = context.t
            let scores = self.scores(try await self.model.snapshot(asOf: context.asOf), user: user)
            let parts = scores.first?.parts ?? []
            return Responses.csv([[t("名次", "rank"), t("单位", "unit"), t("总分", "total")] + parts.map { t.text($0.title) }] + scores.map { score in
                ["\(score.rank)", self.unitName(score.unit, t), String(format: "%.2f", score.total)]
                    + parts.map { part in score.parts.first { $0.id == part.id }.map { String(format: "%.2f", $0.points) } ?? "" }
            }, name: "evaluation-\(context.asOf).csv")
        }
    }
}
