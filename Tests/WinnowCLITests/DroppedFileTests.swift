import Foundation
import Testing

/// Nothing a run drops disappears from sight: --dropped writes each dropped document's record with its reason.
@Suite struct DroppedFileTests {
    @Test func droppedDocumentsAreWrittenWithTheirReason() throws {
        let input = try temporaryFolder()
        let scratch = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: scratch) }
        try "Câu một của bài báo hôm nay, đủ dài để giữ lại cho người đọc.\n".write(to: input.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "okvip\nhi88 uy tín\nmiso88\nNhà cái new88\nChào bạn.\n".write(to: input.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        let dropped = scratch.appendingPathComponent("dropped.jsonl")
        let run = try winnow(["clean", input.path, "--out", scratch.appendingPathComponent("out").path, "--dropped", dropped.path])
        #expect(run.status == 0)
        let lines = try String(contentsOf: dropped, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(record["id"] as? String == "b")
        #expect((record["dropped"] as? [String: String])?["rule"] == "filter.gambling-page")
        #expect((record["removed"] as? [[String: Any]])?.contains { $0["text"] as? String == "okvip" } == true)
    }

    @Test func aDroppedFileInsideAnInputIsRefused() throws {
        let input = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: input) }
        try "Câu một.\n".write(to: input.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        let run = try winnow(["clean", input.path, "--dropped", input.appendingPathComponent("dropped.jsonl").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("refusing to write the dropped-documents file"))
    }
}
