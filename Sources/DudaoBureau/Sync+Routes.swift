import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoWorkspace
import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix

/// The HTTP face of sync: the same bundle bytes as files, authenticated by their own signature.
extension BureauServer {
    func addSyncRoutes(to router: Router<BureauRequestContext>) {
        router.post("/api/v1/bundles") { request, _ -> Response in
            var request = request
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: self.maxBodyBytes)
            } catch {
                return Responses.json(.contentTooLarge, PublicImportOutcome(status: "refused", fault: "too-large",
                                                                     reason: "the bundle exceeds \(self.maxBodyBytes) bytes"))
            }
            // An unverified sender leaves nothing in the store: only a bounded line in the log.
            let log = self.unverifiedUploads
            let workspace = self.model.workspace
            let importer = BundleImporter(store: workspace.store) { error in
                _ = log.warning("unverified bundle refused (\(error.fault.rawValue)): \(error.message.en)")
            }
            let data = Data(buffer: buffer)
            // Verifying and merging is CPU and disk work: on the thread pool, not the request's executor.
            let report = try await NIOThreadPool.singleton.runIfActive { try workspace.importBundle(data, with: importer) }
            let status: HTTPResponse.Status = switch report.outcome {
            case .applied, .duplicate: .ok
            case .held: .accepted
            case .refused(let error): [.unenrolledKey, .revokedKey, .badSignature, .unauthorised].contains(error.fault) ? .forbidden : .unprocessableContent
            }
            return Responses.json(status, UploadAnswer(report))
        }

        router.get("/api/v1/bundles/{unit}") { request, context -> Response in
            let unit = context.parameters.get("unit") ?? ""
            let store = self.model.workspace.store
            guard let pull = SignedPull(unit: unit, header: { name in HTTPField.Name(name).flatMap { request.headers[$0] } }) else {
                return Responses.json(.unauthorized, PublicProblem(reason: "the request must be signed by the unit's key"))
            }
            switch try pull.verify(at: store, seen: self.seenPulls) {
            case .wrongKey:
                return Responses.json(.forbidden, PublicProblem(reason: "this key may not fetch the bundle of \(unit)"))
            case .stale:
                return Responses.json(.forbidden, PublicProblem(reason: "the signed time is more than 10 minutes off"))
            case .replayed:
                return Responses.json(.forbidden, PublicProblem(reason: "this signed request was already answered; sign a new one"))
            case nil:
                let bundle = try await NIOThreadPool.singleton.runIfActive { try BundleExporter(store: store).bundle(for: unit) }
                return Responses.bytes(bundle.data, type: "application/vnd.dudao.bundle")
            }
        }
    }

    /// One unit's sync state, for the sync page and its API.
    struct UnitSync: Codable, Sendable {
        var unit: String
        var enrolled: Bool
        var lastBundle: String?
        var lastReceived: String?
        var daysSince: Int?
        var held: Int
        var refused: Int
    }

    struct SyncStatus: Codable, Sendable {
        var units: [UnitSync]
        var held: [Held]
        var refused: [Refused]
        struct Held: Codable, Sendable {
            var bundle: String
            var sender: String
            var waitsFor: String
        }
        struct Refused: Codable, Sendable {
            var bundle: String?
            var unit: String?
            var reason: String
            var at: String
        }
    }

    func syncStatus() throws -> SyncStatus {
        let workspace = model.workspace
        let calendar = workspace.engine.calendar
        let now = workspace.store.environment.now()
        @Sendable func day(_ ms: Int64) -> LocalDate { calendar.localDate(of: Date(timeIntervalSince1970: Double(ms) / 1000)) }
        let state = try workspace.store.syncState()
        let held = state.held.map { SyncStatus.Held(bundle: $0.bundleID, sender: $0.senderNode, waitsFor: $0.waits.description) }
        let refused = state.refused.map {
            SyncStatus.Refused(bundle: $0.bundleID, unit: $0.senderUnit, reason: $0.reason, at: day($0.receivedMs).description)
        }
        let units = workspace.campaign.units.map { unit -> UnitSync in
            let peer = state.lastReceived[unit.id]
            return UnitSync(unit: unit.id, enrolled: state.enrolledUnits.contains(unit.id), lastBundle: peer?.bundle ?? nil,
                            lastReceived: (peer?.atMs ?? nil).map { day($0).description },
                            daysSince: (peer?.atMs ?? nil).map { Int((now - $0) / 86_400_000) }, held: state.heldByUnit[unit.id] ?? 0,
                            refused: refused.filter { $0.unit == unit.id }.count)
        }
        return SyncStatus(units: units, held: held, refused: refused)
    }
}
