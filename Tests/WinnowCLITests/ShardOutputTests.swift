import Foundation
import Testing
import WinnowZlib

/// `clean --shards DIR`: a batch's JSONL records in numbered shards, the same bytes as `--format jsonl` on
/// standard output, with a report that lists the shards and a dataset card.
@Suite struct ShardOutputTests {
    /// A folder of text files (each long enough that a few make a shard of a few kilobytes) and a JSONL file
    /// with one record that is not text and one that is not JSON.
    private func batch() throws -> (text: URL, jsonl: URL) {
        let text = try temporaryFolder()
        for index in 0..<12 {
            var lines = ["Bài báo số \(index): câu mở đầu đủ dài để giữ lại cho người đọc hôm nay."]
            for line in 0..<(index % 4 + 2) { lines.append("Đoạn \(line) của bài \(index) kể lại chuyện ở Hà Nội, dài vừa đủ một dòng.") }
            if index % 3 == 0 { lines.insert("Tiêu đề bài \(index)", at: 0) }
            try (lines.joined(separator: "\n\n") + "\n").write(to: text.appendingPathComponent(String(format: "%03d.txt", index)), atomically: true, encoding: .utf8)
        }
        let jsonl = try temporaryFolder()
        let records = [
            #"{"id": "r1", "text": "Câu một của bản ghi, đủ dài để giữ lại cho người đọc.", "lang": "vi", "score": 0.5}"#,
            #"{"id": "r2", "text": "\u0000\u0001 binary"}"#,
            #"{"id": "r3", "text": "not closed"#,
            #"{"id": "r4", "text": "Câu bốn của bản ghi, cũng đủ dài để giữ lại cho người đọc.", "lang": null, "score": 2}"#,
        ]
        try (records.joined(separator: "\n") + "\n").write(to: jsonl.appendingPathComponent("part.jsonl"), atomically: true, encoding: .utf8)
        return (text, jsonl)
    }

    /// The shards' names in order and their bytes, decompressed and concatenated.
    private func shardStream(_ folder: URL) throws -> (names: [String], bytes: Data) {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".jsonl.gz") || ($0.hasSuffix(".jsonl") && $0 != "winnow-rejects.jsonl") }.sorted()
        var bytes = Data()
        for name in names {
            let raw = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
            bytes.append(contentsOf: name.hasSuffix(".gz") ? try Gzip.decompress(raw) : raw)
        }
        return (names, bytes)
    }

    private func report(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("winnow-report.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func shardsHoldTheStandardOutputStreamWithNoRecordSplit() throws {
        let (text, jsonl) = try batch()
        let scratch = try temporaryFolder()
        defer { for url in [text, jsonl, scratch] { try? FileManager.default.removeItem(at: url) } }
        let stream = try winnow(["clean", text.path, "--format", "jsonl", "--jobs", "1"])
        #expect(stream.status == 0)
        var earlier: Data?
        for (jobs, compression) in [("1", "gzip"), ("2", "gzip"), ("2", "gzip:1")] {
            let shards = scratch.appendingPathComponent("shards-\(jobs)-\(compression)")
            let run = try winnow(["clean", text.path, "--shards", shards.path, "--shard-size", "1K", "--jobs", jobs, "--shard-compression", compression])
            #expect(run.status == 0, "\(run.stderr)")
            let (names, bytes) = try shardStream(shards)
            #expect(names.count > 2)
            #expect(names.first == "00000.jsonl.gz")
            #expect(names == names.indices.map { String(format: "%05d.jsonl.gz", $0) })
            #expect(String(decoding: bytes, as: UTF8.self) == stream.stdout)
            // Every shard ends with a whole record, and only the last may be under the size.
            for (index, name) in names.enumerated() {
                let one = try Gzip.decompress([UInt8](Data(contentsOf: shards.appendingPathComponent(name))))
                #expect(one.last == 0x0A)
                for line in one.split(separator: 0x0A) { #expect((try? JSONSerialization.jsonObject(with: Data(line))) != nil) }
                if index < names.count - 1 { #expect(one.count >= 1024) }
            }
            if let earlier { #expect(bytes == earlier) }
            earlier = bytes
            #expect(!FileManager.default.fileExists(atPath: shards.appendingPathComponent("winnow-rejects.jsonl").path))
            let card = try String(contentsOf: shards.appendingPathComponent("README.md"), encoding: .utf8)
            #expect(card.hasPrefix("---\ndataset_info:\n  features:\n"))
            #expect(card.contains("path: \"[0-9]*.jsonl.gz\""))
        }
    }

    @Test func theReportReconcilesAndListsTheShards() throws {
        let (text, jsonl) = try batch()
        let scratch = try temporaryFolder()
        defer { for url in [text, jsonl, scratch] { try? FileManager.default.removeItem(at: url) } }
        let shards = scratch.appendingPathComponent("out")
        let run = try winnow(["clean", "--input-format", "jsonl", jsonl.path, "--shards", shards.path,
                              "--shard-size", "100", "--shard-compression", "none"])
        #expect(run.status == 1, "\(run.stderr)")
        let report = try report(shards)
        let counts = try #require(report["documents"] as? [String: Int])
        #expect(counts["in"] == 4)
        #expect(counts["written"] == 2)
        #expect(counts["in"] == counts["written"]! + counts["dropped"]! + counts["rejected"]!)
        let list = try #require(report["shards"] as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["00000.jsonl", "00001.jsonl"])
        #expect(list.map { $0["records"] as? Int } == [1, 1])
        for item in list {
            let size = try FileManager.default.attributesOfItem(atPath: shards.appendingPathComponent(item["name"] as! String).path)[.size] as? Int
            #expect(item["bytes"] as? Int == size)
            #expect(item["stored_bytes"] as? Int == size)
        }
        let rejects = try String(contentsOf: shards.appendingPathComponent("winnow-rejects.jsonl"), encoding: .utf8)
        #expect(rejects.split(separator: "\n").count == 2)
        // The input's own fields are declared too: a string (null in one record) and a number (an integer in one).
        let card = try String(contentsOf: shards.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(card.contains("  - name: \"lang\"\n    dtype: string\n"))
        #expect(card.contains("  - name: \"score\"\n    dtype: float64\n"))
        #expect(card.contains("path: \"[0-9]*.jsonl\""))
    }

    @Test func refusals() throws {
        let (text, jsonl) = try batch()
        let scratch = try temporaryFolder()
        defer { for url in [text, jsonl, scratch] { try? FileManager.default.removeItem(at: url) } }
        let inside = try winnow(["clean", text.path, "--shards", text.appendingPathComponent("shards").path])
        #expect(inside.status == 2)
        #expect(inside.stderr.contains("refusing to write shards into the input '\(text.path)'"))
        #expect(!FileManager.default.fileExists(atPath: text.appendingPathComponent("shards").path))

        let both = try winnow(["clean", text.path, "--shards", scratch.appendingPathComponent("a").path, "--out", scratch.appendingPathComponent("b").path])
        #expect(both.status == 2)
        #expect(both.stderr.contains("--shards and --out"))
        let text2 = try winnow(["clean", text.path, "--shards", scratch.appendingPathComponent("a").path, "--format", "text"])
        #expect(text2.status == 2)
        let level = try winnow(["clean", text.path, "--shards", scratch.appendingPathComponent("a").path, "--shard-compression", "gzip:0"])
        #expect(level.status == 2)
        #expect(level.stderr.contains("--shard-compression must be gzip, gzip:1 to gzip:9 or none, not 'gzip:0'"))

        let shards = scratch.appendingPathComponent("shards")
        #expect(try winnow(["clean", text.path, "--shards", shards.path, "--shard-size", "1K"]).status == 0)
        let count = try shardStream(shards).names.count
        let again = try winnow(["clean", text.path, "--shards", shards.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("holds shards already ('\(shards.appendingPathComponent("00000.jsonl.gz").path)')"))
        #expect(try shardStream(shards).names.count == count)
        // With --force the earlier shards go, the later ones of a larger run included.
        let forced = try winnow(["clean", text.path, "--shards", shards.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try shardStream(shards).names == ["00000.jsonl.gz"])
        #expect((try report(shards)["shards"] as? [[String: Any]])?.count == 1)
    }

    @Test func standardInputGoesIntoShardsToo() throws {
        let scratch = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let input = Data((0..<20).map { #"{"id": "\#($0)", "text": "Câu số \#($0) của luồng vào, đủ dài để giữ lại cho người đọc."}"# }.joined(separator: "\n").utf8)
        let stream = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl"], stdin: input)
        let shards = scratch.appendingPathComponent("s")
        let run = try winnow(["clean", "--input-format", "jsonl", "--shards", shards.path, "--shard-size", "2K"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        let (names, bytes) = try shardStream(shards)
        #expect(names.count > 1)
        #expect(String(decoding: bytes, as: UTF8.self) == stream.stdout)
        #expect((try report(shards)["documents"] as? [String: Int])?["written"] == 20)
    }

    /// A run killed in the middle leaves whole shards under their names, the unfinished one under a temporary name
    /// (removed by the next run) and no report.
    @Test func aKilledRunLeavesOnlyWholeShards() throws {
        let scratch = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let shards = scratch.appendingPathComponent("s")
        let process = Process()
        process.executableURL = packageRoot.appendingPathComponent(".build/debug/winnow")
        process.arguments = ["clean", "--input-format", "jsonl", "--shards", shards.path, "--shard-size", "4K", "--jobs", "1"]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        let record = { (n: Int) in Data((#"{"id": "\#(n)", "text": "Câu số \#(n) của luồng vào, đủ dài để giữ lại cho người đọc hôm nay."}"# + "\n").utf8) }
        var sent = 0
        // Feed records until some shards are complete, then kill the run while it waits for more.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            for _ in 0..<50 { input.fileHandleForWriting.write(record(sent)); sent += 1 }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: shards.path)) ?? []
            if names.filter({ $0.hasSuffix(".jsonl.gz") && !$0.hasPrefix(".") }).count >= 2 { break }
            usleep(20_000)
        }
        usleep(200_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let names = try FileManager.default.contentsOfDirectory(atPath: shards.path)
        let complete = names.filter { $0.hasSuffix(".jsonl.gz") && !$0.hasPrefix(".") }.sorted()
        #expect(complete.count >= 2)
        #expect(!names.contains("winnow-report.json"))
        var ids: [String] = []
        for name in complete {
            let bytes = try Gzip.decompress([UInt8](Data(contentsOf: shards.appendingPathComponent(name))))
            #expect(bytes.count >= 4096 && bytes.last == 0x0A)
            for line in bytes.split(separator: 0x0A) {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                ids.append(object["id"] as? String ?? "")
            }
        }
        #expect(ids == ids.indices.map(String.init))
        let again = try winnow(["clean", "--input-format", "jsonl", "--shards", shards.path, "--force"], stdin: record(0))
        #expect(again.status == 0, "\(again.stderr)")
        let after = try FileManager.default.contentsOfDirectory(atPath: shards.path)
        #expect(after.filter { $0.hasPrefix(".") && $0 != ".winnow.lock" }.isEmpty)
        #expect(after.filter { $0.hasSuffix(".jsonl.gz") } == ["00000.jsonl.gz"])
    }
}
