import DudaoKernel
import DudaoWeb
import DudaoWorkspace
import Foundation

/// What the bureau's campaign revisions changed, in plain words: on 待办 the ones received lately,
/// on 我的单位 every one.
extension WorkstationServer {
    /// The newest `limit` revisions this store adopted, each a box: its heading, when it arrived,
    /// one line a change. `withinDays` keeps only those received that many days before the store's clock.
    func revisionNotes(_ t: Tr, limit: Int = .max, withinDays: Int? = nil) -> HTML {
        let workspace = workspace
        let since = withinDays.map { workspace.store.environment.now() - Int64($0) * 86_400_000 }
        let summaries = (try? workspace.revisionChanges(limit: limit, adoptedSince: since)) ?? []
        return summaries.map { summary -> HTML in
            let lines = summary.lines(t.language)
            let changes = lines.dropFirst().map { line -> HTML in
                "<li>\(line.drop { $0 == " " || $0 == "·" })</li>"
            }.joined()
            let received = t("（\(moment(summary.recordedMs, t)) 收到）", " (received \(moment(summary.recordedMs, t)))")
            return """
                <div class="box revision"><p><b>\(lines[0])</b>\(received)</p><ul>\(changes)</ul>\
                <p class="muted">\(t("此前截止的周期按原规定判定。", "Periods whose deadline came before it keep their verdicts."))</p></div>
                """
        }.joined()
    }
}
