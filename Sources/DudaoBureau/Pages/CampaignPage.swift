import DudaoKernel
import DudaoWeb
import DudaoWorkspace
import Foundation
import Hummingbird
import NIOPosix

/// The office publishes a revision of the campaign from the browser: the same checks and steps as
/// `dudao campaign publish` (`Workspace.publishRevision`), a refusal shown with each JSON path, and
/// the revision in force on every page from the next request.
extension BureauServer {
    func addCampaignRoutes(to router: Router<BureauRequestContext>) {
        router.get("/campaign") { request, _ in
            try await self.page(request) { c in
                guard let user = c.user else { throw DudaoError("请先登录", "sign in first") }
                try self.requireOffice(user, c.t)
                return try self.campaignPage(c, problems: [])
            }
        }
        router.post("/campaign/publish") { request, _ -> Response in
            let (c, user, form) = try await self.authorisedUpload(request, limit: self.maxBodyBytes)
            let t = c.t
            guard let file = form["campaign"], !file.data.isEmpty else {
                return self.pageResponse(c, try self.campaignPage(c, problems: [DecodingProblem(path: "campaign", reason: LocalizedText(
                    zh: "请选择修订后的活动文件", en: "choose the revised campaign file"))]), status: .unprocessableContent)
            }
            let workspace = self.model.workspace
            guard let effective = LocalDate(form["effectiveOn"]?.text ?? ""),
                  workspace.campaign.window.contains(effective) else {
                return self.pageResponse(c, try self.campaignPage(c, problems: [DecodingProblem(path: "effectiveOn", reason: LocalizedText(
                    zh: "生效日期应在活动期内（\(workspace.campaign.window.start) 至 \(workspace.campaign.window.end)）",
                    en: "the day it takes effect must fall within the campaign (\(workspace.campaign.window.start) to \(workspace.campaign.window.end))"))]),
                    status: .unprocessableContent)
            }
            let name = file.filename ?? "campaign.json", document = file.data, account = user.name
            let published: (revision: CampaignRevision, published: Workspace, moved: Int)
            do {
                published = try await NIOThreadPool.singleton.runIfActive {
                    try workspace.publishRevision(document, effectiveOn: effective, file: name, actor: account)
                }
            } catch let refusal as RevisionRefusal {
                return self.pageResponse(c, try self.campaignPage(c, problems: refusal.problems), status: .unprocessableContent)
            } catch let invalid as CampaignFileError {
                return self.pageResponse(c, try self.campaignPage(c, problems: invalid.problems), status: .unprocessableContent)
            } catch let failure as any DudaoFailure {
                return self.pageResponse(c, try self.campaignPage(c, problems: [DecodingProblem(path: name, reason: failure.message)]),
                                         status: .unprocessableContent)
            }
            try await self.model.adoptPublishedRevision()
            let revision = published.revision
            var done = t("已发布活动修订 \(revision.number)，自 \(revision.effectiveOn) 起生效；各单位在下一个数据包中收到。",
                         "Published campaign revision \(revision.number), in force from \(revision.effectiveOn); each unit gets it in its next bundle.")
            if published.moved > 0 {
                done += t(" 已将 \(published.moved) 项未办结的台账事项转入接收单位。", " Moved \(published.moved) open ledger items to their receiving units.")
            }
            self.logger.info("campaign revision \(revision.number) published by \(user.name)")
            return Responses.redirect("/campaign", headers: [.setCookie: Flash(.ok, done).setCookie])
        }
    }

    /// The revisions so far, what each changed, and the form to publish the next; `problems` are why
    /// the last attempt was refused (nothing was stored), each with its JSON path.
    func campaignPage(_ c: PageContext, problems: [DecodingProblem]) throws -> Page {
        let t = c.t
        let workspace = model.workspace
        let current = try workspace.store.campaignRevision()
        let changes = try workspace.revisionChanges()
        var history: HTML = "<p class=\"muted\">\(t("活动尚未修订：现行的是初始化时的活动文件（修订 0）。", "Not revised yet: the campaign in force is the file the store began with (revision 0)."))</p>"
        if !changes.isEmpty {
            history = changes.map { summary -> HTML in "<pre>\(summary.lines(t.language).joined(separator: "\n"))</pre>" }.joined()
        }
        var refused: HTML = .empty
        if !problems.isEmpty {
            let lines = problems.map { problem -> HTML in "<li><code>\(problem.path)</code> \(t.text(problem.reason))</li>" }.joined()
            refused = "\(Flash(.error, t("未发布，什么也没有改变：", "Nothing was published, nothing changed:")).html)<ul class=\"problems\">\(lines)</ul>"
        }
        let window = workspace.campaign.window
        let form = Form.upload(Link("/campaign/publish"), csrf: c.csrf ?? "", """
            \(Field.file(t("修订后的活动文件（.json，须通过 dudao campaign validate）", "Revised campaign file (.json; must pass dudao campaign validate)"),
                         name: "campaign", accept: ".json,application/json"))
            \(Field.date(t("生效日期", "In force from"), name: "effectiveOn", value: model.defaultDate.description,
                         min: window.start.description, max: window.end.description))
            \(Field.submit(t("发布修订", "Publish the revision")))
            """)
        return Page(title: t("活动修订", "Campaign revisions"), active: "sync", body: """
            \(refused)
            <p>\(t("现行修订 \(current.number)，自 \(current.effectiveOn) 起生效。", "Revision \(current.number) is in force, from \(current.effectiveOn)."))</p>
            \(history)
            <h2>\(t("发布下一个修订", "Publish the next revision"))</h2>
            <p class="muted">\(t("与命令 dudao campaign publish 相同的检查：活动编号和时区不变，不删除已有记录的单位、人员或条款（请设 retiredOn，合并另设 mergedInto）。截止日期早于生效日期的周期保留原判定。",
                                 "The same checks as dudao campaign publish: the campaign id and time zone stay, no unit, person or clause with records is removed (set retiredOn, and mergedInto for a merger). Periods whose deadline precedes the day it takes effect keep their verdicts."))</p>
            \(form)
            """)
    }
}
