import Foundation
import Testing

/// gzip written by hand, so that a test knows exactly which bytes come out before a fault: a header, stored
/// (uncompressed) deflate blocks, and the trailer.
enum HandGzip {
    static let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]

    /// A stored block holding `data` (at most 65,535 bytes).
    static func stored(_ data: [UInt8], final: Bool) -> [UInt8] {
        let length = UInt16(data.count)
        return [final ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)] + data
    }

    /// A whole gzip member holding `data` in one stored block.
    static func member(_ data: [UInt8]) -> [UInt8] {
        header + stored(data, final: true) + le32(crc32(data)) + le32(UInt32(data.count))
    }

    /// A block header of type 3, which deflate does not have: zlib stops there with "invalid block type".
    static let invalidBlock: [UInt8] = [0x07, 0x00, 0x00]

    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// Faults of issue 15 in what is read: gzip faults keep what came before them, and no document, line or gzip
/// bomb is held in memory past `--max-record-bytes`.
@Suite(.serialized) struct InputFaultTests {
    func records(_ range: Range<Int>) -> String {
        range.map { "{\"id\":\"r\($0)\",\"text\":\"Câu số \($0) của bài báo.\"}\n" }.joined()
    }

    func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func ids(_ jsonl: String) -> [String] {
        jsonl.split(separator: "\n").compactMap { $0.split(separator: "\"").dropFirst(3).first.map(String.init) }
    }

    @Test func aCorruptGzipBlockKeepsEveryRecordBeforeIt() throws {
        let root = try temporaryFolder()
        // Five whole records and the start of a sixth, then a block deflate does not have.
        let before = Array((records(0..<5) + "{\"id\":\"r5\",\"text\":\"Câu cắt").utf8)
        try write(HandGzip.header + HandGzip.stored(before, final: false) + HandGzip.invalidBlock + Array(records(5..<9).utf8),
                  "c.jsonl.gz", in: root)
        let run = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "c.jsonl.gz", "--rejects", "rejects.jsonl"], in: root)
        #expect(run.status == 3)
        #expect(ids(run.stdout) == ["r0", "r1", "r2", "r3", "r4"])
        #expect(run.stderr.contains("winnow: c.jsonl.gz:6: rejected (io): corrupt gzip data at compressed byte "), "\(run.stderr)")
        #expect(run.stderr.contains(": invalid block type\n"))
        #expect(!run.stderr.contains("WinnowZlib"))
        // The record the fault cut off is kept in the rejects file.
        let rejects = try String(contentsOf: root.appendingPathComponent("rejects.jsonl"), encoding: .utf8)
        #expect(rejects.contains("\"source\":\"c.jsonl.gz\",\"line\":6,\"cause\":\"io\""), "\(rejects)")
        #expect(rejects.contains("\"text\":\"{\\\"id\\\":\\\"r5\\\",\\\"text\\\":\\\"Câu cắt\""), "\(rejects)")
    }

    @Test func trailingJunkAfterGzipKeepsEveryRecordAndIsReported() throws {
        let root = try temporaryFolder()
        try write(HandGzip.member(Array(records(0..<3).utf8)) + Array("JUNK\n".utf8), "j.jsonl.gz", in: root)
        let run = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "j.jsonl.gz"], in: root)
        #expect(run.status == 3)
        #expect(ids(run.stdout) == ["r0", "r1", "r2"])
        #expect(run.stderr.contains("winnow: j.jsonl.gz:4: rejected (io): trailing junk after the gzip data: the bytes from "
            + "compressed byte \(HandGzip.member(Array(records(0..<3).utf8)).count) on are not gzip and were not read\n"), "\(run.stderr)")
        // Two members one after the other are one stream, as `cat a.gz b.gz` makes.
        try write(HandGzip.member(Array(records(0..<2).utf8)) + HandGzip.member(Array(records(2..<4).utf8)), "m.jsonl.gz", in: root)
        let members = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "m.jsonl.gz"], in: root)
        #expect(members.status == 0, "\(members.stderr)")
        #expect(ids(members.stdout) == ["r0", "r1", "r2", "r3"])
    }

    @Test func truncatedGzipTextIsToldAsTruncated() throws {
        let root = try temporaryFolder()
        let whole = HandGzip.member(Array("Câu một.\nCâu hai.\n".utf8))
        try write(Array(whole.prefix(whole.count - 12)), "t.txt.gz", in: root)
        let run = try winnow(["clean", "t.txt.gz"], in: root)
        #expect(run.status == 3)
        #expect(run.stderr.hasPrefix("winnow: t.txt.gz:2: rejected (io): truncated gzip data: it ends inside the compressed stream"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }

    @Test func truncatedShardIsWrittenAsPartialAndResumeDoesNotTakeItAsDone() throws {
        let root = try temporaryFolder()
        let data = Array(records(0..<3).utf8)
        let whole = HandGzip.member(data)
        // Cut inside the third record: the stored block ends early and the trailer is missing.
        let cut = HandGzip.header.count + 5 + Array(records(0..<2).utf8).count + 10
        try write(Array(whole.prefix(cut)), "shards/part-0.jsonl.gz", in: root)
        try write(HandGzip.member(Array(records(3..<4).utf8)), "shards/part-1.jsonl.gz", in: root)
        let arguments = ["clean", "shards", "--input-format", "jsonl", "--format", "jsonl", "--out", "out"]
        let out = root.appendingPathComponent("out")
        for resume in [false, true] {
            let run = try winnow(arguments + (resume ? ["--resume"] : []), in: root)
            #expect(run.status == 3)
            #expect(run.stderr.contains("winnow: shards/part-0.jsonl.gz:3: rejected (io): truncated gzip data"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("part-0.jsonl.gz").path))
            let partial = try Data(contentsOf: out.appendingPathComponent("part-0.jsonl.gz.partial"))
            let decoded = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "--rules", "passthrough.yaml"],
                                     stdin: partial, in: try passthroughRules())
            #expect(ids(decoded.stdout) == ["r0", "r1"])
            let journal = try String(contentsOf: out.appendingPathComponent("winnow-journal.jsonl"), encoding: .utf8)
            #expect(!journal.contains("part-0"))
            #expect(journal.contains("\"output\":\"part-1.jsonl.gz\""))
        }
        // The shard copied again whole: its output gets its name and the .partial file goes.
        try write(whole, "shards/part-0.jsonl.gz", in: root)
        let run = try winnow(arguments + ["--resume"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("part-0.jsonl.gz").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("part-0.jsonl.gz.partial").path))
    }

    /// A folder with rules that change nothing, to read back what winnow wrote.
    func passthroughRules() throws -> URL {
        let folder = try temporaryFolder()
        try Data("version: 1\npipeline: [decode, write]\n".utf8).write(to: folder.appendingPathComponent("passthrough.yaml"))
        return folder
    }
}

extension InputFaultTests {
    @Test func documentsOverTheRecordLimitAreRejectedAndTheBatchGoesOn() throws {
        let root = try temporaryFolder()
        try write(Array("Câu một.\n".utf8), "in/a.txt", in: root)
        try write(Array(String(repeating: "Một dòng khá dài của bài báo.\n", count: 60).utf8), "in/b.txt", in: root)
        // A gzip bomb in small: 100 KB of zeros in a few hundred bytes.
        let bomb = try runTool(URL(fileURLWithPath: "/bin/gzip"), ["-c", "-n"], stdin: Data(count: 100_000)).stdout
        try write([UInt8](bomb), "in/c.txt.gz", in: root)
        let run = try winnow(["clean", "in", "--out", "out", "--max-record-bytes", "1000"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("winnow: in/b.txt:26: rejected (too-large): the document has more than --max-record-bytes "
            + "(1000 bytes), reached on this line; it was not read further (raise --max-record-bytes to clean it)\n"), "\(run.stderr)")
        #expect(run.stderr.contains("winnow: in/c.txt.gz:1: rejected (too-large): the document inflates to more than --max-record-bytes"))
        #expect(run.stderr.contains("3 in, 1 written (0 unchanged), 0 dropped, 2 rejected"))
        #expect(try String(contentsOf: root.appendingPathComponent("out/a.txt"), encoding: .utf8) == "Câu một.\n")
        // Standard input is held to the limit too, and `1K` is 1,024 bytes.
        let stdin = try winnow(["clean", "--max-record-bytes", "1K"], stdin: Data(String(repeating: "Câu.\n", count: 300).utf8))
        #expect(stdin.status == 1)
        #expect(stdin.stderr.hasPrefix("winnow: -:171: rejected (too-large): the document has more than --max-record-bytes (1024 bytes)"), "\(stdin.stderr)")
        #expect(try winnow(["clean", "--max-record-bytes", "0"]).status == 2)
    }

    @Test func aFileNameThatIsNotUTF8IsNamedForWhatItIs() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let binary = packageRoot.appendingPathComponent(".build/debug/winnow").path
        // The shell makes the name (Foundation cannot): "bad" 0xFF ".txt", beside a good file.
        let script = "mkdir in && printf 'Câu một của bài báo.\\n' > in/good.txt && printf 'Câu hai.\\n' > \"in/$(printf 'bad\\377.txt')\" "
            + "&& '\(binary)' clean \"in/$(printf 'bad\\377.txt')\"; echo \"exit $?\"; '\(binary)' clean in --out out; echo \"exit $?\""
        let run = try runTool(URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: root)
        let output = String(decoding: run.stdout + run.stderr, as: UTF8.self)
        // Named on the command line: a usage error showing the byte, not "no such file".
        #expect(output.contains("winnow: argument 2, 'in/bad\\xFF.txt', is not UTF-8"), "\(output)")
        #expect(output.contains("exit 2"))
        // Found in a folder: skipped with why, and the batch goes on.
        #expect(output.contains("1 in, 1 written (0 unchanged), 0 dropped, 0 rejected, 1 skipped"), "\(output)")
        #expect(output.contains("its name is not UTF-8"))
        #expect(output.contains("exit 0"))
    }

    @Test func anEmptyOutputNameIsRefusedForWhatItIs() throws {
        for flag in ["--out", "--shards", "--rejects", "--dropped"] {
            let run = try winnow(["clean", "seeds", flag, ""])
            #expect(run.status == 2)
            #expect(run.stderr.contains("\(flag) '' names no file or folder"), "\(run.stderr)")
        }
    }

    @Test func aRecordLimitPastWhatICUCanAddressIsRefusedUpFront() throws {
        // ICU takes 32-bit lengths: a document over 512 MiB could overflow them, so no limit may allow one.
        for command in [["clean"], ["explain"]] {
            let run = try winnow(command + ["--max-record-bytes", "3G"], stdin: Data("Câu.\n".utf8))
            #expect(run.status == 2)
            #expect(run.stderr.contains("--max-record-bytes 3221225472 is more than 512M, the most a document may have"), "\(run.stderr)")
        }
        #expect(try winnow(["clean", "--max-record-bytes", "512M"], stdin: Data("Câu một của bài.\n".utf8)).status == 0)
    }

    @Test func endlessInputsEndInBoundedMemory() throws {
        // /dev/zero as a text document: the default limit (64 MiB) is reached and the rest is not read.
        let zero = try runTool(URL(fileURLWithPath: "/usr/bin/timeout"), ["60", packageRoot.appendingPathComponent(".build/debug/winnow").path,
                                                                           "clean", "/dev/zero"])
        #expect(zero.status == 1)
        #expect(String(decoding: zero.stderr, as: UTF8.self).hasPrefix("winnow: /dev/zero:1: rejected (too-large): the document has more than --max-record-bytes (67108864 bytes)"))
        let random = try winnow(["clean", "--max-record-bytes", "1000", "/dev/urandom"])
        #expect(random.status == 1)
        #expect(random.stderr.contains("rejected (too-large)"))
        // /dev/zero as JSON lines: one line without an end, given up after 16 times the limit.
        let lines = try winnow(["clean", "--input-format", "jsonl", "--max-record-bytes", "1000", "/dev/zero"])
        #expect(lines.status == 3)
        #expect(lines.stderr.hasPrefix("winnow: /dev/zero:1: rejected (io): a line goes on for "))
        #expect(lines.stderr.contains("bytes without a line end, more than 16 times --max-record-bytes: the rest of the input is not read\n"))
    }

    @Test func jsonLinesOverTheLimitAreSkippedAndTheRecordsAfterThemCleaned() throws {
        let long = "{\"id\":\"long\",\"text\":\"" + String(repeating: "x", count: 3000) + "\"}\n"
        let input = records(0..<1) + long + records(1..<2) + "{\"id\":\"tail\",\"text\":\"" + String(repeating: "y", count: 2000)
        let run = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "--max-record-bytes", "1000"], stdin: Data(input.utf8))
        #expect(run.status == 1)
        #expect(ids(run.stdout) == ["r0", "r1"])
        #expect(run.stderr.contains("winnow: -:2: rejected (too-large): the record is 3023 bytes, more than --max-record-bytes (1000 bytes); it was skipped (raise --max-record-bytes to clean it)\n"), "\(run.stderr)")
        #expect(run.stderr.contains("winnow: -:4: rejected (too-large): the record is 2021 bytes"))
        // A gzip bomb of JSON lines: the records before it are kept.
        let root = try temporaryFolder()
        let bomb = try runTool(URL(fileURLWithPath: "/bin/gzip"), ["-c", "-n"], stdin: Data(records(0..<2).utf8) + Data(count: 1_000_000)).stdout
        try write([UInt8](bomb), "bomb.jsonl.gz", in: root)
        let bombed = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "--max-record-bytes", "1000", "bomb.jsonl.gz"], in: root)
        #expect(bombed.status == 3)
        #expect(ids(bombed.stdout) == ["r0", "r1"])
        #expect(bombed.stderr.contains("winnow: bomb.jsonl.gz:3: rejected (io): a line goes on for"), "\(bombed.stderr)")
    }

    @Test func explainHoldsToTheRecordLimit() throws {
        let root = try temporaryFolder()
        try write(Array(String(repeating: "Câu một của bài.\n", count: 100).utf8), "big.txt", in: root)
        let run = try winnow(["explain", "--max-record-bytes", "1000", "big.txt"], in: root)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "winnow: big.txt:44: rejected (too-large): the document has more than --max-record-bytes (1000 bytes), "
            + "reached on this line; it was not read further (raise --max-record-bytes to clean it)\n")
        #expect(try winnow(["explain", "big.txt"], in: root).status == 0)
    }
}

extension InputFaultTests {
    @Test func rejectedRecordsAreNotKeptWhenNoRejectsFileWillBeWritten() throws {
        // Sixty malformed records of a megabyte each: kept for a rejects file never written, they took 60 MB more.
        let line = Data(repeating: UInt8(ascii: "x"), count: 1 << 20) + Data([0x0A])
        var input = Data()
        for _ in 0..<60 { input += line }
        let binary = packageRoot.appendingPathComponent(".build/debug/winnow").path
        let run = try runTool(URL(fileURLWithPath: "/usr/bin/time"),
                              ["-f", "peak %M", binary, "clean", "--input-format", "jsonl", "--jobs", "1"], stdin: input)
        #expect(run.status == 1)
        let stderr = String(decoding: run.stderr, as: UTF8.self)
        let peak = try #require(stderr.split(separator: "\n").last.flatMap { Int($0.dropFirst("peak ".count)) })
        #expect(peak < 80_000, "peak RSS \(peak) KB")
        #expect(stderr.contains("winnow: -:60: rejected (malformed-record)"))
    }
}
