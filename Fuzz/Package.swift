// swift-tools-version:6.0
// libFuzzer targets for Winnow. Build and run with scripts/fuzz (needs `swift build --sanitize=fuzzer`):
// FuzzPipeline (decode and the whole default pipeline), FuzzJSONL (the JSONL record scanner), FuzzGzip (the
// gzip inflater), FuzzRules (the rules loader).
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, which is whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "WinnowFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "FuzzPipeline", dependencies: [.product(name: "Winnow", package: root)]),
        .executableTarget(name: "FuzzJSONL", dependencies: [.product(name: "Winnow", package: root)]),
        .executableTarget(name: "FuzzGzip", dependencies: [.product(name: "Winnow", package: root)]),
        .executableTarget(name: "FuzzRules", dependencies: [.product(name: "Winnow", package: root)]),
    ]
)
