// The benchmarks of Dudao: `dudao-bench sync` (bundle export, size and merge; `SyncBenchmark`)
// and `dudao-bench bureau` (the compliance grid and the dashboard; `BureauBenchmark`).
import Foundation

let usage = """
    usage: dudao-bench sync [--units N] [--changes M] [--dir PATH] [--keep] [--breakdown] [--merge-only]
      --units N      units, each with its own store, key and bundle (default 100)
      --changes M    changes per unit (default 1000)
      --dir PATH     where to put the stores and bundles (default: a new temporary directory)
      --keep         keep the directory afterwards
      --breakdown    also time each step of the merge separately (a second pass over the bundles)
      --merge-only   merge again the bundles a --keep run left in --dir, into a fresh copy of its bureau
    usage: dudao-bench bureau [--units N] [--connections C] [--requests R] [--seconds S]
    usage: dudao-bench attack [--units N] [--seconds S] [--guessers G] [--junk J]
      a signed-in clerk's overview while G clients guess passwords and J post junk bundles (default 32 and 4)
    """

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "sync":
        try await SyncBenchmark(options: SyncBenchmark.Options(parsing: Array(arguments.dropFirst()))).run()
    case "attack":
        try await AttackBenchmark(parsing: Array(arguments.dropFirst())).run()
    case "bureau":
        try await BureauBenchmark(options: BureauBenchmark.Options(parsing: Array(arguments.dropFirst()))).run()
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(64)
    }
} catch let error as SyncBenchmark.UsageError {
    FileHandle.standardError.write(Data("dudao-bench: \(error.message)\n\(usage)\n".utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("dudao-bench: \(error)\n".utf8))
    exit(1)
}
