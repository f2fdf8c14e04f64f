import Foundation
import Testing

/// Documents of text or sentences on standard output run together line after line; --document-separator puts
/// a line of the user's choice between them.
@Suite struct DocumentSeparatorTests {
    func twoArticles() throws -> URL {
        let folder = try temporaryFolder()
        try "Câu một của bài thứ nhất, đủ dài để giữ lại.\n".write(to: folder.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "Câu một của bài thứ hai, cũng đủ dài để giữ lại.\n".write(to: folder.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aFormFeedLineGoesBetweenDocumentsOnly() throws {
        let input = try twoArticles()
        defer { try? FileManager.default.removeItem(at: input) }
        let run = try winnow(["clean", input.path, "--document-separator", "\\f"])
        #expect(run.stdout == "Câu một của bài thứ nhất, đủ dài để giữ lại.\n\u{0C}\nCâu một của bài thứ hai, cũng đủ dài để giữ lại.\n")
        let dashes = try winnow(["clean", input.path, "--format", "sentences", "--document-separator=---"])
        #expect(dashes.stdout.components(separatedBy: "\n---\n").count == 2)
        let plain = try winnow(["clean", input.path])
        #expect(plain.stdout.split(separator: "\n").count == 2, "without the option, as before")
    }

    @Test func jsonlNeedsNoSeparator() throws {
        let input = try twoArticles()
        defer { try? FileManager.default.removeItem(at: input) }
        let run = try winnow(["clean", input.path, "--format", "jsonl", "--document-separator", "\\f"])
        #expect(!run.stdout.contains("\u{0C}"))
        #expect(run.stdout.split(separator: "\n").count == 2)
    }
}
