import ArgumentParser
import DudaoWorkspace
import DudaoBureau
import DudaoKernel
import DudaoSync
import Foundation

/// `dudao serve`: the bureau's central instance in a browser, and sync over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "启动教育局网页与同步接口（Ctrl-C 停止） · Serve the bureau's dashboard and the sync API (Ctrl-C stops).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Largest request body accepted, in MiB (bundles included).") var maxBodyMib = 64
    @Option(help: "Screenshots and kiosks, loopback only: requests without a session act as this account.") var autoLogin: String?
    @Flag(help: "Mark cookies Secure (the dashboard is reached over HTTPS).") var secureCookies = false
    @Flag(help: "Behind a reverse proxy: trust its X-Forwarded-For (client address) and X-Forwarded-Proto (https makes cookies Secure).")
    var behindProxy = false
    @Option(help: "Take backups while serving, into this directory (one at start, then every --backup-every).")
    var backupDir: String?
    @Option(help: ArgumentHelp("How often to back up with --backup-dir: a whole number and s, m, h or d (6h, 30m, 1d).", valueName: "INTERVAL"))
    var backupEvery = BackupInterval(argument: "6h")!
    @Option(help: "How many of the newest backups --backup-dir keeps.") var backupKeep = 14

    func validate() throws {
        if backupDir != nil {
            guard backupKeep >= 1 else { throw ValidationError("--backup-keep must be at least 1") }
        }
    }

    func run() async throws {
        let interval = backupEvery.duration
        guard let backupDir else {
            return try await Self.serve(global: global, host: host, port: port, maxBodyMib: maxBodyMib, autoLogin: autoLogin,
                                        trust: ProxyTrust(behindProxy: behindProxy, secureCookies: secureCookies))
        }
        let output = global.output
        let schedule = BackupSchedule(store: try global.workspace().store, directory: URL(fileURLWithPath: backupDir),
                                      interval: interval, keep: backupKeep) { result in
            switch result {
            case .success(let written):
                output.line(output("已备份 \(written.path)（\(written.manifest.changes) 条变更）", "backup written: \(written.path) (\(written.manifest.changes) changes)"))
            case .failure(let error):
                output.error(output("备份失败：", "backup failed: ") + ((error as? any DudaoFailure).map { output.text($0.message) } ?? "\(error)"))
            }
        }
        let (global, host, port, maxBodyMib, autoLogin) = (global, host, port, maxBodyMib, autoLogin)
        let trust = ProxyTrust(behindProxy: behindProxy, secureCookies: secureCookies)
        // The server stops on Ctrl-C; the schedule stops with it.
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Self.serve(global: global, host: host, port: port, maxBodyMib: maxBodyMib, autoLogin: autoLogin, trust: trust) }
            group.addTask { try await schedule.run() }
            try await group.next()
            group.cancelAll()
        }
    }

    static func serve(global: GlobalOptions, host: String, port: Int, maxBodyMib: Int = 64, autoLogin: String? = nil,
                      trust: ProxyTrust = ProxyTrust(), banner: String? = nil) async throws {
        let workspace = try Workspace(store: try global.workspace().store, cache: BodyCache())
        let automatic = try autoLogin.map { name in
            guard let user = try BureauUsers(store: workspace.store).account(name) else {
                throw DudaoError("没有账号 \(name)", "no account \(name)")
            }
            return user
        }
        let server = try BureauServer(workspace: workspace, maxBodyBytes: maxBodyMib << 20, autoLogin: automatic, trust: trust)
        let output = global.output
        try await server.run(host: host, port: port) { bound in
            if let banner { FileHandle.standardOutput.write(Data((banner + "\n").utf8)) }
            // Written unbuffered, so a script reading our output sees it at once.
            FileHandle.standardOutput.write(Data((output("督导中心端已启动：http://\(host):\(bound)/  （Ctrl-C 停止）",
                                                         "Dudao bureau serving at http://\(host):\(bound)/  (Ctrl-C stops)") + "\n").utf8))
        }
    }
}

/// `dudao bureau user add`: a web account; the password is read from standard input.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Web accounts of the bureau.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account; reads the password from standard input.",
            discussion: "Example: echo 'a long password' | dudao bureau user add wang --role leader --person leader-1")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The account name.") var name: String
        @Option(help: "office, leader or viewer.") var role: BureauRole
        @Option(help: "For a leader: the roster person id.") var person: String?

        func run() throws {
            let workspace = try global.workspace()
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            let password = input.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            try BureauUsers(store: workspace.store).add(name: name, role: role, person: person, password: password)
            global.output.line(global.output("已创建账号 \(name)（\(global.output.text(role.title))）", "account \(name) created (\(role.rawValue))"))
        }
    }
}

