import DudaoKernel
import DudaoWeb
import DudaoWorkspace
import Foundation

extension BureauServer {
    /// The sync page's short notice about builds: plugins missing here (changes kept, not
    /// evaluated), kept changes the installed plugin refused, units whose builds lack the bureau's
    /// plugins, units on other campaign contents. Empty when every node runs the same build.
    func buildsNotice(for user: BureauUser, _ t: Tr) throws -> HTML {
        var found = try model.workspace.compatibility(unit: nil)
        if !seesAll(user) {
            // A leader hears only of their own units.
            let campaign = model.campaign
            found.opaque = found.opaque.compactMap { plugin in
                var plugin = plugin
                plugin.units = plugin.units.filter { user.covers($0, in: campaign) }
                plugin.invalid = plugin.invalid.filter { user.covers($0.unit, in: campaign) }
                return plugin.units.isEmpty && plugin.invalid.isEmpty ? nil : plugin
            }
            found.peersLacking = found.peersLacking.filter { user.covers($0.peer, in: campaign) }
            found.campaign = found.campaign.filter { user.covers($0.peer, in: campaign) }
        }
        guard !found.isEmpty else { return .empty }
        let items = found.messages.map { message -> HTML in "<li>\(t.text(message))</li>" }
        return """
            <div class="flash err" role="note">
            <strong>\(t("各节点程序版本不同", "Nodes run different builds"))</strong>
            <ul>\(items)</ul>
            </div>
            """
    }
}
