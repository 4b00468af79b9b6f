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

    /// The sync state in its public shape.
    func publicSyncStatus() throws -> PublicSyncStatus {
        let status = try syncStatus()
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
            guard let (_, context) = await self.apiUser(request) else { return Self.unauthorised }
            return Responses.json(.ok, try await self.model.snapshot(asOf: context.asOf).scores.map(PublicScore.init))
        }
        router.get("/api/v1/sync/status") { request, _ -> Response in
            guard await self.apiUser(request) != nil else { return Self.unauthorised }
            return Responses.json(.ok, try self.publicSyncStatus())
        }
        router.get("/export/grid.csv") { request, _ -> Response in
            guard let (user, context) = await self.apiUser(request) else { return Self.unauthorised }
            let cells = self.gridCells(try await self.model.snapshot(asOf: context.asOf), user: user)
            return Responses.csv([["unit", "clause", "rule", "period", "state", "days_left", "records"]] + cells.map {
                [$0.unit ?? "", $0.clause, $0.rule, $0.period.label, $0.state.rawValue, $0.daysLeft.map(String.init) ?? "", $0.records.joined(separator: " ")]
            }, name: "grid-\(context.asOf).csv")
        }
        router.get("/export/ledger.csv") { request, _ -> Response in
            guard let (user, context) = await self.apiUser(request) else { return Self.unauthorised }
            let items = try await self.model.snapshot(asOf: context.asOf).ledger.filter { user.covers($0.unit, in: self.model.campaign) }
            return Responses.csv([["id", "unit", "source", "title", "state", "deadline", "overdue", "responsible", "department", "registered"]] + items.map {
                [$0.id, $0.unit, $0.item.source.rawValue, $0.item.title, $0.state.rawValue, $0.deadline?.description ?? "",
                 $0.isOverdue(asOf: context.asOf) ? "yes" : "no", $0.item.responsiblePerson ?? "", $0.item.department ?? "",
                 $0.item.registeredOn.description]
            }, name: "ledger-\(context.asOf).csv")
        }
        router.get("/export/evaluation.csv") { request, _ -> Response in
            guard let (_, context) = await self.apiUser(request) else { return Self.unauthorised }
            let scores = try await self.model.snapshot(asOf: context.asOf).scores
            let parts = scores.first?.parts.map(\.id) ?? []
            return Responses.csv([["rank", "unit", "total"] + parts] + scores.map { score in
                ["\(score.rank)", score.unit, String(format: "%.2f", score.total)]
                    + parts.map { id in score.parts.first { $0.id == id }.map { String(format: "%.2f", $0.points) } ?? "" }
            }, name: "evaluation-\(context.asOf).csv")
        }
    }
}
