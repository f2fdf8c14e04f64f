import Foundation
import Testing

/// A batch shows how far it has come on standard error: on a terminal by itself, with --progress when standard
/// error is a file or a pipe, never with --quiet, and never on standard output.
@Suite struct ProgressTests {
    func folderOfThree() throws -> URL {
        let folder = try temporaryFolder()
        for index in 1...3 {
            try "Câu số \(index) của bài báo hôm nay rất dài và đầy đủ ý nghĩa cho người đọc.\n"
                .write(to: folder.appendingPathComponent("\(index).txt"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func progressEndsWithTheBatchFigures() throws {
        let input = try folderOfThree()
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(at: out) }
        let run = try winnow(["clean", input.path, "--out", out.appendingPathComponent("o").path, "--progress"])
        #expect(run.status == 0)
        let last = run.stderr.split(separator: "\n").first { $0.hasSuffix("(done)") }
        let bytes = try (1...3).reduce(0) { total, index in
            total + (try FileManager.default.attributesOfItem(atPath: input.appendingPathComponent("\(index).txt").path)[.size] as! Int)
        }
        let megabytes = String(format: "%.1f", Double(bytes) / 1_000_000)
        #expect(last?.hasPrefix("3 documents · \(megabytes) of \(megabytes) MB · ") == true, "\(run.stderr)")
    }

    @Test func quietOrPipedShowsNoProgress() throws {
        let input = try folderOfThree()
        defer { try? FileManager.default.removeItem(at: input) }
        let piped = try winnow(["clean", input.path])
        #expect(!piped.stderr.contains("documents ·"))
        #expect(piped.stdout.split(separator: "\n").count == 3, "the text alone on standard output")
        let quiet = try winnow(["clean", input.path, "--progress", "--quiet"])
        #expect(!quiet.stderr.contains("documents ·"))
    }
}
