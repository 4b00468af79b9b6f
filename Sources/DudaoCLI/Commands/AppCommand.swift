import ArgumentParser
import DudaoPlugins
import DudaoKernel
import DudaoStore
import DudaoWorkspace
import DudaoWorkstation
import Foundation

/// `dudao app`: the unit's workstation (单位端) in the browser of the unit's own PC.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "启动单位端：在本机浏览器中填报、查看待办、同步（Ctrl-C 停止） · Serve the unit's workstation to this PC's browser (Ctrl-C stops).",
        discussion: """
            Serves on 127.0.0.1 only and prints a link with a one-time secret: opening it signs the browser in (the secret is then spent). \
            Started again while it runs (the launcher clicked twice), it prints (and with --open opens) a fresh link from the running one, \
            asked with the launcher secret it keeps in the store's folder (launcher.secret, readable by this OS user only). \
            With no store yet, the link opens the first-run page, which takes the bureau's enrolment kit (.dudaokit) and goes on to the workstation. \
            Example: dudao app --store dudao-data --open
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Port to listen on.") var port = 8081
    @Option(help: "Address to listen on; only this PC (127.0.0.1) is allowed, since a unit's store has no web accounts.") var host = "127.0.0.1"
    @Flag(help: "Open the link in the system's browser (xdg-open).") var open = false
    @Option(help: "The bureau's address for “与教育局同步”, e.g. http://192.168.1.10:8080 (remembered in the store's folder).")
    var bureau: String?

    func run() async throws {
        try await Self.serve(global: global, host: host, port: port, open: open, bureau: bureau)
    }

    static func serve(global: GlobalOptions, host: String, port: Int, open: Bool = false, bureau: String? = nil) async throws {
        try WorkstationServer.checkBinding(host: host)
        let output = global.output
        let language = global.lang == .en ? "&lang=en" : ""
        let storeURL = global.storeURL
        // The launcher clicked again while the workstation runs: the port is taken, and a failure
        // would go where no one reads it. The running one gives a fresh one-time link to whoever
        // reads its launcher secret (this OS user only), so a browser with no session gets in.
        if let running = LauncherFile.read(in: storeURL),
           let secret = RunningWorkstation.signInSecret(host: host, port: running.port, launcherSecret: running.secret) {
            let link = "http://\(host):\(running.port)/?token=\(secret)" + language
            FileHandle.standardOutput.write(Data((output("单位端已经在运行。请在本机浏览器中打开这个新的登录链接（只能用一次）：\n  \(link)",
                                                         "The workstation is already running. Open this new sign-in link in a browser on this PC (it works once):\n  \(link)") + "\n").utf8))
            if open { openBrowser(link, output: output) }
            return
        }
        // Something else of ours holds the port (another store's, or an older build's): name it.
        if RunningWorkstation.answers(host: host, port: port) {
            let address = "http://\(host):\(port)/"
            output.line(output("单位端已经在运行：\(address)（已登录的浏览器可直接打开；它不是用这个数据库（\(storeURL.path)）启动的，若需要登录链接，请在启动它的终端中按 Ctrl-C 停止后再打开单位端）",
                               "The workstation is already running: \(address) (a browser signed in to it opens it; it was not started on this store (\(storeURL.path)): if it asks for a link, stop it with Ctrl-C in its terminal, then open the workstation again)"))
            if open { openBrowser(address, output: output) }
            return
        }
        let (access, secret) = WorkstationAccess.make()
        let launcherSecret = await access.newLauncherSecret()
        let announce: @Sendable (Int, String) -> Void = { bound, text in
            do {
                try LauncherFile.publish(in: storeURL, port: bound, secret: launcherSecret)
            } catch {
                FileHandle.standardError.write(Data((output("警告：无法写入启动密钥（\(error)），再次点击图标将不能打开已运行的单位端。",
                                                            "warning: the launcher secret could not be written (\(error)); clicking the icon again will not open the running workstation.") + "\n").utf8))
            }
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
        // The launcher secret goes at a clean stop (Ctrl-C, or the session's end); a killed run's is
        // replaced at the next start.
        defer { LauncherFile.remove(in: storeURL, secret: launcherSecret) }
        // First run on a new PC: no store yet. The same link opens the first-run page, which takes
        // the bureau's kit and goes on to the workstation (the package's menu entry starts here).
        if !FileManager.default.fileExists(atPath: storeURL.appendingPathComponent(Store.databaseFile).path) {
            let madeFolder = !FileManager.default.fileExists(atPath: storeURL.path)
            defer {
                // The folder made for the launcher secret goes again if no store was made in it.
                LauncherFile.remove(in: storeURL, secret: launcherSecret)
                if madeFolder, (try? FileManager.default.contentsOfDirectory(atPath: storeURL.path))?.isEmpty == true {
                    try? FileManager.default.removeItem(at: storeURL)
                }
            }
            let firstRun = try FirstRunServer(directory: storeURL, access: access, registry: try PluginList.registry(),
                                              environment: global.environment, bureau: bureau)
            try await firstRun.run(host: host, port: port) { bound in
                let link = "http://\(host):\(bound)/?token=\(secret)" + language
                announce(bound, output("单位端首次使用：本机还没有数据库（\(storeURL.path)）。请在本机浏览器中打开此链接，导入教育局给的登记包（此链接只能用一次）：\n  \(link)\n（或在终端运行 dudao init --kit 登记包.dudaokit；Ctrl-C 停止）",
                                       "First run of the workstation: there is no store on this PC yet (\(storeURL.path)). Open this link in a browser on this PC and take the bureau's enrolment kit (the link works once):\n  \(link)\n(or run dudao init --kit FILE.dudaokit; Ctrl-C stops)"))
                if open { openBrowser(link, output: output) }
            }
            return
        }
        let workspace = try Workspace(store: try global.workspace().store, cache: BodyCache())
        let server = try WorkstationServer(workspace: workspace, access: access, bureau: bureau)
        let name = workspace.unit.map { output.text($0.name) } ?? ""
        try await server.run(host: host, port: port) { bound in
            let link = "http://\(host):\(bound)/?token=\(secret)" + language
            announce(bound, output("\(name) 单位端已启动。请在本机浏览器中打开（此链接只能用一次）：\n  \(link)\n（Ctrl-C 停止）",
                                   "The workstation of \(name) is running. Open this link in a browser on this PC (it works once):\n  \(link)\n(Ctrl-C stops)"))
            if open { openBrowser(link, output: output) }
        }
    }

    /// Starts the system's browser on `link` through xdg-open, when there is one.
    static func openBrowser(_ link: String, output: Output) {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let opener = paths.map({ "\($0)/xdg-open" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            output.line(output("没有找到 xdg-open，请手动在浏览器中打开上面的链接。", "xdg-open was not found; open the link above in a browser yourself."))
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [link]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            output.line(output("无法启动浏览器（\(error)），请手动打开上面的链接。", "could not start the browser (\(error)); open the link above yourself."))
        }
    }
}
