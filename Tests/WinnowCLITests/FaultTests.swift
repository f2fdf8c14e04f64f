import Foundation
import Testing

/// Faults of issue 15 ("Nothing lost, nothing hangs"): each test is a fault that once lost or hung something.
@Suite(.serialized) struct FaultTests {
    func folder(with files: [String: String]) throws -> URL {
        let folder = try temporaryFolder()
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    @Test func inputFolderGivenThroughASymlinkIsRead() throws {
        let root = try folder(with: ["real/a.txt": "Câu một.\n"])
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: "real")
        for given in ["link", "link/"] {
            let out = root.appendingPathComponent("out-\(given.count)")
            let run = try winnow(["clean", given, "--out", out.path], in: root)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stderr.contains("1 in, 1 written"), "\(given): \(run.stderr)")
            #expect(try String(contentsOf: out.appendingPathComponent("a.txt"), encoding: .utf8) == "Câu một.\n")
        }
    }
}
