// swift-tools-version:6.0
// Segmentation speed: Winnow's segment stage against plain ICU sentence breaking on the same paragraphs;
// the time of each stage of the default pipeline.
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
        // Where the stream's time goes, stage by stage.
        .executableTarget(name: "StageBench", dependencies: [
            .product(name: "Winnow", package: root),
        ]),
    ]
)
