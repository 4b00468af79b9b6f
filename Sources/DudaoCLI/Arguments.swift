import ArgumentParser
import DudaoKernel
import DudaoBureau
import DudaoSync
import DudaoWorkspace

// Values parsed at the edge: a wrong value is an argument error naming the accepted form,
// and the commands never parse these strings again.

/// A calendar day, `YYYY-MM-DD`.
extension LocalDate: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(argument)
    }
}

extension Language: ExpressibleByArgument {}
extension LedgerSource: ExpressibleByArgument {}
extension LedgerState: ExpressibleByArgument {}
extension BureauRole: ExpressibleByArgument {}

/// How often the bureau's server backs up: a whole number and s, m, h or d (`6h`, `30m`, `1d`).
struct BackupInterval: ExpressibleByArgument, Sendable {
    var duration: Duration
    var text: String

    init?(argument: String) {
        guard let duration = BackupSchedule.interval(argument) else { return nil }
        self.duration = duration
        text = argument
    }

    var defaultValueDescription: String { text }
}

extension ArgumentHelp {
    /// Help for a date option: its value is shown, and refused, as `YYYY-MM-DD`.
    static func date(_ text: String) -> ArgumentHelp {
        ArgumentHelp(text, valueName: "YYYY-MM-DD")
    }
}
