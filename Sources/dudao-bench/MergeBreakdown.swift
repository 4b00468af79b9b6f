import DudaoKernel
import DudaoStore
import DudaoSync
import Foundation

/// Where the merge's time goes: each step timed alone over the same bundles, the database's
/// share taken as what the merge spent beyond them.
struct MergeBreakdown {
    var steps: [(String, Double)] = []
    var mergeSeconds: Double
    var changes = 0
    /// The record-owner step's look-ups, counted so that none is optimised away.
    var ownerChecks = 0

    static func measure(files: [URL], bureau: Store, mergeSeconds: Double) throws -> MergeBreakdown {
        var result = MergeBreakdown(mergeSeconds: mergeSeconds)
        var parse = 0.0, verify = 0.0, inflate = 0.0, decode = 0.0, authorise = 0.0, validate = 0.0, owners = 0.0
        let keys = Dictionary(uniqueKeysWithValues: try bureau.enrolments().map { ($0.keyID, $0.publicKey) })
        for url in files {
            let data = try Data(contentsOf: url)
            let (file, parsing) = try BenchMeasure.time { try BundleFile.parse(data) }
            parse += parsing
            verify += try BenchMeasure.time { try file.verify(publicKey: keys[file.header.sender.keyID] ?? Data()) }.1
            let (raw, inflating) = try BenchMeasure.time { try Zlib.inflate(file.body, limit: file.header.uncompressedSize) }
            inflate += inflating
            let (decoded, decoding) = try BenchMeasure.time { try ChangeCodec.decode(raw) }
            decode += decoding
            result.changes += decoded.changes.count
            let writer = file.header.sender.unit.map(WritePolicy.Writer.unit) ?? .bureau
            authorise += BenchMeasure.time {
                for change in decoded.changes {
                    guard let type = bureau.registry.recordType(change.type) else { continue }
                    _ = WritePolicy.check(change, type: type, by: writer, in: bureau.campaign)
                }
            }.1
            // The merge's record-owner rule at most: its set of shared types once per bundle, and for every change
            // a set look-up and a `mayOverwrite`, as if each rewrote a stored record (here none does: all are new).
            let (looked, owning) = BenchMeasure.time {
                let shared = WritePolicy.sharedTypes(of: bureau.registry.recordTypes)
                var looked = 0
                for change in decoded.changes {
                    if shared.contains(change.type) { looked += 1 }
                    if WritePolicy.mayOverwrite(id: change.id, type: change.type, createdBy: writer, by: writer) == nil { looked += 1 }
                }
                return looked
            }
            owners += owning
            result.ownerChecks += looked
            validate += BenchMeasure.time {
                for change in decoded.changes {
                    _ = bureau.registry.recordType(change.type)?.check(change.body, campaign: bureau.campaign,
                                                                        unit: bureau.campaign.unit(change.unit))
                }
            }.1
        }
        let measured = parse + verify + inflate + decode + authorise + validate + owners
        result.steps = [("parse (layout, strict header)", parse), ("signature + body SHA-256", verify), ("inflate", inflate),
                        ("decode (ChangeCodec)", decode), ("authorise (WritePolicy.check)", authorise),
                        ("validate (FastJSON, RecordType.check)", validate), ("record owners (mayOverwrite)", owners),
                        ("the rest: database, bookkeeping", max(0, mergeSeconds - measured))]
        return result
    }

    func print() {
        Swift.print("merge breakdown (each step timed alone over the same \(changes) changes):")
        for (name, seconds) in steps {
            let share = seconds / max(mergeSeconds, 1e-9) * 100
            Swift.print("  " + name.padding(toLength: 38, withPad: " ", startingAt: 0)
                        + String(format: "%7.3f s  %5.1f %%  %8.2f µs/change", seconds, share, seconds * 1e6 / Double(max(changes, 1))))
        }
    }
}
