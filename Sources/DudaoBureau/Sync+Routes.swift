import Crypto
import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoWorkspace
import Foundation
import GRDB
import HTTPTypes
import Hummingbird

/// The HTTP face of sync: the same bundle bytes as files, authenticated by their own signature.
extension BureauServer {
    static let keyHeader = HTTPField.Name("X-Dudao-Key")!
    static let timeHeader = HTTPField.Name("X-Dudao-Time")!
    static let signatureHeader = HTTPField.Name("X-Dudao-Signature")!

    /// How a unit signs its request for its bundle: Ed25519 over this text.
    public static func pullMessage(unit: String, time: Int64) -> Data {
        Data("GET /api/v1/bundles/\(unit) \(time)".utf8)
    }

    func addSyncRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/v1/bundles") { request, _ -> Response in
            var request = request
            let buffer: ByteBuffer
            do {
                buffer = try await request.collectBody(upTo: self.maxBodyBytes)
            } catch {
                return Responses.json(.contentTooLarge, PublicImportOutcome(status: "refused", fault: "too-large",
                                                                     reason: "the bundle exceeds \(self.maxBodyBytes) bytes"))
            }
            let importer = BundleImporter(store: self.model.workspace.store)
            switch importer.importBundle(Data(buffer: buffer)) {
            case .applied(let changes, let duplicates, let conflicts, _, let released):
                return Responses.json(.ok, PublicImportOutcome(status: "applied", changes: changes, duplicates: duplicates,
                                                        conflicts: conflicts, released: released))
            case .duplicate:
                return Responses.json(.ok, PublicImportOutcome(status: "duplicate"))
            case .held(let waiting):
                return Responses.json(.accepted, PublicImportOutcome(status: "held", reason: "waiting for changes up to \(waiting)"))
            case .refused(let error):
                let status: HTTPResponse.Status = [.unenrolledKey, .badSignature, .unauthorised].contains(error.fault) ? .forbidden : .unprocessableContent
                return Responses.json(status, PublicImportOutcome(status: "refused", fault: error.fault.rawValue,
                                                           reason: error.message.en, reasonZh: error.message.zh))
            }
        }

        router.get("/api/v1/bundles/{unit}") { request, context -> Response in
            let unit = context.parameters.get("unit") ?? ""
            let store = self.model.workspace.store
            guard let keyID = request.headers[Self.keyHeader],
                  let timeText = request.headers[Self.timeHeader], let time = Int64(timeText),
                  let signatureText = request.headers[Self.signatureHeader],
                  let signature = Data(base64Encoded: signatureText) else {
                return Responses.json(.unauthorized, PublicProblem(reason: "the request must be signed by the unit's key"))
            }
            guard let enrolment = try store.enrolment(keyID: keyID), enrolment.unit == unit,
                  let key = try? Curve25519.Signing.PublicKey(rawRepresentation: enrolment.publicKey),
                  key.isValidSignature(signature, for: Self.pullMessage(unit: unit, time: time)) else {
                return Responses.json(.forbidden, PublicProblem(reason: "this key may not fetch the bundle of \(unit)"))
            }
            guard abs(store.environment.now() - time) < 10 * 60_000 else {
                return Responses.json(.forbidden, PublicProblem(reason: "the signed time is more than 10 minutes off"))
            }
            let bundle = try BundleExporter(store: store).bundle(for: unit)
            return Responses.bytes(bundle.data, type: "application/vnd.dudao.bundle")
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
        return try workspace.store.read { db in
            let enrolled = Set(try String.fetchAll(db, sql: "SELECT unit FROM enrolment WHERE unit IS NOT NULL"))
            var peers: [String: (String?, Int64?)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT peer, last_received, last_received_ms FROM peer") {
                peers[row["peer"]] = (row["last_received"], row["last_received_ms"])
            }
            let held = try Row.fetchAll(db, sql: "SELECT bundle_id, sender_node, waits_for FROM held_bundle ORDER BY received_ms").map {
                SyncStatus.Held(bundle: $0["bundle_id"], sender: $0["sender_node"], waitsFor: $0["waits_for"])
            }
            let refused = try Row.fetchAll(db, sql: "SELECT bundle_id, sender_unit, reason, received_ms FROM refused_bundle ORDER BY id DESC LIMIT 200").map {
                SyncStatus.Refused(bundle: $0["bundle_id"], unit: $0["sender_unit"], reason: $0["reason"], at: day($0["received_ms"]).description)
            }
            let units = workspace.campaign.units.map { unit -> UnitSync in
                let peer = peers[unit.id]
                let heldCount = try? Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM held_bundle h JOIN bundle_log b ON b.bundle_id = h.bundle_id WHERE b.sender_unit = ?
                    """, arguments: [unit.id])
                return UnitSync(unit: unit.id, enrolled: enrolled.contains(unit.id), lastBundle: peer?.0,
                                lastReceived: peer?.1.map { day($0).description },
                                daysSince: peer?.1.map { Int((now - $0) / 86_400_000) }, held: heldCount ?? 0,
                                refused: refused.filter { $0.unit == unit.id }.count)
            }
            return SyncStatus(units: units, held: held, refused: refused)
        }
    }
}
