import DudaoStore
import Foundation
import Synchronization

/// A long-running server's workspace, following the campaign revision in force: at the bureau a
/// revision another process published (`dudao campaign publish`), at a unit one the bureau's bundle
/// brought (imported on the workstation's sync page). `refresh()` before each request swaps in a
/// workspace on the new revision; a handler that reads `workspace` more than once keeps it in a
/// local, so one answer never mixes two revisions.
public final class LiveWorkspace: Sendable {
    private let current: Mutex<(workspace: Workspace, revision: Int)>

    public init(_ workspace: Workspace) throws {
        current = Mutex((workspace, try workspace.store.campaignRevisionNumber()))
    }

    /// The workspace on the revision in force when it was last refreshed.
    public var workspace: Workspace { current.withLock { $0.workspace } }

    /// The workspace and the number of the revision it was opened on, read together.
    public var state: (workspace: Workspace, revision: Int) { current.withLock { ($0.workspace, $0.revision) } }

    /// Swaps to a workspace on the revision now in force if the store adopted another since: one
    /// indexed read. Decoded record bodies stay (they do not depend on the campaign). True when it swapped.
    @discardableResult
    public func refresh() throws -> Bool {
        let (old, revision) = state
        let adopted = try old.store.campaignRevisionNumber()
        guard adopted != revision else { return false }
        let fresh = try Workspace(store: old.store.reopened(), cache: old.engine.cache)
        // Unless another request swapped in the same or a later revision meanwhile.
        current.withLock { if $0.revision == revision || adopted > $0.revision { $0 = (fresh, adopted) } }
        return true
    }
}
