import Foundation
import Testing

/// Folder batches through the binary: killed and resumed, damaged outputs, the jobs cap.
@Suite(.serialized) struct BatchDurabilityTests {
    /// A folder of `count` small documents in two subfolders: articles, empty files and spam (dropped), and
    /// binary files (rejected), so that every count of the report and the rejects file are exercised.
    func makeBatch(_ count: Int, in folder: URL) throws -> URL {
        let input = folder.appendingPathComponent("in")
        for index in 0..<count {
            let sub = input.appendingPathComponent(index % 2 == 0 ? "even" : "odd")
            if index < 2 { try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true) }
            let bytes: [UInt8]
            switch index % 101 {
            case 0: bytes = []
            case 1: bytes = [0x00, 0x01, 0x02]
            case 2: bytes = Array("okvip\nhi88\n".utf8)
            default: bytes = Array("Print\nTiêu đề bài số \(index)\nCâu một của bài \(index). Câu hai!\nChia sẻ\n".utf8)
            }
            try Data(bytes).write(to: sub.appendingPathComponent(String(format: "%05d.txt", index)))
        }
        return input
    }

    /// Every file under `folder` (relative path) with its bytes.
    func contents(of folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)!
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    /// kill -9 in the middle of a folder batch, then --resume: the output folder (outputs, report, rejects,
    /// journal) is byte for byte what one uninterrupted run writes.
    @Test func killedBatchResumesToTheUninterruptedOutput() throws {
        let folder = try temporaryFolder()
        let input = try makeBatch(2000, in: folder)
        let whole = folder.appendingPathComponent("whole")
        let resumed = folder.appendingPathComponent("resumed")
        let arguments = ["-j", "2", "--commit-every", "20"]
        let uninterrupted = try winnow(["clean", input.path, "--out", whole.path] + arguments)
        #expect(uninterrupted.status == 1, "\(uninterrupted.stderr)")   // the binary files are rejected

        let process = Process()
        process.executableURL = packageRoot.appendingPathComponent(".build/debug/winnow")
        process.arguments = ["clean", input.path, "--out", resumed.path] + arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Killed once some groups are committed (the partial journal has entries) and before the end.
        let partial = resumed.appendingPathComponent("winnow-journal.jsonl.partial")
        while process.isRunning {
            let lines = (try? Data(contentsOf: partial))?.filter { $0 == 0x0A }.count ?? 0
            if lines > 100 { break }
            usleep(1000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(!FileManager.default.fileExists(atPath: resumed.appendingPathComponent("winnow-report.json").path))

        let resume = try winnow(["clean", input.path, "--out", resumed.path, "--resume"] + arguments)
        #expect(resume.status == 1, "\(resume.stderr)")
        #expect(resume.stderr.contains("inputs resumed"))
        let expected = try contents(of: whole)
        let got = try contents(of: resumed)
        #expect(got.keys.sorted() == expected.keys.sorted())
        for (name, bytes) in expected where got[name] != bytes {
            Issue.record("\(name) differs after kill and --resume")
        }
        let report = try JSONSerialization.jsonObject(with: expected["winnow-report.json"]!) as! [String: Any]
        let counts = report["documents"] as! [String: Int]
        #expect(counts["in"] == 2000)
        #expect(counts["in"] == counts["written"]! + counts["dropped"]! + counts["rejected"]!)
    }

    /// What a crash can leave under an output's name (nothing, or a short file) is never taken as done:
    /// --resume cleans those inputs again and completes their outputs; the others are skipped.
    @Test func emptyOrShortOutputsAreCleanedAgainOnResume() throws {
        let folder = try temporaryFolder()
        let input = try makeBatch(8, in: folder)
        let out = folder.appendingPathComponent("out")
        #expect(try winnow(["clean", input.path, "--out", out.path]).status == 1)
        let before = try contents(of: out)
        let short = out.appendingPathComponent("odd/00003.txt")
        let empty = out.appendingPathComponent("even/00004.txt")
        let whole = try Data(contentsOf: short)
        try whole.prefix(whole.count / 2).write(to: short)
        try Data().write(to: empty)
        let run = try winnow(["clean", input.path, "--out", out.path, "--resume"])
        #expect(run.status == 1)
        // 8 inputs: 1 rejected (cleaned again, rejected again), 2 damaged, 5 resumed.
        #expect(run.stderr.contains("8 in, 5 written (0 unchanged), 2 dropped, 1 rejected, 5 inputs resumed"), "\(run.stderr)")
        #expect(try contents(of: out) == before)
    }

    /// An output that differs in another way (edited by someone) is not replaced by --resume.
    @Test func resumeDoesNotReplaceAnEditedOutput() throws {
        let folder = try temporaryFolder()
        let input = try makeBatch(4, in: folder)
        let out = folder.appendingPathComponent("out")
        _ = try winnow(["clean", input.path, "--out", out.path])
        let edited = out.appendingPathComponent("odd/00003.txt")
        try Data("Câu của người dùng.\n".utf8).write(to: edited)
        let run = try winnow(["clean", input.path, "--out", out.path, "--resume"])
        #expect(run.stderr.contains("exists and differs; pass --force to replace it"))
        #expect(try String(contentsOf: edited, encoding: .utf8) == "Câu của người dùng.\n")
    }

    @Test func jobsBeyondTheCoresAreClampedWithANote() throws {
        let run = try winnow(["clean", "--jobs", "100000000"], stdin: Data("Câu một.\n".utf8))
        #expect(run.status == 0)
        #expect(run.stdout == "Câu một.\n")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(run.stderr == "winnow: note: --jobs 100000000 is more than the \(cores) cores of this machine; using \(cores)\n")
    }
}

extension BatchDurabilityTests {
    /// A JSONL folder batch resumes per file: a file whose output is gone is cleaned again, a file with a
    /// rejected record is tried again (and rejects it again), the rest is skipped; the summary names a
    /// rejected record's line once.
    @Test func jsonlFilesResumePerFile() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Data(#"{"id":"a1","text":"Câu một."}"#.utf8 + [0x0A]).write(to: input.appendingPathComponent("a.jsonl"))
        try Data(#"{"id":"b1","text":"Câu hai."}"#.utf8 + [0x0A]).write(to: input.appendingPathComponent("b.jsonl"))
        try Data((#"{"id":"c1","text":"Câu ba."}"# + "\n" + #"{"id":"c2","text":"# + "\n").utf8).write(to: input.appendingPathComponent("c.jsonl"))
        let whole = folder.appendingPathComponent("whole")
        let resumed = folder.appendingPathComponent("resumed")
        let arguments = ["--input-format", "jsonl", "--format", "jsonl"]
        #expect(try winnow(["clean", input.path, "--out", whole.path] + arguments).status == 1)
        #expect(try winnow(["clean", input.path, "--out", resumed.path] + arguments).status == 1)
        try FileManager.default.removeItem(at: resumed.appendingPathComponent("a.jsonl"))
        let run = try winnow(["clean", input.path, "--out", resumed.path, "--resume"] + arguments)
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("4 in, 3 written (1 unchanged), 0 dropped, 1 rejected, 1 inputs resumed\nrejected: \(input.path)/c.jsonl:2: not a JSON object: missing value at column 19\n"), "\(run.stderr)")
        #expect(try contents(of: resumed) == contents(of: whole))
    }
}
