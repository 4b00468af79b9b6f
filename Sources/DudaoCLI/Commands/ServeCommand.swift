import ArgumentParser
import DudaoWorkspace
import DudaoBureau
import DudaoKernel
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

    func run() async throws {
        try await Self.serve(global: global, host: host, port: port, maxBodyMib: maxBodyMib, autoLogin: autoLogin)
    }

    static func serve(global: GlobalOptions, host: String, port: Int, maxBodyMib: Int = 64, autoLogin: String? = nil,
                      banner: String? = nil) async throws {
        let workspace = try Workspace(store: try global.workspace().store, cache: BodyCache())
        let automatic = try autoLogin.map { name in
            guard let user = try BureauUsers(store: workspace.store).account(name) else {
                throw DudaoError("没有账号 \(name)", "no account \(name)")
            }
            return user
        }
        let server = try BureauServer(workspace: workspace, maxBodyBytes: maxBodyMib << 20, autoLogin: automatic)
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

