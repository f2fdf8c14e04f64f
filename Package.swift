// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Winnow",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "winnow", targets: ["winnow"]),
        .library(name: "Winnow", targets: ["Winnow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // ICU's C API, reached through version-free static inline shims.
        .systemLibrary(
            name: "CICU",
            pkgConfig: "icu-i18n",
            providers: [.apt(["libicu-dev"])]
        ),
        // zlib, for gzip-compressed JSONL shards (the format dolma and datatrove use).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // gzip streams over zlib. Like WinnowICU it never imports Foundation: a module that imports Foundation
        // and a system C module loads the system ICU headers next to Foundation's copy, and they clash.
        .target(name: "WinnowZlib", dependencies: ["CZlib"]),
        // Linux calls Swift's Glibc module leaves out (syncfs, for group commit of a batch's outputs) and the
        // cache prefetch hint, and a Swift face for them that, like WinnowZlib, never imports Foundation.
        .target(name: "CPosix"),
        .target(name: "WinnowSystem", dependencies: ["CPosix"]),
        // Small Swift wrappers over ICU. Never imports Foundation (its private ICU copy clashes with CICU).
        .target(name: "WinnowICU", dependencies: ["CICU"]),
        // The library: documents, stages, the pipeline, the rules file, readers, writers, reports.
        .target(
            name: "Winnow",
            dependencies: ["WinnowICU", "WinnowZlib", "WinnowSystem", "CPosix", .product(name: "Yams", package: "Yams")]
        ),
        // The command-line tool: parses arguments, calls the library, prints.
        .executableTarget(
            name: "winnow",
            dependencies: ["Winnow", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "WinnowICUTests", dependencies: ["WinnowICU"]),
        .testTarget(name: "WinnowTests", dependencies: ["Winnow"]),
        .testTarget(name: "WinnowCLITests", dependencies: ["winnow", "WinnowZlib"]),
    ]
)
