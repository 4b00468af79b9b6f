import ArgumentParser
import DudaoKernel
import DudaoBureau
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

extension ArgumentHelp {
    /// Help for a date option: its value is shown, and refused, as `YYYY-MM-DD`.
    static func date(_ text: String) -> ArgumentHelp {
        ArgumentHelp(text, valueName: "YYYY-MM-DD")
    }
}
