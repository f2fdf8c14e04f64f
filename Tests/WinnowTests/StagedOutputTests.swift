import Foundation
import Testing
import WinnowZlib
@testable import Winnow

/// Outputs written a piece at a time: the same bytes, hashes and decisions as when they were held whole.
@Suite struct StagedOutputTests {
    /// Bytes that do not repeat in a short period, so that a piece out of place shows.
    static func bytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    /// `bytes` cut into pieces of varied sizes (1 byte to 1.5 MB).
    static func pieces(_ bytes: [UInt8]) -> [[UInt8]] {
        let sizes = [1, 7, 8, 9, 4096, 65_537, 1 << 20, 3 << 19, 3]
        var pieces: [[UInt8]] = [], at = 0, turn = 0
        while at < bytes.count {
            let size = min(sizes[turn % sizes.count], bytes.count - at)
            pieces.append(Array(bytes[at..<(at + size)]))
            at += size
            turn += 1
        }
        return pieces
    }

    func stage(_ contents: [UInt8], at path: String, existing: [UInt8]?, replace: Bool = false, completeShort: Bool = false,
               always: Bool = false, compress: Bool = false) throws -> OutputFolder.Staged {
        if let existing { try Data(existing).write(to: URL(fileURLWithPath: path)) } else { unlink(path) }
        let output = OutputFolder.StagedOutput(path: path, checkExisting: true, completeShort: completeShort, compress: compress)
        for piece in Self.pieces(contents) { output.write(piece) }
        return output.finish(replace: replace, always: always)
    }

    /// The values the journal has always held (the committed out/ journal depends on them).
    @Test func theHashKeepsItsValuesAndDoesNotDependOnThePieces() {
        #expect(OutputFolder.fnv1a64([]) == 0x0832_8807_b4eb_6fed)
        #expect(OutputFolder.fnv1a64(Array("a".utf8)) == 0x089b_e307_b544_f397)
        #expect(OutputFolder.fnv1a64(Array("12345678".utf8)) == 0x77e3_ee6c_4364_4df4)
        #expect(OutputFolder.fnv1a64(Array("Câu một của bài báo.\n".utf8)) == 0x5c8e_42ec_0582_4dce)
        let bytes = Self.bytes(3_000_017)
        var hasher = OutputFolder.FNV1a64()
        for piece in Self.pieces(bytes) { hasher.add(piece) }
        #expect(hasher.value == OutputFolder.fnv1a64(bytes))
        #expect(hasher.count == bytes.count)
    }

    @Test func decisionsMatchTheOnesMadeOnWholeBytes() throws {
        let folder = try temporaryFolder("staged")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/a.jsonl", temporary = folder + "/.a.jsonl.winnow-tmp"
        let contents = Self.bytes(2_500_000)
        let written = OutputFolder.Written(contents)
        func staged(_ outcome: OutputFolder.Staged) throws -> [UInt8]? {
            guard case .staged(let file, let size) = outcome else { return nil }
            #expect(file == temporary)
            #expect(size == written)
            defer { unlink(file) }
            return Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        }
        // No output yet: written whole.
        #expect(try staged(try stage(contents, at: path, existing: nil)) == contents)
        // The same bytes: unchanged, and nothing written.
        guard case .unchanged(let same) = try stage(contents, at: path, existing: contents) else {
            Issue.record("the same output was not found unchanged")
            return
        }
        #expect(same == written)
        #expect(!FileManager.default.fileExists(atPath: temporary))
        // Other bytes (after the first megabyte, in the last byte, an existing output longer or shorter): differs,
        // unless replaced; nothing left behind.
        var changed = contents
        changed[1_500_000] ^= 1
        var lastChanged = contents
        lastChanged[contents.count - 1] ^= 1
        let longer = contents + [0x0A]
        let shorter = Array(contents.prefix(1_700_000))
        for existing in [changed, lastChanged, longer, shorter] {
            guard case .differs = try stage(contents, at: path, existing: existing) else {
                Issue.record("an output that differs was not found to differ")
                continue
            }
            #expect(!FileManager.default.fileExists(atPath: temporary))
            #expect(try staged(try stage(contents, at: path, existing: existing, replace: true)) == contents)
        }
        // A strict prefix (what a crash leaves) is completed with --resume, the empty file too.
        #expect(try staged(try stage(contents, at: path, existing: shorter, completeShort: true)) == contents)
        #expect(try staged(try stage(contents, at: path, existing: [], completeShort: true)) == contents)
        // `always` stages even the same bytes (an input cut short goes to NAME.partial).
        #expect(try staged(try stage(contents, at: path, existing: contents, always: true)) == contents)
        // The existing output is left as it was.
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == contents)
        // An empty output.
        guard case .unchanged = try stage([], at: path, existing: []) else {
            Issue.record("an empty output the same as the existing one was not found unchanged")
            return
        }
    }

    /// Compressed a megabyte at a time, the output has the bytes of the whole compressed at once.
    @Test func aGzipOutputWrittenInPiecesIsTheOneCompressedWhole() throws {
        let folder = try temporaryFolder("staged")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = Array(String(repeating: "{\"id\":\"r\",\"text\":\"Câu một của bài báo hôm nay.\"}\n", count: 60_000).utf8)
            + Self.bytes(500_000)
        let whole = try Gzip.compress(text)
        let outcome = try stage(text, at: folder + "/a.jsonl.gz", existing: nil, compress: true)
        guard case .staged(let temporary, let written) = outcome else {
            Issue.record("not staged: \(outcome)")
            return
        }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: temporary))) == whole)
        #expect(written == OutputFolder.Written(whole))
        #expect(OutputFolder.measure(temporary, size: whole.count) == written)
        #expect(OutputFolder.measure(temporary, size: whole.count - 1) == nil)
    }
}
