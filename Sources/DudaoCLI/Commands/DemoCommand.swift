import ArgumentParser
import Foundation

/// `dudao demo`: a fresh folder with the bureau and the sample units, a simulated year, summaries.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Build a demo campaign folder, simulate a year of work, print each unit's compliance.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Folder to build (replaced if it holds a previous demo).") var dir = "dudao-demo"

    func run() throws {
        global.output.line("demo: not yet")
    }
}
