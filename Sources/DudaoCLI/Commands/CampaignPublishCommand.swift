import ArgumentParser
import DudaoKernel
import DudaoStore
import DudaoWorkspace
import Foundation

extension CampaignCommand {
    /// `dudao campaign publish FILE`: the bureau's next revision of the campaign, carried to every
    /// unit by the bureau's next bundle to it.
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "在教育局发布活动修订（须通过 campaign validate，且与现行修订兼容） · At the bureau, publish a revision of the campaign.",
            discussion: """
                The file must pass `dudao campaign validate` and be compatible with the revision in force: same campaign \
                id and time zone, and no clause, unit or person with records removed (retire it with `retiredOn`; a merged \
                unit also names `mergedInto`). The revision gets the next number and travels in every bundle the bureau \
                exports; each period is judged under the revision in force on its deadline.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The revised campaign file.") var file: String
        @Option(help: .date("The first day the revision governs; today by default. Periods whose deadline is earlier keep their verdicts."))
        var effective: LocalDate?

        func run() throws {
            let output = global.output
            let workspace = try global.workspace()
            let document = try readInput(file)
            let (revision, published, merged) = try workspace.publishRevision(document, effectiveOn: effective ?? workspace.today, file: file)
            output.line(output("已发布活动修订 \(revision.number)（指纹 \(revision.fingerprint.prefix(16))…），自 \(revision.effectiveOn) 起生效；教育局下一次导出的数据包会把它带给各单位。",
                               "Published campaign revision \(revision.number) (fingerprint \(revision.fingerprint.prefix(16))…), in force from \(revision.effectiveOn); the bureau's next bundles carry it to the units."))
            for summary in try published.revisionChanges(limit: 1) {
                for line in summary.lines(global.lang) { output.line(line) }
            }
            if merged > 0 {
                output.line(output("已将 \(merged) 项未办结的台账事项转入接收单位。", "Moved \(merged) open ledger items to their receiving units."))
            }
        }
    }
}
