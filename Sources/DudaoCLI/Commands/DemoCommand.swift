import DudaoPlugins
import ArgumentParser
import DudaoWorkspace
import DudaoBureau
import DudaoKernel
import Foundation

/// `dudao demo`: a fresh folder with the bureau and the sample units, a simulated year, summaries.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "生成演示：模拟一年的工作、打印各单位完成情况并启动网页 · Build a demo, simulate a year, print compliance, serve the dashboard.",
        discussion: "Creates DIR/bureau (the bureau's store) and DIR/units/UNIT (each unit's store), then serves the bureau's dashboard unless --no-serve.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Folder to build (a previous demo there is replaced).") var dir = "dudao-demo"
    @Option(help: "The campaign file (default: the shipped 2017 plan).") var campaign: String?
    @Option(help: .date("Evaluate the summary as of this date (default: the campaign's last day).")) var at: LocalDate?
    @Flag(help: "Stop after the summary instead of serving the dashboard.") var noServe = false
    @Option(help: "Port of the dashboard.") var port = 8080
    @Option(help: "Port of one school's workstation (dudao app), served beside the dashboard.") var appPort = 8081

    static let demoAccount = "demo"
    static let demoPassword = "dudao-demo-2017"

    func run() async throws {
        let output = global.output
        let campaignPath = campaign ?? Self.defaultCampaign()
        let data = try readInput(campaignPath)
        let simulator = CampaignSimulator(directory: URL(fileURLWithPath: dir), campaignData: data, registry: try PluginList.registry())
        output.line(output("正在生成演示：\(dir)（活动文件 \(campaignPath)）", "Building the demo in \(dir) (campaign \(campaignPath))"))
        let result = try simulator.build()
        let definition = result.bureau.campaign
        let asOf = at ?? definition.window.end
        output.line(output("已模拟 \(result.units.count) 个单位一年的工作，共 \(result.recordCount) 条记录。",
                           "Simulated a year of work at \(result.units.count) units: \(result.recordCount) records."))
        let sync = result.sync
        output.line(output("同步：\(sync.rounds) 轮月末同步，\(sync.bundles) 个签名压缩数据包（共 \(sync.bytes) 字节），合并 \(sync.applied) 个，拒收 \(sync.refused) 个；台账流转 \(sync.transitions) 次",
                           "Sync: \(sync.rounds) month-end rounds, \(sync.bundles) signed compressed bundles (\(sync.bytes) bytes), \(sync.applied) merged, \(sync.refused) refused; \(sync.transitions) ledger transitions"))
        output.line()
        output.line(output("各单位完成情况（截至 \(asOf)）", "Compliance by unit as of \(asOf)"))
        let rows = try result.units.map { unit, diligence, workspace -> [String] in
            let status = try workspace.status(asOf: asOf)
            let c = status.counts
            return [unit.id, output.text(unit.name), output(Self.chinese(diligence), diligence.rawValue),
                    "\(c["met"] ?? 0)", "\(c["met-late"] ?? 0)", "\(c["due"] ?? 0)", "\(c["overdue"] ?? 0)", "\(c["not-applicable"] ?? 0)"]
        }
        output.table([output("单位", "unit"), output("名称", "name"), output("模拟", "profile"), output("已完成", "met"),
                      output("逾期完成", "late"), output("待完成", "due"), output("已逾期", "overdue"), output("不适用", "n/a")], rows)
        output.line()
        let scores = try result.bureau.evaluation(asOf: asOf)
        output.line(output("教育局考核排名（5.2：争先进位阶段性目标、总体目标完成情况，截至 \(asOf)）",
                           "The bureau's ranking (5.2: stage and overall targets, as of \(asOf))"))
        output.table([output("名次", "rank"), output("单位", "unit"), output("总分", "score")],
                     scores.map { ["\($0.rank)", result.bureau.campaign.unit($0.unit).map { output.text($0.name) } ?? $0.unit,
                                   ReportCommand.UnitReport.number($0.total)] })
        output.line()
        let first = result.units.first { $0.diligence == .lax }?.unit.id ?? result.units[0].unit.id
        output.line(output("试试：", "Try: ") + "swift run dudao status --store \(dir)/units/\(first) --at 2017-05-15" + (global.lang == .en ? " --lang en" : ""))
        output.line("     swift run dudao ledger list --store \(dir)/units/\(first)" + (global.lang == .en ? " --lang en" : ""))
        output.line("     swift run dudao report evaluation --store \(dir)/bureau --at \(asOf)" + (global.lang == .en ? " --lang en" : ""))
        try BureauUsers(store: result.bureau.store).add(name: Self.demoAccount, role: .office, person: nil, password: Self.demoPassword)
        guard !noServe else { return }
        var bureauOptions = global
        bureauOptions.store = URL(fileURLWithPath: dir).appendingPathComponent("bureau").path
        // One school's workstation beside the bureau, so both sides of the sync can be seen.
        let school = result.units.first { $0.unit.kind == .school && $0.diligence == .diligent }?.unit ?? result.units[0].unit
        var schoolOptions = global
        schoolOptions.store = URL(fileURLWithPath: dir).appendingPathComponent("units").appendingPathComponent(school.id).path
        let (port, appPort) = (self.port, self.appPort)
        let (bureauGlobal, schoolGlobal) = (bureauOptions, schoolOptions)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await ServeCommand.serve(global: bureauGlobal, host: "127.0.0.1", port: port,
                                             banner: output("\n演示登录：账号 \(Self.demoAccount)，密码 \(Self.demoPassword)",
                                                            "\nDemo login: account \(Self.demoAccount), password \(Self.demoPassword)"))
            }
            group.addTask {
                try await AppCommand.serve(global: schoolGlobal, host: "127.0.0.1", port: appPort, bureau: "http://127.0.0.1:\(port)")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    static func chinese(_ diligence: Diligence) -> String {
        switch diligence {
        case .diligent: "按时"
        case .late: "拖延"
        case .lax: "缺项"
        }
    }

    /// The shipped campaign, found beside the working directory or the executable's package.
    static func defaultCampaign() -> String {
        let relative = "campaigns/gan-zhuan-zheng-2017.json"
        if FileManager.default.fileExists(atPath: relative) { return relative }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = url.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            url.deleteLastPathComponent()
        }
        return relative
    }
}
