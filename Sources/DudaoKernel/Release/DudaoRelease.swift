/// Dudao's release number: the one place it is written. The package's version, `dudao --version`
/// and the "about" lines all read it; the commit is added at build time (see `DudaoVersion`).
public enum DudaoRelease {
    /// The semantic version of this release.
    public static let version = "0.9.0"
}
