import Foundation
import Testing

/// Issue 13, line repair: `winnow clean` rejoins sentences an extractor split at inline links, on a real article
/// of ../shared/corpus, and logs every join.
@Suite struct JoinCLITests {
    @Test func aRealArticleSplitAtInlineLinksComesOutWhole() throws {
        let article = packageRoot.appendingPathComponent("../shared/corpus/vi-news-2017/21470108.txt").standardized
        let input = try String(contentsOf: article, encoding: .utf8)
        #expect(input.contains("Hiện \nhãng xe BMW\n vẫn chưa công bố"))
        let run = try winnow(["clean", "--format", "jsonl", article.path])
        #expect(run.status == 0)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let text = try #require(record["text"] as? String)
        #expect(text.contains("Hiện hãng xe BMW vẫn chưa công bố"))
        let sentences = try #require(record["sentences"] as? [String])
        #expect(sentences.contains { $0.hasPrefix("Hiện hãng xe BMW vẫn chưa công bố") })
        let removed = try #require(record["removed"] as? [[String: Any]])
        let joins = removed.filter { $0["action"] as? String == "joined" }
        #expect(joins.contains { $0["text"] as? String == "hãng xe BMW" && $0["rule"] as? String == "join.split-line" })
    }

    @Test func theJoinStageIsNamedInThePipelineAndLeftOutKeepsTheSplit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-join-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func clean(pipeline: String) throws -> Run {
            let rules = folder.appendingPathComponent("rules.yaml")
            try "version: 1\npipeline: [\(pipeline)]\n".write(to: rules, atomically: true, encoding: .utf8)
            return try winnow(["clean", "--rules", rules.path], stdin: Data("Theo\n Yibada\n".utf8))
        }
        let without = try clean(pipeline: "decode, normalize, segment, write")
        #expect(without.status == 0)
        #expect(without.stdout == "Theo\n\nYibada\n")
        let with = try clean(pipeline: "decode, normalize, join, segment, write")
        #expect(with.status == 0)
        #expect(with.stdout == "Theo Yibada\n")
    }
}
