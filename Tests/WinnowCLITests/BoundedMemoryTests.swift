import Foundation
import Testing

/// Issue 15, memory that followed the input: rejected and dropped documents wait on disk, not in memory, for
/// the rejects and --dropped files; the output of a JSON-lines file is written as it is cleaned, not held whole.
@Suite(.serialized) struct BoundedMemoryTests {
    /// Records 0..<count, every third one cut short (invalid JSON, rejected with its text) and every seventh
    /// one longer than 3,000 bytes (rejected as too large with --max-record-bytes 3000).
    func records(_ count: Int, tag: String) -> String {
        (0..<count).map { index in
            let text = index % 7 == 6 ? String(repeating: "Dòng dài. ", count: 300) : "Câu số \(index) của tệp \(tag)."
            let line = "{\"id\":\"\(tag)\(index)\",\"text\":\"\(text)\"}"
            return (index % 3 == 2 ? String(line.prefix(20)) : line) + "\n"
        }.joined()
    }

    /// The files under `folder`, relative, sorted.
    func listing(_ folder: URL) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        return (enumerator?.allObjects as? [String] ?? []).sorted()
    }

    @Test func manyRejectsAreWrittenAllInInputOrderAndNoTemporaryFileIsLeft() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Data(records(400, tag: "a").utf8).write(to: input.appendingPathComponent("a.jsonl"))
        try Data(records(300, tag: "b").utf8).write(to: input.appendingPathComponent("b.jsonl"))
        var rejectsFiles: [Data] = []
        for jobs in ["1", "2"] {
            let out = "out-\(jobs)"
            let run = try winnow(["clean", "in", "--input-format", "jsonl", "--format", "jsonl", "--out", out,
                                  "--max-record-bytes", "3000", "--jobs", jobs], in: root)
            #expect(run.status == 1)
            #expect(try listing(root.appendingPathComponent(out))
                    == ["a.jsonl", "b.jsonl", "winnow-journal.jsonl", "winnow-rejects.jsonl", "winnow-report.html", "winnow-report.json"])
            rejectsFiles.append(try Data(contentsOf: root.appendingPathComponent(out).appendingPathComponent("winnow-rejects.jsonl")))
        }
        #expect(rejectsFiles[0] == rejectsFiles[1])
        // Every rejected record, in input order: file by file, line by line.
        var expected: [String] = []
        for (tag, count) in [("a", 400), ("b", 300)] {
            for index in 0..<count where index % 3 == 2 || index % 7 == 6 { expected.append("in/\(tag).jsonl:\(index + 1)") }
        }
        let lines = String(decoding: rejectsFiles[0], as: UTF8.self).split(separator: "\n")
        var sources: [String] = []
        for line in lines {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let source = try #require(record["source"] as? String)
            let number = try #require(record["line"] as? Int)
            sources.append(source.hasSuffix(":\(number)") ? source : "\(source):\(number)")
        }
        #expect(sources == expected)
        // A cut record keeps its text.
        #expect(lines[0].contains("\"text\":\"{\\\"id\\\":\\\"a2\\\",\\\"text\\\""), "\(lines[0])")

        // Standard input with --rejects FILE: the same list, and nothing left beside it.
        let scratch = root.appendingPathComponent("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let stream = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "--max-record-bytes", "3000",
                                 "--rejects", "scratch/rejects.jsonl", "-"], stdin: Data(records(400, tag: "a").utf8), in: root)
        #expect(stream.status == 1)
        #expect(try listing(scratch) == ["rejects.jsonl"])
        let streamed = try String(contentsOf: scratch.appendingPathComponent("rejects.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(streamed.count == expected.filter { $0.hasPrefix("in/a") }.count)
        #expect(streamed.first?.contains("\"source\":\"-:3\"") == true, "\(streamed.first ?? "")")
    }

    @Test func rejectedDocumentsWaitOnDiskNotInMemory() throws {
        // Sixty malformed records of a megabyte each, for a rejects file: held in memory they took 60 MB more
        // than the run without --rejects (see InputFaultTests).
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let line = Data(repeating: UInt8(ascii: "x"), count: 1 << 20) + Data([0x0A])
        var input = Data()
        for _ in 0..<60 { input += line }
        let binary = packageRoot.appendingPathComponent(".build/debug/winnow").path
        let run = try runTool(URL(fileURLWithPath: "/usr/bin/time"),
                              ["-f", "peak %M", binary, "clean", "--input-format", "jsonl", "--jobs", "1", "--rejects", "rejects.jsonl"],
                              stdin: input, in: root)
        #expect(run.status == 1)
        let stderr = String(decoding: run.stderr, as: UTF8.self)
        let peak = try #require(stderr.split(separator: "\n").last.flatMap { Int($0.dropFirst("peak ".count)) })
        #expect(peak < 80_000, "peak RSS \(peak) KB")
        let rejects = try Data(contentsOf: root.appendingPathComponent("rejects.jsonl"))
        #expect(rejects.count > 60 << 20)
        #expect(rejects.split(separator: 0x0A).count == 60)
        #expect(try listing(root) == ["rejects.jsonl"])
    }

    @Test func droppedDocumentsWaitOnDiskNotInMemory() throws {
        // Sixty records of a megabyte each, every one dropped by a rule: with --dropped, their records (the
        // whole text left) were held to the end of the run.
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("""
            version: 1
            pipeline: [decode, filter, write]
            rules:
              - id: test.drop-all
                description: Drops every document with a word in it.
                action: drop_document
                reason: dropped by the test
                document:
                  words: {min: 1}

            """.utf8).write(to: root.appendingPathComponent("drop.yaml"))
        let text = String(repeating: "Một câu của bài báo. ", count: 40_000)
        var input = Data()
        for index in 0..<60 { input += Data("{\"id\":\"r\(index)\",\"text\":\"\(text)\"}\n".utf8) }
        let binary = packageRoot.appendingPathComponent(".build/debug/winnow").path
        let run = try runTool(URL(fileURLWithPath: "/usr/bin/time"),
                              ["-f", "peak %M", binary, "clean", "--input-format", "jsonl", "--format", "jsonl", "--jobs", "1",
                               "--rules", "drop.yaml", "--dropped", "dropped.jsonl"], stdin: input, in: root)
        let stderr = String(decoding: run.stderr, as: UTF8.self)
        #expect(run.status == 0, "\(stderr)")
        let peak = try #require(stderr.split(separator: "\n").last.flatMap { Int($0.dropFirst("peak ".count)) })
        #expect(peak < 80_000, "peak RSS \(peak) KB")
        let lines = try Data(contentsOf: root.appendingPathComponent("dropped.jsonl")).split(separator: 0x0A)
        #expect(lines.count == 60)
        let ids = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])["id"] as? String }
        #expect(ids == (0..<60).map { "r\($0)" })
        #expect(try listing(root) == ["drop.yaml", "dropped.jsonl"])
    }

    /// The output of a JSONL file grows on disk (under its temporary name) while the file is still being read:
    /// it is not held to the end of the input. The input is a named pipe that stays open until the output has
    /// shown up.
    @Test func aJSONLFilesOutputIsWrittenAsItIsCleaned() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("version: 1\npipeline: [decode, write]\n".utf8).write(to: root.appendingPathComponent("passthrough.yaml"))
        let pipe = root.appendingPathComponent("big.jsonl")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        let record = { (index: Int) in "{\"id\":\"r\(index)\",\"text\":\"\(String(repeating: "Một câu của bài báo. ", count: 40))\"}\n" }
        let process = Process()
        process.executableURL = packageRoot.appendingPathComponent(".build/debug/winnow")
        process.arguments = ["clean", "big.jsonl", "--input-format", "jsonl", "--format", "jsonl", "--rules", "passthrough.yaml",
                             "--out", "out", "--jobs", "1", "--quiet"]
        process.currentDirectoryURL = root
        process.standardError = FileHandle.nullDevice
        try process.run()
        let writer = try FileHandle(forWritingTo: pipe)
        var sent = Data()
        func send(_ range: Range<Int>) {
            let chunk = Data(range.map(record).joined().utf8)
            writer.write(chunk)
            sent += chunk
        }
        // About 3 MB: more than the megabyte the output gathers before it is written.
        send(0..<3000)
        let temporary = root.appendingPathComponent("out/.big.jsonl.winnow-tmp").path
        var size = 0
        for _ in 0..<300 where size < 1 << 20 {
            size = ((try? FileManager.default.attributesOfItem(atPath: temporary))?[.size] as? Int) ?? 0
            usleep(100_000)
        }
        #expect(size >= 1 << 20, "the output was not on disk while its input was read")
        send(3000..<3100)
        try writer.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let output = try Data(contentsOf: root.appendingPathComponent("out/big.jsonl"))
        #expect(output.split(separator: 0x0A).count == 3100)
        #expect(!FileManager.default.fileExists(atPath: temporary))
    }
}
