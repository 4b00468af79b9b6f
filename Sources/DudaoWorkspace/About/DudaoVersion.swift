import CDudaoBuild
import DudaoKernel
import DudaoStore
import DudaoSync

/// What this binary is and which formats it speaks: `dudao --version`, and the "about" line at the
/// foot of the bureau's and the workstation's pages.
public struct DudaoVersion: Sendable, Hashable {
    /// The semantic version (`DudaoRelease.version`).
    public var version: String
    /// The commit it was built from, or "unknown" for a build the packaging script did not make.
    public var commit: String
    /// The newest campaign definition format it reads.
    public var campaignFormat: Int
    /// The bundle format it writes, and the newest a bundle may require of its reader.
    public var bundleFormat: Int
    public var bundleReader: Int
    /// The store schema it writes: its newest kernel migration.
    public var storeSchema: String

    /// This binary's facts.
    public static let current = DudaoVersion(
        version: DudaoRelease.version, commit: String(cString: dudao_build_commit()),
        campaignFormat: CampaignLoader.supportedFormatVersion, bundleFormat: Int(BundleFormat.version),
        bundleReader: BundleFormat.readerVersion, storeSchema: StoreVersion.current)

    /// The short commit, as people quote it.
    public var shortCommit: String {
        commit == "unknown" ? commit : String(commit.prefix(12)) + (commit.hasSuffix("-dirty") ? "-dirty" : "")
    }

    /// What `dudao --version` prints: the version and commit, then the formats, one per line.
    public var text: String {
        """
        dudao \(version) (commit \(shortCommit))
        campaign format 活动格式 \(campaignFormat)
        bundle format 数据包格式 \(bundleFormat) (reads 可读 ≤ \(bundleReader))
        store schema 数据库架构 \(storeSchema)
        """
    }

    /// The one-line "about" for a page's foot, in the page's language.
    public var about: LocalizedText {
        LocalizedText(
            zh: "督导 \(version)（\(shortCommit)）· 活动格式 \(campaignFormat) · 数据包格式 \(bundleFormat) · 数据库架构 \(storeSchema)",
            en: "Dudao \(version) (\(shortCommit)) · campaign format \(campaignFormat) · bundle format \(bundleFormat) · store schema \(storeSchema)")
    }
}
