import Crypto
import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation
import Testing

/// Builds bundles by hand — header, body and signature as the test chooses — so that each
/// forged bundle gets past every check but the one it targets.
struct BundleForge {
    var key: Curve25519.Signing.PrivateKey
    var header: BundleHeader
    var changes: [RecordEnvelope]
    var evidence: [ChangeCodec.Evidence] = []

    /// A bundle from `sender` (signed with its own key unless `key` is given) to `recipient`,
    /// with a header as the exporter writes it.
    init(from sender: Store, to recipient: String, changes: [RecordEnvelope], key: Curve25519.Signing.PrivateKey? = nil) throws {
        self.key = try key ?? SyncLab.key(of: sender)
        self.changes = changes
        let node = sender.identity.nodeID
        let through = changes.filter { $0.origin == node }.map(\.sequence).max() ?? 0
        let template: [String: Any] = [
            "format": 1, "minReaderVersion": 1, "critical": ["changes-v1", "zlib", "ed25519"],
            "bundleID": UUID().uuidString.lowercased(), "campaign": sender.campaign.id,
            "sender": ["node": node, "unit": sender.identity.unit as Any, "keyID": sender.identity.keyID], "recipient": recipient,
            "pluginVersions": sender.registry.schemaVersions, "hlc": "\(Self.now).0",
            "counts": ["changes": changes.count, "evidence": 0], "uncompressedSize": 0, "compressedSize": 0, "bodySHA256": "",
            "knowledge": [node: through], "ranges": [node: ["after": 0, "through": through]],
        ]
        header = try JSONDecoder().decode(BundleHeader.self, from: JSONSerialization.data(withJSONObject: template))
    }

    static let now = StoreEnvironment.live.now()

    /// Valid changes of `unit` as `sender` would write them: origin, sequences from `first`, HLCs.
    static func changes(of unit: String, by sender: Store, count: Int, first: Int64 = 1) throws -> [RecordEnvelope] {
        try (0..<count).map { index in
            RecordEnvelope(id: UUID().uuidString.lowercased(), unit: unit, type: LedgerItem.recordType,
                           body: try Bodies.ledgerItem(index), author: nil, hlc: HLC(wall: now, counter: Int32(index)),
                           origin: sender.identity.nodeID, sequence: first + Int64(index))
        }
    }

    /// The inflated body.
    var rawBody: Data { ChangeCodec.encode(changes, evidence: evidence) }

    /// The signed file. `tweak` edits the header after the sizes and hash are filled in;
    /// `body` replaces the compressed body after signing; `version` is the file's format field.
    func data(tweak: (inout BundleHeader) -> Void = { _ in }, body replacement: Data? = nil, version: UInt16 = 1,
              level: Int32 = 6) throws -> Data {
        let raw = rawBody
        let body = try Zlib.deflate(raw, level: level)
        var header = self.header
        header.counts.changes = changes.count
        header.counts.evidence = evidence.count
        header.uncompressedSize = raw.count
        header.compressedSize = body.count
        header.bodySHA256 = Store.sha256(body)
        tweak(&header)
        if version == 1 {
            return try BundleFile.assemble(header: header, body: replacement ?? body, key: key)
        }
        return try Self.assemble(headerBytes: header.canonicalJSON(), version: version, body: replacement ?? body, key: key)
    }

    /// The file layout with any format version, signed like `BundleFile.assemble`.
    static func assemble(headerBytes: Data, version: UInt16, body: Data, key: Curve25519.Signing.PrivateKey) throws -> Data {
        var out = Data(BundleFormat.magic)
        out.append(contentsOf: [UInt8(version >> 8), UInt8(version & 0xFF)])
        out.append(contentsOf: bigEndian(UInt64(headerBytes.count), bytes: 4))
        out.append(headerBytes)
        out.append(try key.signature(for: out))
        out.append(contentsOf: bigEndian(UInt64(body.count), bytes: 8))
        out.append(body)
        return out
    }

    static func bigEndian(_ value: UInt64, bytes: Int) -> [UInt8] {
        (0..<bytes).reversed().map { UInt8(value >> UInt64($0 * 8) & 0xFF) }
    }

    /// A header range, which has no public initialiser.
    static func range(after: Int64, through: Int64) -> BundleHeader.Range {
        try! JSONDecoder().decode(BundleHeader.Range.self, from: Data(#"{"after":\#(after),"through":\#(through)}"#.utf8))
    }

    /// The offsets of a file's regions: header [14, headerEnd), signature, body length, body.
    struct Regions {
        var headerEnd: Int
        var signatureEnd: Int { headerEnd + 64 }
        var bodyStart: Int { signatureEnd + 8 }

        init(_ data: Data) {
            headerEnd = 14 + Int(data[10..<14].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
    }
}

/// What a store looks like from outside: its digest, change log length and integrity.
struct StoreState: Equatable {
    var digest: String
    var changes: Int
    var integrity: String

    init(_ store: Store) throws {
        digest = try store.digest()
        changes = try store.changeLog().count
        integrity = try store.integrityCheck()
    }
}

/// Imports `data` into `store`, expects a refusal with one of `faults`, and the store unchanged.
@discardableResult
func expectRefused(_ data: Data, by store: Store, _ faults: Set<BundleError.Fault>, _ note: @autoclosure () -> String = "",
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> BundleError.Fault? {
    let before = try StoreState(store)
    let outcome = BundleImporter(store: store).importBundle(data)
    guard let error = outcome.refusal else {
        Issue.record("not refused (\(outcome)) \(note())", sourceLocation: sourceLocation)
        return nil
    }
    #expect(faults.contains(error.fault), "\(error) \(note())", sourceLocation: sourceLocation)
    #expect(!error.message.en.isEmpty && !error.message.zh.isEmpty, sourceLocation: sourceLocation)
    #expect(try StoreState(store) == before, "the store changed: \(note())", sourceLocation: sourceLocation)
    return error.fault
}
