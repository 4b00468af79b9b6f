import DudaoCLI
import Foundation

exit(DudaoCommand.run(Array(CommandLine.arguments.dropFirst())))
