import ArgumentParser
import DudaoKernel
import DudaoStore
import DudaoSync
import DudaoWorkspace
import Foundation

extension BureauCommand {
    /// `dudao bureau kit`: the file a unit takes to set up its store and enrol in one trip.
    struct Kit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "At the bureau: write a unit's enrolment kit (campaign, the bureau's key and address, a one-time code), signed.",
            discussion: "单位用 dudao init --kit 文件 建库；其首个数据包到局即完成登记，登记码随之作废。 The unit runs dudao init --kit FILE; its first bundle enrols it here and spends the code.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The unit the kit is for.") var unit: String
        @Option(help: "The kit file to write.") var to: String
        @Option(help: "The bureau's sync address for the unit (http:// or https://).") var address: String?
        @Option(help: .date("The last day the kit may be used (default: 30 days from today).")) var expires: LocalDate?

        func run() throws {
            let workspace = try global.workspace()
            let (data, kit) = try workspace.issueKit(unit: unit, address: address, expires: expires)
            try AtomicFile.write(data, to: to)
            let output = global.output
            let lastDay = workspace.engine.calendar.localDate(of: Date(timeIntervalSince1970: Double(kit.expiresMs) / 1000).addingTimeInterval(-1))
            output.line(output("已写入 \(unit) 的登记包 \(to)（编号 \(kit.kitID)，有效至 \(lastDay)，仅能使用一次）",
                               "wrote the enrolment kit of \(unit) to \(to) (kit \(kit.kitID), usable through \(lastDay), once)"))
            output.line(output("  教育局公钥指纹：\(Fingerprint.grouped(workspace.identity.keyID))",
                               "  the bureau's key fingerprint: \(Fingerprint.grouped(workspace.identity.keyID))"))
            output.line(output("  登记包内含一次性登记码，请当面或加密交给单位，勿公开传播。",
                               "  The kit holds a one-time code: hand it over in person or encrypted, never publicly."))
        }
    }
}
