import Foundation
import Testing
import WinnowZlib
@testable import Winnow

/// The shard writer and the dataset card, without the binary.
@Suite struct ShardWriterTests {
    @Test func shardNames() {
        #expect(ShardWriter.name(0, compressed: true) == "00000.jsonl.gz")
        #expect(ShardWriter.name(123456, compressed: false) == "123456.jsonl")
        #expect(ShardWriter.isShardName("00042.jsonl.gz"))
        #expect(ShardWriter.isShardName("7.jsonl"))
        #expect(!ShardWriter.isShardName("winnow-rejects.jsonl"))
        #expect(!ShardWriter.isShardName(".00000.jsonl.gz.winnow-tmp"))
        #expect(!ShardWriter.isShardName(".jsonl"))
    }

    @Test func aShardClosesAfterTheRecordThatReachesTheSize() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = ShardWriter(folder: folder.path, limit: 12, compressed: true)
        for record in ["{\"a\":1}\n", "{\"b\":22}\n", "{\"c\":333}\n"] { writer.write(Array(record.utf8)) }
        // Before finish, the open shard has only its temporary name.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("00001.jsonl.gz").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(".00001.jsonl.gz.winnow-tmp").path))
        #expect(writer.finish() == nil)
        #expect(writer.shards.map(\.name) == ["00000.jsonl.gz", "00001.jsonl.gz"])
        #expect(writer.shards.map(\.records) == [2, 1])
        #expect(writer.shards.map(\.bytes) == [17, 10])
        let first = try Gzip.decompress([UInt8](Data(contentsOf: folder.appendingPathComponent("00000.jsonl.gz"))))
        #expect(String(decoding: first, as: UTF8.self) == "{\"a\":1}\n{\"b\":22}\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["00000.jsonl.gz", "00001.jsonl.gz"])
    }

    @Test func theCardDeclaresCarriedFieldsItCanAndNamesTheOthers() {
        var card = DatasetCard(textField: "content", idField: "id", compressed: true)
        card.observe(Array(#"{"id":"1","content":"x","lang":null,"n":1,"tags":["a"]}"#.utf8))
        card.observe(Array(#"{"id":"2","content":"y","lang":"vi","n":2.5,"tags":[]}"#.utf8))
        #expect(card.carried.map(\.key) == ["lang", "n", "tags"])
        #expect(card.carried.map(\.kind) == [.string, .float, .other])
        let text = card.render(shards: 1)
        #expect(!text.contains("dataset_info"))
        #expect(text.contains("`tags`"))
        var plain = DatasetCard(textField: "content", idField: "id", compressed: false)
        plain.observe(Array(#"{"id":"1","content":"x","ok":true}"#.utf8))
        let declared = plain.render(shards: 2)
        #expect(declared.contains("  - name: \"content\"\n    dtype: string\n"))
        #expect(declared.contains("  - name: \"ok\"\n    dtype: bool\n"))
        #expect(declared.contains("path: \"[0-9]*.jsonl\""))
    }
}
