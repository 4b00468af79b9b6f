import DudaoKernel
import DudaoWeb
import Foundation
import Hummingbird

/// The office's accounts page: add an account, disable or enable it, reset its password, change
/// its role (a leader names the roster's leader it stands for). Office only; each change is
/// recorded with the acting account, and ends the changed account's sessions (the store's rule).
extension BureauServer {
    func addUserRoutes(to router: Router<BureauRequestContext>) {
        router.get("/users") { request, _ in
            try await self.page(request) { c in
                try self.requireOfficePage(c)
                return try self.usersPage(c, failed: nil)
            }
        }
        router.post("/users") { request, _ -> Response in
            let (c, user, fields) = try await self.authorisedForm(request)
            let t = c.t
            try self.requireOffice(user, t)
            var errors = FormErrors()
            let name = (fields["name"] ?? "").trimmingCharacters(in: .whitespaces)
            if name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) {
                errors.add("name", t("账号名只能用字母、数字和 -_.", "an account name is letters, digits and -_. only"))
            } else if try self.users.all().contains(where: { $0.user.name == name }) {
                errors.add("name", t("已有同名账号", "an account with this name exists"))
            }
            let role = self.checkedRole(fields, t, errors: &errors)
            let password = fields["password"] ?? ""
            if password.count < 8 { errors.add("password", t("密码至少 8 个字符", "the password needs at least 8 characters")) }
            guard errors.isEmpty, let role else {
                return self.pageResponse(c, try self.usersPage(c, failed: FailedForm(form: "add", values: fields, errors: errors)), status: .unprocessableContent)
            }
            try self.users.add(name: name, role: role.role, person: role.person, password: password, actor: user.name)
            return self.usersDone(t("已添加账号 \(name)", "Account \(name) added"))
        }
        router.post("/users/{name}/{change}") { request, context -> Response in
            let name = context.pathParameter("name")
            let change = context.pathParameter("change")
            let (c, user, fields) = try await self.authorisedForm(request)
            let t = c.t
            try self.requireOffice(user, t)
            guard try self.users.all().contains(where: { $0.user.name == name }) else {
                throw HTTPError(.notFound, message: t("没有这个账号", "no such account"))
            }
            var errors = FormErrors()
            switch change {
            case "disable", "enable":
                if name == user.name && change == "disable" {
                    throw HTTPError(.conflict, message: t("不能停用自己正在使用的账号", "you cannot disable the account you are signed in with"))
                }
                try self.users.setDisabled(name, change == "disable", actor: user.name)
                return self.usersDone(change == "disable" ? t("已停用 \(name)，其登录已失效", "\(name) disabled; its sessions ended")
                                                          : t("已启用 \(name)", "\(name) enabled"))
            case "password":
                let password = fields["password"] ?? ""
                if password.count < 8 { errors.add("password", t("密码至少 8 个字符", "the password needs at least 8 characters")) }
                if errors.isEmpty {
                    try self.users.resetPassword(name, to: password, actor: user.name)
                    return self.usersDone(t("已重置 \(name) 的密码", "The password of \(name) was reset"))
                }
            case "role":
                if let role = self.checkedRole(fields, t, errors: &errors) {
                    if name == user.name && role.role != .office {
                        errors.add("role", t("不能取消自己的局活动办角色", "you cannot take the office role from your own account"))
                    } else {
                        try self.users.changeRole(name, to: role.role, person: role.person, actor: user.name)
                        return self.usersDone(t("已将 \(name) 改为\(t.text(role.role.title))", "\(name) is now \(t.text(role.role.title))"))
                    }
                }
            default:
                throw HTTPError(.notFound)
            }
            let failed = FailedForm(form: "\(name):\(change)", values: fields, errors: errors)
            return self.pageResponse(c, try self.usersPage(c, failed: failed), status: .unprocessableContent)
        }
    }

    private func usersDone(_ message: String) -> Response {
        Responses.redirect("/users", headers: [.setCookie: Flash(.ok, message).setCookie])
    }

    func requireOfficePage(_ c: PageContext) throws {
        guard c.user?.role == .office else {
            throw HTTPError(.forbidden, message: c.t("只有局活动办的账号可以管理账号", "only a campaign office account manages accounts"))
        }
    }

    /// The role a form asks for; a leader must name a bureau leader of the roster.
    private func checkedRole(_ fields: [String: String], _ t: Tr, errors: inout FormErrors) -> (role: BureauRole, person: String?)? {
        guard let role = fields["role"].flatMap(BureauRole.init(rawValue:)) else {
            errors.add("role", t("请选择角色", "choose a role"))
            return nil
        }
        guard role == .leader else { return (role, nil) }
        guard let person = fields["person"], model.campaign.person(person)?.roles.contains(.bureauLeader) == true else {
            errors.add("person", t("局领导账号须选择名单中的局领导", "a leader account names a bureau leader of the roster"))
            return nil
        }
        return (role, person)
    }

    /// `failed` names its form `add`, `NAME:password` or `NAME:role`.
    func usersPage(_ c: PageContext, failed: FailedForm<String>?) throws -> Page {
        let t = c.t
        let csrf = c.csrf ?? ""
        let accounts = try users.all()
        let roles = BureauRole.allCases.map { (value: $0.rawValue, label: t.text($0.title)) }
        let leaders = [(value: "", label: t("（不是局领导）", "(not a leader)"))] + model.campaign.leaders.map { (value: $0.id, label: $0.name) }
        @Sendable func values(_ form: String) -> ([String: String], FormErrors) {
            failed?.form == form ? (failed!.values, failed!.errors) : ([:], FormErrors())
        }
        let table = Table<(user: BureauUser, disabled: Bool)>([
            .init(t("账号", "Account")) { "<b>\($0.user.name)</b>" },
            .init(t("角色", "Role")) { "\(t.text($0.user.role.title))\($0.user.person.flatMap { self.personName($0) }.map { "（\($0)）" } ?? "")" },
            .init(t("状态", "State")) { $0.disabled ? Badge(.overdue, t, text: t("已停用", "disabled")).html : "\(t("启用", "enabled"))" },
            .init(t("停用 / 启用", "Disable / enable")) { row in
                let change = row.disabled ? "enable" : "disable"
                return Form.post(Link("/users", row.user.name, change), csrf: csrf, classes: "inline",
                                 Field.submit(row.disabled ? t("启用", "Enable") : t("停用", "Disable"))).html
            },
            .init(t("重置密码", "Reset the password")) { row in
                let (posted, errors) = values("\(row.user.name):password")
                _ = posted
                return Form.post(Link("/users", row.user.name, "password"), csrf: csrf, classes: "inline", """
                    \(Field.checked(Field.password(t("新密码", "New password"), name: "password"), errors["password"]))\(Field.submit(t("重置", "Reset")))
                    """).html
            },
            .init(t("更改角色", "Change the role")) { row in
                let (posted, errors) = values("\(row.user.name):role")
                return Form.post(Link("/users", row.user.name, "role"), csrf: csrf, classes: "inline", """
                    \(Field.checked(Field.select(t("角色", "Role"), name: "role", options: roles, selected: posted["role"] ?? row.user.role.rawValue), errors["role"]))
                    \(Field.checked(Field.select(t("局领导", "Leader"), name: "person", options: leaders, selected: posted["person"] ?? row.user.person ?? ""), errors["person"]))
                    \(Field.submit(t("更改", "Change")))
                    """).html
            },
        ], rows: accounts, scrolls: true)
        let (posted, errors) = values("add")
        let add = Form.post(Link("/users"), csrf: csrf, """
            \(Field.checked(Field.text(t("账号名", "Account name"), name: "name", value: posted["name"] ?? "", required: true), errors["name"]))
            \(Field.checked(Field.select(t("角色", "Role"), name: "role", options: roles, selected: posted["role"] ?? BureauRole.viewer.rawValue), errors["role"]))
            \(Field.checked(Field.select(t("局领导（角色为局领导时）", "Leader (for a leader account)"), name: "person", options: leaders, selected: posted["person"]), errors["person"]))
            \(Field.checked(Field.password(t("初始密码（至少 8 个字符）", "First password (8 characters or more)"), name: "password"), errors["password"]))
            \(Field.submit(t("添加账号", "Add the account")))
            """)
        return Page(title: t("网页账号", "Web accounts"), active: "users", body: """
            <p class="muted">\(t("停用、重置密码或更改角色后，该账号已登录的会话立即失效。", "Disabling an account, resetting its password or changing its role ends its sessions at once."))</p>
            \(table.html)
            <h2>\(t("添加账号", "Add an account"))</h2>
            \(add.html)
            """)
    }
}
