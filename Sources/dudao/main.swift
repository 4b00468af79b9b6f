import DudaoCLI
import Foundation

exit(await DudaoCommand.run(Array(CommandLine.arguments.dropFirst())))
