// swift-tools-version:6.0
// Segmentation speed: Winnow's segment stage against plain ICU sentence breaking on the same paragraphs.
// Run by scripts/bench.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its folder, which is whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "SegmentBench",
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(name: "SegmentBench", dependencies: [
            .product(name: "Winnow", package: root),
        ]),
    ]
)
