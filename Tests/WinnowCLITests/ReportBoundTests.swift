import Foundation
import Testing

/// Issue 15: the report keeps a bounded list of the documents it drops and rejects (the first 1,000 of each in
/// input order) and counts the rest, which are all in the --dropped and rejects files; counts still reconcile.
@Suite(.serialized) struct ReportBoundTests {
    /// 1,500 records: the odd ones a tag page's name alone (dropped: no article text), every tenth one cut short
    /// (rejected), the rest an article's sentence.
    func records() -> String {
        (0..<1_500).map { index -> String in
            let text = index % 2 == 1 ? "Giá vàng" : "Câu số \(index) của bài báo, viết đủ dài để là một câu trọn vẹn của bài."
            let line = "{\"id\":\"r\(index)\",\"text\":\"\(text)\"}"
            return (index % 10 == 0 ? String(line.prefix(12)) : line) + "\n"
        }.joined()
    }

    func object(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func theReportListsTheFirstThousandDroppedAndRejectedAndCountsTheRest() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
        try Data(records().utf8).write(to: root.appendingPathComponent("in/a.jsonl"))
        let run = try winnow(["clean", "in", "--input-format", "jsonl", "--format", "jsonl", "--out", "out",
                              "--dropped", "dropped.jsonl", "--jobs", "2"], in: root)
        #expect(run.status == 1)
        // 150 rejected (every tenth), 750 dropped (the odd ones), 600 written.
        #expect(run.stderr.contains("1500 in, 600 written (0 unchanged), 750 dropped, 150 rejected"), "\(run.stderr)")
        let report = try object(root.appendingPathComponent("out/winnow-report.json"))
        let counts = try #require(report["documents"] as? [String: Int])
        #expect(counts == ["in": 1500, "written": 600, "dropped": 750, "rejected": 150])
        // Under the limit: every one listed, and no "_not_listed" key.
        #expect((report["dropped"] as? [Any])?.count == 750)
        #expect(report["dropped_not_listed"] == nil)

        // The same records three times over: 2,250 dropped, 450 rejected.
        let thrice = records() + records() + records()
        try Data(thrice.utf8).write(to: root.appendingPathComponent("in/a.jsonl"))
        let big = try winnow(["clean", "in", "--input-format", "jsonl", "--format", "jsonl", "--out", "out2",
                              "--dropped", "dropped2.jsonl", "--jobs", "2"], in: root)
        #expect(big.stderr.contains("4500 in, 1800 written (0 unchanged), 2250 dropped, 450 rejected"), "\(big.stderr)")
        let bigReport = try object(root.appendingPathComponent("out2/winnow-report.json"))
        #expect(try #require(bigReport["documents"] as? [String: Int]) == ["in": 4500, "written": 1800, "dropped": 2250, "rejected": 450])
        let listed = try #require(bigReport["dropped"] as? [[String: Any]])
        #expect(listed.count == 1000)
        #expect(bigReport["dropped_not_listed"] as? Int == 1250)
        // The first thousand in input order: lines 2, 4, 6, ... (odd record numbers), never a gap.
        #expect(listed.map { $0["source"] as? String } == (0..<1000).map { "in/a.jsonl:\(2 * $0 + 2)" })
        // The dropped-documents file has every one of them.
        let droppedLines = try String(contentsOf: root.appendingPathComponent("dropped2.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(droppedLines.count == 2250)
        // The journal keeps the count of what its line does not list, so that a resumed run reports the same.
        let resumed = try winnow(["clean", "in", "--input-format", "jsonl", "--format", "jsonl", "--out", "out2", "--resume"], in: root)
        #expect(resumed.stderr.contains("2250 dropped"), "\(resumed.stderr)")
        let after = try object(root.appendingPathComponent("out2/winnow-report.json"))
        #expect(try #require(after["documents"] as? [String: Int]) == ["in": 4500, "written": 1800, "dropped": 2250, "rejected": 450])
    }

    @Test func rejectionsFoundOutOfOrderAreListedInInputOrder() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        // 1,200 broken records on standard input: the report lists the first 1,000 by line, the rejects file all.
        let input = (1...1_200).map { "{\"id\":\"r\($0)\",\"text\":\"Câu \($0)" }.joined(separator: "\n") + "\n"
        let run = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl", "--rejects", "rejects.jsonl", "--jobs", "2", "--verbose"],
                             stdin: Data(input.utf8), in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("... and 200 more rejected (all in the rejects file, with their causes)"), "\(run.stderr.suffix(400))")
        let rejects = try String(contentsOf: root.appendingPathComponent("rejects.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(rejects.count == 1200)
        // The end-of-run list names lines 1 to 1000 in order (each rejection was also told as it was found).
        let named = run.stderr.split(separator: "\n").filter { $0.hasPrefix("rejected: -:") }
        #expect(named.count == 1000)
        #expect(named.first?.hasPrefix("rejected: -:1:") == true)
        #expect(named.last?.hasPrefix("rejected: -:1000:") == true)
    }
}
