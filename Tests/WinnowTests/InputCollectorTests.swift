import Foundation
import Testing
@testable import Winnow

@Suite struct InputCollectorTests {
    /// The folder walk finds NAME.txt and NAME.txt.gz in any case and depth, sorted by relative path; lists
    /// a link to a file; never follows a link into a folder; leaves other files alone.
    @Test func walkFindsInputsAndDoesNotFollowFolderLinks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-collect-\(UUID().uuidString)")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("b/c"), withIntermediateDirectories: true)
        for name in ["z.txt", "a.TXT", "b/c/d.txt.gz", "b/notes.md", "b/.hidden.txt", "b/c/e.jsonl", "no-extension"] {
            try Data("x\n".utf8).write(to: root.appendingPathComponent(name))
        }
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("b/link.txt").path, withDestinationPath: root.appendingPathComponent("z.txt").path)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("b/loop").path, withDestinationPath: root.path)
        let (files, problems, _, _) = InputCollector.collect([root.path], extensions: ["txt"])
        #expect(problems.isEmpty)
        #expect(files.map(\.relativePath) == ["a.TXT", "b/.hidden.txt", "b/c/d.txt.gz", "b/link.txt", "z.txt"])
        #expect(files.first?.path == root.path + "/a.TXT")
        let missing = InputCollector.collect([root.appendingPathComponent("nothing").path], extensions: ["txt"])
        #expect(missing.files.isEmpty)
        #expect(missing.problems.map(\.reason) == ["no such file or folder"])
    }
}

extension InputCollectorTests {
    /// "./seeds/", "seeds//" and "seeds" are one folder: its documents get one source, so a second run
    /// spelled another way finds its outputs unchanged.
    @Test func pathsAreTidiedWithoutChangingWhatTheyName() {
        #expect(InputCollector.tidy("./seeds/") == "seeds")
        #expect(InputCollector.tidy("seeds//a.txt") == "seeds/a.txt")
        #expect(InputCollector.tidy("./") == ".")
        #expect(InputCollector.tidy("/tmp/./x/") == "/tmp/x")
        #expect(InputCollector.tidy("a/../b") == "a/../b")
        #expect(InputCollector.tidy("-") == "-")
    }

    @Test func aFolderWithoutInputsIsNamed() throws {
        let root = try temporaryFolder("collect-empty")
        let manager = FileManager.default
        try manager.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: root + "/full", withIntermediateDirectories: true)
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: root + "/full/a.txt"))
        try Data("x\n".utf8).write(to: URL(fileURLWithPath: root + "/empty/notes.md"))
        #expect(InputCollector.collect([root + "/empty", root + "/full", root + "/full/a.txt", "-"], extensions: ["txt"]).empty
                == [root + "/empty"])
    }
}
