import Foundation
import Testing
@testable import Winnow

/// Rejected records kept on disk for the rejects file: given back in the order asked, leaving nothing behind.
@Suite struct RecordSpillTests {
    /// The records come back in the order asked, whatever the order they came in, and the spill has no name
    /// in its folder.
    @Test func rejectedRecordsComeBackInTheOrderAsked() throws {
        let folder = try temporaryFolder("atomic")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spill = try RecordSpill(in: folder, for: "winnow-rejects.jsonl")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        // Small records, and some larger than the spill's buffer.
        let records: [[UInt8]] = (0..<500).map { index in
            Array("{\"n\":\(index),\"text\":\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: index % 97 == 0 ? 1_300_000 : index) + Array("\"}\n".utf8)
        }
        for record in records { spill.append(record) }
        #expect(spill.count == 500)
        var order = Array(0..<500)
        order.swapAt(3, 400)
        order.swapAt(10, 11)
        order.reverse()
        let next = spill.pieces(in: order)
        var back: [UInt8] = []
        while true {
            let piece = try next()
            if piece.isEmpty { break }
            #expect(piece.count <= RecordSpill.bufferBytes)
            back += piece
        }
        #expect(back == order.flatMap { records[$0] })
    }

    @Test func aSpillThatCannotBeMadeSaysWhy() {
        do {
            _ = try RecordSpill(in: "/nonexistent-winnow-folder", for: "rejects.jsonl")
            Issue.record("a spill was made in a folder that does not exist")
        } catch {
            #expect(error.description == "No such file or directory")
        }
    }
}
