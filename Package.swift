// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// The commit `tools/package-deb.sh` builds, passed as `DUDAO_BUILD_COMMIT`; only hex digits and
/// "-dirty" pass, so nothing else reaches the compiler's command line. A plain build has none.
let buildCommit = ProcessInfo.processInfo.environment["DUDAO_BUILD_COMMIT"].flatMap { commit -> String? in
    let hex = commit.hasSuffix("-dirty") ? String(commit.dropLast(6)) : commit
    guard (7...40).contains(hex.count), hex.allSatisfy({ "0123456789abcdef".contains($0) }) else { return nil }
    return commit
}

/// The phase plugins of this build, in registration order: one line each, the only place a plugin
/// is registered. Each name is a library target at `Plugins/<Name>` whose `<Name>Plugin()` is the
/// plugin; `Sources/DudaoPlugins/PluginList.swift` is generated from this list by
/// `dudao plugin new` (or `dudao plugin list --write`), and a test fails when the two differ.
let phasePlugins = [
    "Publicity",
    "SelfInspection",
    "Benchmarking",
    "Rectification",
    "Evaluation",
    "HomeVisits",
]

/// Dudao: campaign supervision for a city education bureau and its units.
/// Arrows point down only: plugins import the kernel; the store imports the kernel;
/// the workspace imports the store and sync; the command-line library imports everything.
/// Every target declares each module it imports: `tools/check-imports.py` (run by `PackageImportsTests`) fails otherwise.
let package = Package(
    name: "Dudao",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dudao", targets: ["dudao"]),
        .library(name: "DudaoKernel", targets: ["DudaoKernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        // Already under Hummingbird; named for `NIOThreadPool`, where bcrypt and imports run off the request's executor.
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        // Already under Hummingbird (which asks for 1.8.0 or later); named because the bureau uses `HTTPField.Name`,
        // which Hummingbird does not re-export.
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
    ],
    targets: [
        // The fast decoder for record bodies; depends on nothing but Foundation.
        .target(name: "FastJSON"),
        .target(name: "DudaoKernel", dependencies: ["FastJSON"]),
        .target(
            name: "DudaoStore",
            dependencies: [
                "DudaoKernel",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the hot paths' prepared statements (`sqlite3_bind_*`, `sqlite3_step`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's `mallopt`, which Swift's Glibc module leaves out (`<malloc.h>`).
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(
            name: "DudaoSync",
            dependencies: [
                "DudaoKernel", "DudaoStore", "CZlib", "CMalloc",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The commit the binary was built from (`dudao --version`); set by the packaging script.
        .target(name: "CDudaoBuild", cSettings: buildCommit.map { [.define("DUDAO_BUILD_COMMIT", to: $0)] } ?? []),
        .target(
            name: "DudaoWorkspace",
            dependencies: ["DudaoKernel", "DudaoStore", "DudaoSync", "CDudaoBuild", .product(name: "Logging", package: "swift-log")]
        ),

        // The list of this build's plugins, importable without the command line. The phase
        // plugins' own targets (ordinary libraries that import only the kernel) are appended below.
        .target(name: "DudaoPlugins", dependencies: ["DudaoKernel"] + phasePlugins.map { .target(name: $0) }),

        // The HTML layer of every page (the bureau's, a unit's workstation's): typed HTML that
        // escapes by default, the page frame, tables, forms, error pages, the stylesheet. Knows no store.
        .target(
            name: "DudaoWeb",
            dependencies: [
                "DudaoKernel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/dudao.css")]
        ),
        .target(
            name: "DudaoBureau",
            dependencies: [
                "DudaoKernel", "DudaoStore", "DudaoSync", "DudaoWorkspace", "DudaoWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The developer's tools: `dudao plugin new` and the files derived from the plugin list
        // (PluginList.swift, the campaign schema's plugin names and clause ids). Knows no store.
        .target(name: "DudaoScaffold", dependencies: ["DudaoKernel"]),
        // A unit's workstation (单位端, `dudao app`): the secretary's pages on 127.0.0.1 over the unit's store.
        .target(
            name: "DudaoWorkstation",
            dependencies: [
                "DudaoKernel", "DudaoStore", "DudaoSync", "DudaoWorkspace", "DudaoWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "DudaoCLI",
            dependencies: [
                "DudaoKernel", "DudaoStore", "DudaoSync", "DudaoWorkspace", "DudaoBureau", "DudaoWorkstation", "DudaoPlugins", "DudaoScaffold",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "dudao", dependencies: ["DudaoCLI"]),
        .executableTarget(
            name: "dudao-bench",
            dependencies: [
                "DudaoKernel", "DudaoStore", "DudaoSync", "DudaoWorkspace", "DudaoBureau", "DudaoPlugins",
            ]
        ),

        .target(
            name: "DudaoTestSupport",
            dependencies: ["DudaoKernel", "DudaoStore", "DudaoSync"],
            path: "Tests/DudaoTestSupport"
        ),
        .testTarget(name: "DudaoKernelTests", dependencies: ["DudaoKernel", "DudaoTestSupport"]),
        // The record-body decoder against Foundation's JSONDecoder: same values, same errors and paths.
        .testTarget(name: "FastJSONTests", dependencies: ["FastJSON", "DudaoKernel"]),
        .testTarget(
            name: "DudaoSyncTests",
            dependencies: [
                "DudaoKernel", "DudaoStore", "DudaoSync", "DudaoWorkspace", "DudaoTestSupport", "DudaoPlugins",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "DudaoStoreTests",
            dependencies: ["DudaoKernel", "DudaoStore", "DudaoTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "PluginTests",
            dependencies: ["DudaoTestSupport", "DudaoKernel"] + phasePlugins.map { .target(name: $0) }
        ),
        .testTarget(
            name: "DudaoWebTests",
            dependencies: ["DudaoWeb", "DudaoKernel", "DudaoPlugins", "DudaoTestSupport", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        .testTarget(
            name: "BureauTests",
            dependencies: ["DudaoKernel", "DudaoStore", "DudaoSync", "DudaoWorkspace", "DudaoBureau", "DudaoPlugins", "DudaoTestSupport"]
        ),
        .testTarget(
            name: "WorkstationTests",
            dependencies: [
                "DudaoKernel", "DudaoStore", "DudaoWorkspace", "DudaoWorkstation", "DudaoWeb", "DudaoBureau", "DudaoCLI",
                "DudaoPlugins", "DudaoSync", "DudaoTestSupport",
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "DudaoKernel", "DudaoTestSupport", "DudaoCLI", "DudaoPlugins", "DudaoWorkspace", "DudaoStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

package.targets += phasePlugins.map { .target(name: $0, dependencies: ["DudaoKernel"], path: "Plugins/\($0)") }
