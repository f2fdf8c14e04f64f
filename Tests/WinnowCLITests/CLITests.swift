import Foundation
import Testing

/// End-to-end tests: run the built `winnow` binary as a user would.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments`, feeding it `stdin`; waits for it and returns what it printed.
func runTool(_ executable: URL, _ arguments: [String], stdin: Data = Data(), in directory: URL = packageRoot) throws -> (status: Int32, stdout: Data, stderr: Data) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let input = Pipe(), output = Pipe(), errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Read standard error on another thread so that a chatty tool cannot fill its pipe and stall.
    nonisolated(unsafe) var err = Data()
    let reader = Thread { err = errors.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    input.fileHandleForWriting.write(stdin)
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    return (process.terminationStatus, out, err)
}

/// Runs the built `winnow` binary.
func winnow(_ arguments: [String], stdin: Data = Data(), in directory: URL = packageRoot) throws -> Run {
    let binary = packageRoot.appendingPathComponent(".build/debug/winnow")
    let executable = FileManager.default.fileExists(atPath: binary.path)
        ? binary : Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("winnow")
    let result = try runTool(executable, arguments, stdin: stdin, in: directory)
    return Run(status: result.status, stdout: String(decoding: result.stdout, as: UTF8.self), stderr: String(decoding: result.stderr, as: UTF8.self))
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite(.serialized) struct CLITests {
    @Test func cleansStandardInputToStandardOutput() throws {
        let run = try winnow(["clean"], stdin: Data("Print\n\nTiêu đề bài viết hôm nay\n\nCâu một. Câu hai.\n\nokvip\n".utf8))
        #expect(run.status == 0)
        #expect(run.stdout == "Câu một. Câu hai.\n")
    }

    @Test func writesSentencesOnePerLine() throws {
        let run = try winnow(["clean", "--format", "sentences", "-"], stdin: Data("Câu một. Câu hai.\nCâu ba.\n".utf8))
        #expect(run.stdout == "Câu một.\nCâu hai.\n\nCâu ba.\n")
    }

    /// The golden test: the main job on seeds/ writes exactly what out/ holds.
    @Test func mainJobReproducesCommittedOutput() throws {
        let folder = try temporaryFolder()
        let run = try winnow(["clean", "seeds", "--out", folder.path, "--format", "jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        let committed = packageRoot.appendingPathComponent("out")
        let expected = try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == expected)
        for name in expected {
            let want = try String(contentsOf: committed.appendingPathComponent(name), encoding: .utf8)
            let got = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(got == want, "out/\(name) differs: regenerate out/ with the README's main command and review the diff")
        }
    }

    @Test func rerunLeavesIdenticalOutputsAndRefusesToOverwriteDifferentOnes() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("in")
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Data("Câu một.\n".utf8).write(to: input.appendingPathComponent("a.txt"))
        #expect(try winnow(["clean", input.path, "--out", out.path]).status == 0)
        #expect(try winnow(["clean", input.path, "--out", out.path]).status == 0)
        try Data("Câu khác.\n".utf8).write(to: out.appendingPathComponent("a.txt"))
        let refused = try winnow(["clean", input.path, "--out", out.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("exists and differs; pass --force"))
        #expect(try String(contentsOf: out.appendingPathComponent("a.txt"), encoding: .utf8) == "Câu khác.\n")
        #expect(try winnow(["clean", input.path, "--out", out.path, "--force"]).status == 0)
        #expect(try String(contentsOf: out.appendingPathComponent("a.txt"), encoding: .utf8) == "Câu một.\n")
    }

    @Test func refusesToWriteIntoItsInput() throws {
        let run = try winnow(["clean", "seeds", "--out", "seeds/out"])
        #expect(run.status == 2)
        #expect(run.stderr == "winnow: refusing to write into the input 'seeds': choose an --out folder outside it\n")
    }

    @Test func batchGoesOnPastABadDocumentAndCountsReconcile() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Data("Câu một.\n".utf8).write(to: input.appendingPathComponent("a.txt"))
        try Data([0x00, 0x01, 0x02]).write(to: input.appendingPathComponent("b.txt"))
        try Data("okvip\nhi88\n".utf8).write(to: input.appendingPathComponent("c.txt"))
        try Data().write(to: input.appendingPathComponent("d.txt"))
        let run = try winnow(["clean", input.path, "--out", folder.appendingPathComponent("out").path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("b.txt:1: rejected (binary)"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("out/winnow-report.json"))) as! [String: Any]
        let counts = report["documents"] as! [String: Int]
        #expect(counts["in"] == 4)
        #expect(counts["written"] == 1)
        #expect(counts["dropped"] == 2)
        #expect(counts["rejected"] == 1)
        let rejects = try String(contentsOf: folder.appendingPathComponent("out/winnow-rejects.jsonl"), encoding: .utf8)
        #expect(rejects.contains("\"bytes_base64\":\"AAEC\""))
    }

    @Test func jsonlInputCarriesFieldsAndRejectsMalformedLines() throws {
        let input = """
        {"id":"a1","text":"Print\\nCâu một. Câu hai.","url":"https://x.vn/a","meta":{"k":[1,2]}}
        {"id":"a2","text":
        {"id":"a3","text":"Câu ba."}

        """
        let run = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl"], stdin: Data(input.utf8))
        #expect(run.status == 1)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("{\"id\":\"a1\",\"source\":\"-:1\",\"text\":\"Câu một. Câu hai.\""))
        #expect(lines[0].hasSuffix(",\"url\":\"https://x.vn/a\",\"meta\":{\"k\":[1,2]}}"))
        #expect(run.stderr.contains("-:2: rejected (malformed-record): not a JSON object: missing value at column 19"))
    }

    @Test func explainListsEveryLineWithItsFate() throws {
        let run = try winnow(["explain", "--format", "jsonl", "-"], stdin: Data("Print\nCâu một.\n\nokvip\n".utf8))
        let records = try run.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        // One object per input line, then the document's: its metadata and whether it was dropped.
        let fates = Array(records.dropLast())
        let document = try #require(records.last?["document"] as? [String: Any])
        #expect(document["dropped"] is NSNull)
        #expect((document["metadata"] as? [String: Any])?.keys.sorted() == ["author", "date", "source_url", "title"])
        #expect(fates.map { $0["fate"] as? String } == ["dropped", "kept", "blank", "dropped"])
        #expect(fates.map { $0["rule"] as? String } == ["widget.share-brand", nil, nil, "spam.gambling-line"])
        #expect(fates.map { $0["text"] as? String } == ["Print", "Câu một.", "", "okvip"])
        // The judge weighed the kept line: its score, the threshold, and what contributed most.
        let score = try #require(fates[1]["score"] as? Double)
        let threshold = try #require(fates[1]["threshold"] as? Double)
        #expect(score < threshold)
        #expect(((fates[1]["contributions"] as? [String: Any]) ?? [:]).count > 0)
    }

    @Test func brokenRulesFileIsReportedBeforeAnythingRuns() throws {
        let folder = try temporaryFolder()
        let rules = folder.appendingPathComponent("bad.yaml")
        try Data("version: 1\nrules:\n  - id: x.y\n    action: dorp\n".utf8).write(to: rules)
        let run = try winnow(["clean", "--rules", rules.path], stdin: Data("Câu.\n".utf8))
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yaml:4:13: error: unknown action 'dorp'"))
        #expect(run.stdout.isEmpty)
    }

    @Test func testCommandRunsExamplesAndFixtures() throws {
        let run = try winnow(["test"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains(" 0 failed"))
    }

    @Test func failingFixturePrintsItsDiffAndExitsWithTheTestsCode() throws {
        let folder = try temporaryFolder()
        try "Tiêu đề bài báo hôm nay\n\nCâu một.\nCâu hai.\n".write(to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "Câu một.\n\nCâu khác.\n".write(to: folder.appendingPathComponent("a.expected.txt"), atomically: true, encoding: .utf8)
        let run = try winnow(["test", folder.path])
        #expect(run.status == 4, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("FAIL \(folder.appendingPathComponent("a.txt").path)"))
        #expect(run.stdout.contains("-Câu khác.\n+Câu hai."))
        #expect(run.stdout.contains(" 1 failed"))
    }

    /// `eval --spam` with spam-line files scores those lines alone (until stop 48 it scored the manifest's and
    /// ignored the files); a file it cannot read is an I/O failure naming it, and cross-validation, which trains on
    /// the manifest, refuses files.
    @Test func spamEvalScoresTheLineFilesGiven() throws {
        let folder = try temporaryFolder()
        let lines = folder.appendingPathComponent("lines.jsonl")
        let records = [
            #"{"label": "spam", "lang": "vi", "kind": "brand", "text": "Nhà cái uy tín hàng đầu, đăng ký nhận ngay 100k, nạp đầu tặng 200%"}"#,
            #"{"label": "keep", "lang": "vi", "kind": "news", "text": "Công an tỉnh triệt phá đường dây đánh bạc qua mạng, khởi tố 12 bị can."}"#,
        ]
        try (records.joined(separator: "\n") + "\n").write(to: lines, atomically: true, encoding: .utf8)
        let run = try winnow(["eval", "--spam", lines.path, "--misses", "0"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\nspam                                      1 "), "\(run.stdout)")
        #expect(run.stdout.contains("\nkeep                                      1 "), "\(run.stdout)")
        #expect(run.stdout.contains("1.000 (1)"))

        let missing = try winnow(["eval", "--spam", folder.appendingPathComponent("none.jsonl").path])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("none.jsonl: cannot read the labels file"))
        let crossValidated = try winnow(["eval", "--spam", "--cross-validate", lines.path])
        #expect(crossValidated.status == 2)
        #expect(crossValidated.stderr.contains("give no labels files"))
    }

    @Test func closedPipeEndsQuietly() throws {
        let big = String(repeating: "Câu văn bình thường của bài báo.\n", count: 20_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let binary = packageRoot.appendingPathComponent(".build/debug/winnow").path
        process.arguments = ["-c", "'\(binary)' clean --format sentences - | head -1 >/dev/null; echo ${PIPESTATUS:-ok}"]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(big.utf8))
        try input.fileHandleForWriting.close()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: err, as: UTF8.self).isEmpty)
    }
}
