import Foundation
import Testing

/// Winnow as a filter inside corpus pipelines: JSONL in and out, gzip shards.
@Suite(.serialized) struct JSONLPipelineTests {
    func gzip(_ data: Data) throws -> Data {
        try runTool(URL(fileURLWithPath: "/bin/gzip"), ["-c", "-n"], stdin: data).stdout
    }

    let records = Data("""
    {"id":"a","text":"Print\\nCâu một của bài. Câu hai.","metadata":{"url":"https://x.vn/a"}}
    {"id":"b","text":"okvip\\nhi88\\nmiso88 link vào nhà cái"}
    {"id":"c","text":"Câu ba."}

    """.utf8)

    @Test func gzipStdinIsRecognisedAndGzipOutputIsOnRequest() throws {
        let plain = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl"], stdin: records)
        let compressedIn = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl"], stdin: try gzip(records))
        #expect(plain.status == 0)
        #expect(compressedIn.stdout == plain.stdout)
        let compressedOut = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "--gzip"], stdin: records)
        #expect(Data(compressedOut.stdout.utf8).starts(with: [0x1F, 0x8B]) || compressedOut.stdout.utf8.first == 0x1F)
    }

    @Test func shardsKeepTheirCompressionAndRecordsTheirFields() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("shards")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try gzip(records).write(to: input.appendingPathComponent("part-0000.jsonl.gz"))
        let out = folder.appendingPathComponent("out")
        let run = try winnow(["clean", input.path, "--input-format", "jsonl", "--format", "jsonl", "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let written = out.appendingPathComponent("part-0000.jsonl.gz")
        #expect(FileManager.default.fileExists(atPath: written.path))
        // Rules that change nothing, to read back what winnow wrote.
        let passthrough = folder.appendingPathComponent("passthrough.yaml")
        try Data("version: 1\npipeline: [decode, write]\n".utf8).write(to: passthrough)
        let decoded = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "--rules", passthrough.path],
                                 stdin: try Data(contentsOf: written))
        let lines = decoded.stdout.split(separator: "\n")
        #expect(lines.count == 2)  // b is a spam page, dropped and counted
        #expect(lines[0].contains("\"metadata\":{\"url\":\"https://x.vn/a\"}"))
        #expect(lines[0].contains("\"winnow\":{\"metadata\":"))
    }

    @Test func aRecordsURLNamingATagPageDropsATeaserThatAnArticleAddressKeeps() throws {
        let teaser = #"Mưa lũ miền Trung\nNhững ngày vừa qua, tại nhiều tỉnh miền Trung đã có mưa lớn gây lũ quét khiến ít nhất 5 người chết."#
        let input = Data("""
            {"id":"tag","url":"https://example.vn/tag/mua-lu","text":"\(teaser)"}
            {"id":"article","url":"https://example.vn/thoi-su/mua-lu-10293.html","text":"\(teaser)"}

            """.utf8)
        let run = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\"id\":\"article\"") == true)
    }

    @Test func truncatedGzipIsAnIOFailureNamingTheFile() throws {
        let folder = try temporaryFolder()
        let compressed = try gzip(records)
        let file = folder.appendingPathComponent("broken.jsonl.gz")
        try compressed.prefix(compressed.count / 2).write(to: file)
        let run = try winnow(["clean", "--input-format", "jsonl", file.path])
        #expect(run.status == 3)
        #expect(run.stderr.contains("broken.jsonl.gz"))
    }

    @Test func anyNumberOfJobsWritesTheSameBytesInInputOrder() throws {
        // More records than the read-ahead window, mixing kept, dropped, rejected and invalid-UTF-8 records.
        var stream = Data()
        for index in 0..<700 {
            switch index % 7 {
            case 0: stream.append(Data(#"{"id":"s\#(index)","text":"okvip\nhi88\nmiso88"}"#.utf8))
            case 1: stream.append(Data(#"{"id":"m\#(index)","text":"#.utf8))
            case 2: stream.append(Data(#"{"id":"u\#(index)","text":"Câu "#.utf8) + Data([0xC3, 0x28]) + Data(#" hỏng."}"#.utf8))
            default: stream.append(Data(#"{"id":"k\#(index)","text":"Print\nCâu số \#(index) của bài báo. Câu hai!"}"#.utf8))
            }
            stream.append(0x0A)
        }
        let folder = try temporaryFolder()
        var outputs: [String] = []
        var rejects: [String] = []
        for jobs in ["1", "3"] {
            let rejectsFile = folder.appendingPathComponent("rejects-\(jobs).jsonl")
            let run = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "--jobs", jobs,
                                  "--rejects", rejectsFile.path], stdin: stream)
            #expect(run.status == 1)
            outputs.append(run.stdout)
            rejects.append(try String(contentsOf: rejectsFile, encoding: .utf8))
        }
        #expect(outputs[0] == outputs[1])
        #expect(rejects[0] == rejects[1])
        let ids = outputs[0].split(separator: "\n").compactMap { $0.split(separator: "\"").dropFirst(3).first }
        #expect(ids.count == 500)
        #expect(ids.prefix(3) == ["u2", "k3", "k4"])
        #expect(rejects[0].split(separator: "\n").count == 100)
        #expect(outputs[0].contains(#""decoding":{"encoding":"UTF-8","replacements":1}"#))
    }
}
