import Foundation
import Testing

/// `explain` on the unit corpus builders work with: one record of a JSON-lines file or shard, by line or id.
@Suite struct ExplainRecordTests {
    static let records = """
        {"id":"a","text":"Câu một của bài thứ nhất, đủ dài để giữ lại.\\nChia sẻ"}
        {"id":"b","text":"Câu văn của bài thứ hai, cũng đủ dài để giữ lại.\\n\\nokvip"}

        """

    @Test func aRecordIsExplainedByLineOrByIdAlsoInAGzipShard() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("shard.jsonl")
        try Self.records.write(to: file, atomically: true, encoding: .utf8)
        let byLine = try winnow(["explain", file.path, "--record", "2", "--format", "jsonl"])
        #expect(byLine.status == 0)
        #expect(byLine.stdout.contains("\"rule\":\"spam.gambling-line\""))
        #expect(!byLine.stdout.contains("Chia sẻ"))

        let gzip = try runTool(URL(fileURLWithPath: "/bin/gzip"), ["-k", file.path])
        #expect(gzip.status == 0)
        let byId = try winnow(["explain", file.path + ".gz", "--id", "a"])
        #expect(byId.status == 0)
        #expect(byId.stdout.contains("widget.vi-share"))
        #expect(!byId.stdout.contains("okvip"))
    }

    @Test func aRecordsURLOrTheURLGivenApartIsReadAsThePagesAddress() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let teaser = "Mưa lũ miền Trung\nNhững ngày vừa qua, tại nhiều tỉnh miền Trung đã có mưa lớn gây lũ quét khiến ít nhất 5 người chết."
        let file = folder.appendingPathComponent("tags.jsonl")
        try "{\"id\":\"t\",\"url\":\"https://example.vn/tag/mua-lu\",\"text\":\"\(teaser.replacingOccurrences(of: "\n", with: "\\n"))\"}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let record = try winnow(["explain", file.path, "--id", "t"])
        #expect(record.stdout.contains("# document dropped by judge.listing-address"))
        let text = folder.appendingPathComponent("teaser.txt")
        try teaser.write(to: text, atomically: true, encoding: .utf8)
        #expect(!(try winnow(["explain", text.path])).stdout.contains("document dropped"))
        let given = try winnow(["explain", text.path, "--url", "https://example.vn/tag/mua-lu"])
        #expect(given.stdout.contains("# document dropped by judge.listing-address"))
    }

    @Test func aMissingRecordIsAUsageErrorNamingTheFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("shard.jsonl")
        try Self.records.write(to: file, atomically: true, encoding: .utf8)
        let missing = try winnow(["explain", file.path, "--id", "zz"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("\(file.path): no record whose 'id' is 'zz'"))
        let both = try winnow(["explain", file.path, "--id", "a", "--record", "1"])
        #expect(both.status == 2)
    }

    @Test func aJSONLinesFileExplainedWholeGetsAWarningAndADroppedPageSaysWhy() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("shard.jsonl")
        try Self.records.write(to: file, atomically: true, encoding: .utf8)
        let whole = try winnow(["explain", file.path])
        #expect(whole.status == 0)
        #expect(whole.stderr == "winnow: warning: \(file.path) looks like JSON lines (its first line is a JSON object with a string field 'text') "
                + "and is explained as one text; to explain one record, pass --record LINE or --id ID\n")
        #expect(try winnow(["explain", file.path, "--record", "1"]).stderr == "")
        // A page with nothing left: the JSON lines end with the document's drop, as the plain format's last line.
        let empty = folder.appendingPathComponent("empty.txt")
        try Data("  \n\n".utf8).write(to: empty)
        let machine = try winnow(["explain", empty.path, "--format", "jsonl"])
        let last = try #require(machine.stdout.split(separator: "\n").last)
        let document = try #require((try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])?["document"] as? [String: Any])
        #expect((document["dropped"] as? [String: Any])?["rule"] as? String == "filter.empty")
    }

    @Test func aPageTheDocumentModelWeighedShowsItsScoreAndWhatWeighedMost() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let article = folder.appendingPathComponent("article.txt")
        try """
            Hội nghị tổng kết công tác năm

            Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm và triển khai nhiệm vụ của năm tới với nhiều đại biểu.

            Báo cáo tại hội nghị cho biết, tốc độ tăng trưởng kinh tế của tỉnh đạt khá so với kế hoạch đề ra từ đầu năm nay.

            Phát biểu chỉ đạo, Chủ tịch tỉnh yêu cầu các sở, ngành tập trung tháo gỡ khó khăn cho doanh nghiệp trong thời gian tới.

            Hội nghị cũng khen thưởng nhiều tập thể và cá nhân có thành tích xuất sắc trong năm qua.

            Các đại biểu thống nhất với phương hướng, nhiệm vụ và giải pháp trọng tâm của năm tới.
            """.write(to: article, atomically: true, encoding: .utf8)
        let plain = try winnow(["explain", article.path])
        let line = try #require(plain.stdout.split(separator: "\n").first { $0.hasPrefix("# page score ") })
        #expect(line.contains("(drops at "))
        let machine = try winnow(["explain", article.path, "--format", "jsonl"])
        let last = try #require(machine.stdout.split(separator: "\n").last)
        let document = try #require((try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])?["document"] as? [String: Any])
        let page = try #require(document["page"] as? [String: Any])
        let score = try #require(page["score"] as? Double), threshold = try #require(page["threshold"] as? Double)
        // An article: kept, so below the score that drops a page, and the reasons are named measurements.
        #expect(score < threshold)
        #expect(document["dropped"] is NSNull)
        #expect(!(try #require(page["contributions"] as? [String: Any])).isEmpty)
    }
}
