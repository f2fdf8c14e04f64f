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

extension FaultTests {
    @Test func inputsBoundForTheSameOutputAreRefusedUpFront() throws {
        let root = try folder(with: ["d1/a.txt": "Câu một.\n", "d2/a.txt": "Câu hai.\n",
                                     "j/a.json": "{\"text\":\"Câu một.\"}\n", "j/a.jsonl": "{\"text\":\"Câu hai.\"}\n"])
        let text = try winnow(["clean", "d1", "d2", "--out", "out"], in: root)
        #expect(text.status == 2)
        #expect(text.stderr == "winnow: 'd1/a.txt' and 'd2/a.txt' would both be written to OUT/a.txt: rename one of them, "
            + "or clean them in separate runs with separate --out folders\n")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
        let named = try winnow(["clean", "d1/a.txt", "d2/a.txt", "--out", "out"], in: root)
        #expect(named.status == 2)
        #expect(named.stderr.contains("'d1/a.txt' and 'd2/a.txt' would both be written to OUT/a.txt"))
        let jsonl = try winnow(["clean", "j", "--input-format", "jsonl", "--format", "jsonl", "--out", "out"], in: root)
        #expect(jsonl.status == 2)
        #expect(jsonl.stderr.contains("'j/a.json' and 'j/a.jsonl' would both be written to OUT/a.jsonl"))
        // Distinct outputs are fine: each folder on its own.
        #expect(try winnow(["clean", "d1", "--out", "out"], in: root).status == 0)
    }
}

extension FaultTests {
    @Test func rejectsFileMayNotReplaceAnInput() throws {
        let root = try folder(with: ["in/a.txt": "Câu một.\n", "in/b.txt": "\u{0}\u{1}"])
        let run = try winnow(["clean", "in/a.txt", "in/b.txt", "--rejects", "in/a.txt"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr == "winnow: refusing to write the rejects file 'in/a.txt' into the input 'in/a.txt': choose a --rejects file outside it\n")
        #expect(try String(contentsOf: root.appendingPathComponent("in/a.txt"), encoding: .utf8) == "Câu một.\n")
        let inFolder = try winnow(["clean", "in", "--rejects", "in/rejects.jsonl"], in: root)
        #expect(inFolder.status == 2)
        #expect(inFolder.stderr.contains("refusing to write the rejects file 'in/rejects.jsonl' into the input 'in'"))
    }

    @Test func outFolderThroughASymlinkIntoTheInputIsRefusedBeforeItExists() throws {
        let root = try folder(with: ["in/a.txt": "Câu một.\n"])
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: "in")
        let run = try winnow(["clean", "in", "--out", "link/new"], in: root)
        #expect(run.status == 2)
        #expect(run.stderr == "winnow: refusing to write into the input 'in': choose an --out folder outside it\n")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("in/new").path))
    }
}

extension FaultTests {
    @Test func reportOrRejectsThatCannotBeWrittenIsAnIOFailureNamingTheFile() throws {
        let root = try folder(with: ["in/a.txt": "Câu một.\n", "in/b.txt": "\u{0}\u{1}", "file": "x"])
        // A folder where the report goes: the rename over it fails.
        try FileManager.default.createDirectory(at: root.appendingPathComponent("out/winnow-report.json"), withIntermediateDirectories: true)
        let report = try winnow(["clean", "in/a.txt", "--out", "out"], in: root)
        #expect(report.status == 3)
        // The report is written under a temporary name in the output folder and renamed: the message names both.
        #expect(report.stderr.contains("out/.winnow-report.json.winnow-tmp to its output name: Is a directory"), "\(report.stderr)")
        // A rejects file under a regular file.
        let rejects = try winnow(["clean", "in/a.txt", "in/b.txt", "--rejects", "file/rejects.jsonl"], in: root)
        #expect(rejects.status == 3)
        #expect(rejects.stderr.contains("winnow: file/rejects.jsonl: cannot write the rejects file: cannot create a file beside it: Not a directory\n"), "\(rejects.stderr)")
    }
}

extension FaultTests {
    @Test func deeplyNestedJSONLRecordIsRejectedAndTheRestCleaned() throws {
        let deep = "{\"text\":\"Câu một.\",\"x\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        let root = try folder(with: ["deep.jsonl": deep + "\n{\"text\":\"Câu hai.\"}\n"])
        let run = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "deep.jsonl"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("winnow: deep.jsonl:1: rejected (malformed-record): not a JSON object: "
            + "arrays and objects nested more than 512 deep at column 538\n"), "\(run.stderr)")
        #expect(run.stdout.hasPrefix("{\"id\":\"2\",\"source\":\"deep.jsonl:2\",\"text\":\"Câu hai.\""))
    }
}

extension FaultTests {
    @Test func jobsAboveTheCoreCountAreLoweredWithANote() throws {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for jobs in [String(Int.max), "100000000"] {
            let run = try winnow(["clean", "--jobs", jobs], stdin: Data("Câu một.\n".utf8))
            #expect(run.status == 0)
            #expect(run.stdout == "Câu một.\n")
            #expect(run.stderr == "winnow: note: --jobs \(jobs) is more than the \(cores) cores of this machine; using \(cores)\n")
        }
        let zero = try winnow(["clean", "--jobs", "0"], stdin: Data("Câu một.\n".utf8))
        #expect(zero.stderr.contains("--jobs must be at least 1"))
        #expect(zero.stdout.isEmpty)
    }
}

extension FaultTests {
    @Test func fifoInAFolderIsSkippedAndReportedAndAFolderNamedTxtIsWalked() throws {
        let root = try folder(with: ["in/a.txt": "Câu một.\n", "in/b.txt/c.txt": "Câu hai.\n"])
        #expect(mkfifo(root.appendingPathComponent("in/fifo.txt").path, 0o644) == 0)
        let run = try winnow(["clean", "in", "--out", "out"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("2 in, 2 written (0 unchanged), 0 dropped, 0 rejected, 1 skipped\n"), "\(run.stderr)")
        #expect(run.stderr.contains("skipped: in/fifo.txt: a FIFO (named pipe), not a regular file"))
        let report = try String(contentsOf: root.appendingPathComponent("out/winnow-report.json"), encoding: .utf8)
        #expect(report.contains("\"skipped\":[{\"source\":\"in/fifo.txt\",\"reason\":\"a FIFO (named pipe), not a regular file\"}]"))
        #expect(try String(contentsOf: root.appendingPathComponent("out/b.txt/c.txt"), encoding: .utf8) == "Câu hai.\n")
    }
}

extension FaultTests {
    @Test func recordWithANumberThatIsNotJSONIsRejectedNamingFileAndLine() throws {
        let root = try folder(with: ["n.jsonl": "{\"text\":\"Câu một.\",\"score\":NaN}\n{\"text\":\"Câu hai.\",\"score\":0.5}\n"])
        let run = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "n.jsonl"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("winnow: n.jsonl:1: rejected (malformed-record): not a JSON object: 'NaN' is not a JSON value "
            + "(numbers are written like -12.5e3, and true, false and null in lower case) at column 31\n"), "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").count == 1)
        #expect(run.stdout.hasSuffix(",\"score\":0.5}\n"))
    }

    @Test func inputKeyNamedWinnowIsNotWrittenTwice() throws {
        let input = "{\"text\":\"Câu một.\",\"winnow\":1,\"metadata\":2}\n"
        let run = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl"], stdin: Data(input.utf8))
        #expect(run.status == 0)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(run.stdout.components(separatedBy: "\"winnow\":").count == 2, "\(run.stdout)")
        #expect(record["winnow"] as? Int == 1)
        #expect(record["metadata"] as? Int == 2)
        let own = try #require(record["winnow_"] as? [String: Any])
        #expect(own["metadata"] is [String: Any])
    }
}

extension FaultTests {
    @Test func usageErrorsExitWithTwo() throws {
        let format = try winnow(["clean", "--format", "xyz"])
        #expect(format.status == 2)
        #expect(format.stderr.hasPrefix("Error: --format must be one of: text, sentences, jsonl\n"))
        #expect(try winnow(["clean", "--bogus"]).status == 2)
        #expect(try winnow(["clean", "--jobs", "0"]).status == 2)
        #expect(try winnow(["frobnicate", "--x"]).status == 2)
        // Help is not an error.
        #expect(try winnow(["clean", "--help"]).status == 0)
        #expect(try winnow(["-help"]).status == 0)
    }

    @Test func aFileNameStartingWithADashIsRefusedNotTakenForHelp() throws {
        let root = try folder(with: ["-dash.txt": "Câu một.\n"])
        let run = try winnow(["clean", "-dash.txt"], in: root)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "winnow: unknown option '-dash.txt': to name a file that starts with '-', write ./-dash.txt, or put it after --\n")
        let named = try winnow(["clean", "--", "-dash.txt"], in: root)
        #expect(named.status == 0)
        #expect(named.stdout == "Câu một.\n")
        #expect(try winnow(["clean", "./-dash.txt"], in: root).stdout == "Câu một.\n")
    }

    @Test func testCommandWithAFixturePathThatDoesNotExistFails() throws {
        let run = try winnow(["test", "/nonexistent/fixtures"])
        #expect(run.status == 2)
        #expect(run.stderr == "winnow: /nonexistent/fixtures: no such fixture file or folder\n")
        #expect(run.stdout.isEmpty)
    }
}

extension FaultTests {
    @Test func unknownEncodingIsAUsageErrorBeforeAnyDocument() throws {
        let run = try winnow(["clean", "--encoding", "klingon-8"], stdin: Data("Câu một.\n".utf8))
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("Error: unknown --encoding 'klingon-8': use utf-8, auto, or a name ICU's converters know"))
        #expect(try winnow(["clean", "--encoding", "UTF-8"], stdin: Data("Câu một.\n".utf8)).status == 0)
    }
}

extension FaultTests {
    @Test func controlCharactersFromInputNeverReachTheTerminalRaw() throws {
        let root = try folder(with: ["rules.yaml": "rules:\n  - id: x.secret\n    action: drop\n    match: {contains: [secret]}\n",
                                     "page.txt": "secret\u{1B}]0;pwned\u{07}\nCâu một.\n"])
        let explain = try winnow(["explain", "--rules", "rules.yaml", "page.txt"], in: root)
        #expect(explain.status == 0)
        #expect(!explain.stdout.contains("\u{1B}") && !explain.stdout.contains("\u{07}"))
        #expect(explain.stdout.contains("secret\\x1B]0;pwned\\x07"), "\(explain.stdout)")
        // A file name with an escape sequence, echoed in a rejection and in the summary.
        let name = "bad\u{1B}[31mname.txt"
        try FileManager.default.createDirectory(at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
        try Data([0x00]).write(to: root.appendingPathComponent("in").appendingPathComponent(name))
        let run = try winnow(["clean", "in", "--out", "out"], in: root)
        #expect(run.status == 1)
        #expect(!run.stderr.contains("\u{1B}"))
        #expect(run.stderr.contains("winnow: in/bad\\x1B[31mname.txt:1: rejected (binary)"), "\(run.stderr)")
        let missing = try winnow(["explain", "no\u{1B}[2Jfile"], in: root)
        #expect(missing.stderr == "winnow: no\\x1B[2Jfile: cannot read: No such file or directory\n")
    }
}

extension FaultTests {
    @Test func rulesFileThatIsNotUTF8IsToldAsSuchWithWhere() throws {
        let root = try temporaryFolder()
        // "café" in Latin-1: the é is the single byte 0xE9.
        let bytes = Array("rules:\n  - id: x.caf".utf8) + [0xE9] + Array("\n    action: drop\n    match: {contains: [a]}\n".utf8)
        try Data(bytes).write(to: root.appendingPathComponent("latin1.yaml"))
        try Data("include: [latin1.yaml]\n".utf8).write(to: root.appendingPathComponent("main.yaml"))
        let message = "winnow: latin1.yaml:2:14: error: not UTF-8: byte 0xE9 at offset 20 does not belong to UTF-8 text; "
            + "save the rules file as UTF-8\n"
        let lint = try winnow(["lint", "latin1.yaml"], in: root)
        #expect(lint.status == 2)
        #expect(lint.stderr == message)
        let clean = try winnow(["clean", "--rules", "main.yaml"], stdin: Data("Câu một.\n".utf8), in: root)
        #expect(clean.status == 2)
        #expect(clean.stderr == message)
        #expect(clean.stdout.isEmpty)
    }
}
