import Foundation
import Testing

/// One run at a time into an output folder (issue 15: two runs into one --out each counted files the other
/// replaced), and what a killed run leaves behind is cleared by the next.
@Suite(.serialized) struct OutputLockTests {
    /// A `winnow clean - --out OUT` run that holds the folder's lock while it waits for standard input.
    func holder(out: URL) throws -> (process: Process, input: Pipe) {
        let process = Process()
        process.executableURL = packageRoot.appendingPathComponent(".build/debug/winnow")
        process.arguments = ["clean", "-", "--out", out.path]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The lock file holds the pid once the lock is taken.
        let lock = out.appendingPathComponent(".winnow.lock")
        for _ in 0..<500 where (try? String(contentsOf: lock, encoding: .utf8)) != "\(process.processIdentifier)\n" {
            usleep(10_000)
        }
        return (process, input)
    }

    @Test func aSecondRunIntoTheSameOutputFolderRefusesNamingTheHolder() throws {
        let root = try temporaryFolder()
        try Data("Câu một.\n".utf8).write(to: root.appendingPathComponent("a.txt"))
        let out = root.appendingPathComponent("out")
        let (first, input) = try holder(out: out)
        let second = try winnow(["clean", "a.txt", "--out", "out"], in: root)
        #expect(second.status == 5)
        #expect(second.stderr == "winnow: out: another winnow run (pid \(first.processIdentifier)) is writing into this "
            + "output folder; wait for it to end, or choose another --out\n")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("a.txt").path))
        try input.fileHandleForWriting.close()
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        // The first run removed its lock when it ended; now the second may run.
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(".winnow.lock").path))
        #expect(try winnow(["clean", "a.txt", "--out", "out"], in: root).status == 0)
    }

    @Test func theLockOfAKilledRunIsTakenOverAndItsTemporaryFilesRemoved() throws {
        let root = try temporaryFolder()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("in/sub"), withIntermediateDirectories: true)
        try Data("Câu một.\n".utf8).write(to: root.appendingPathComponent("in/a.txt"))
        try Data("Câu hai.\n".utf8).write(to: root.appendingPathComponent("in/sub/b.txt"))
        let out = root.appendingPathComponent("out")
        let (killed, _) = try holder(out: out)
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        // What a run killed between writing and renaming leaves: temporary files beside the outputs (of inputs
        // since removed, which no run writes again).
        try FileManager.default.createDirectory(at: out.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for name in [".gone.txt.winnow-tmp", "sub/.old.txt.winnow-tmp"] {
            try Data("Câu".utf8).write(to: out.appendingPathComponent(name))
        }
        let run = try winnow(["clean", "in", "--out", "out", "--resume"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("winnow: note: out: taking over the lock of an earlier run (pid \(killed.processIdentifier)) "
            + "that ended without releasing it; to finish its work, run with --resume\n"
            + "winnow: note: out: removed 2 temporary files (*.winnow-tmp) an earlier run left\n"), "\(run.stderr)")
        let left = try FileManager.default.subpathsOfDirectory(atPath: out.path).sorted()
        #expect(left == ["a.txt", "sub", "sub/b.txt", "winnow-journal.jsonl", "winnow-report.html", "winnow-report.json"])
    }
}
