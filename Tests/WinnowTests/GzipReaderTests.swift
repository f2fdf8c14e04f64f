import Foundation
import Testing
@testable import Winnow
import WinnowZlib

/// The gzip inflater and the line reader: bounded pieces, and what comes before a fault.
struct GzipReaderTests {
    let text = Array((0..<2000).map { "Dòng số \($0) của tệp.\n" }.joined().utf8)

    @Test func piecesNeverExceedTheLimitAndABombStopsAtIt() throws {
        let compressed = try Gzip.compress(text)
        let inflater = try Gzip.Inflater()
        inflater.give(compressed)
        var out: [UInt8] = []
        while true {
            let piece = try inflater.take(limit: 1000)
            #expect(piece.count <= 1000)
            if piece.isEmpty { break }
            out += piece
        }
        try inflater.finish()
        #expect(out == text)
        let bomb = try Gzip.compress([UInt8](repeating: 0, count: 50 << 20))
        #expect(bomb.count < 100_000)
        #expect(throws: Gzip.Failure.self) { try Gzip.decompress(bomb, limit: 1 << 20) }
        do { _ = try Gzip.decompress(bomb, limit: 1 << 20) } catch { #expect(error.kind == .tooLarge) }
    }

    /// Found by FuzzGzip: fed a byte at a time and taken a byte at a time, the inflater asked for more input
    /// while zlib still held output (the rest of a match), so the bytes just before a cut were lost.
    @Test func outputZlibHoldsIsTakenBeforeMoreInputIsWanted() throws {
        let compressed = try Gzip.compress(Array(text.prefix(6000)))
        func inflate(_ data: [UInt8], chunk: Int, limit: Int) throws -> (bytes: [UInt8], fault: Gzip.Failure.Kind?) {
            let inflater = try Gzip.Inflater()
            var out: [UInt8] = []
            do {
                for start in stride(from: 0, to: data.count, by: chunk) {
                    inflater.give(Array(data[start..<min(start + chunk, data.count)]))
                    while case let piece = try inflater.take(limit: limit), !piece.isEmpty { out += piece }
                }
                try inflater.finish()
                return (out, nil)
            } catch {
                return (out, error.kind)
            }
        }
        for cut in stride(from: 40, through: compressed.count, by: 23) {
            let data = Array(compressed.prefix(cut))
            let whole = try inflate(data, chunk: data.count, limit: 1 << 20)
            for (chunk, limit) in [(1, 1), (3, 2)] {
                let pieces = try inflate(data, chunk: chunk, limit: limit)
                #expect(pieces.bytes == whole.bytes && pieces.fault == whole.fault, "cut at \(cut), chunks of \(chunk), pieces of \(limit)")
            }
        }
    }

    @Test func membersSplitAnywhereAcrossChunksAreOneStream() throws {
        let data = try Gzip.compress(Array(text[..<1000])) + Gzip.compress(Array(text[1000...]))
        // Every split point around the boundary between the two members, the magic number's two bytes included.
        let boundary = try Gzip.compress(Array(text[..<1000])).count
        for split in (boundary - 3)...(boundary + 3) {
            let inflater = try Gzip.Inflater()
            var out: [UInt8] = []
            for chunk in [Array(data[..<split]), Array(data[split...])] {
                inflater.give(chunk)
                while case let piece = try inflater.take(limit: 4096), !piece.isEmpty { out += piece }
            }
            try inflater.finish()
            #expect(out == text, "split at \(split)")
        }
    }

    @Test func faultsComeAfterEveryByteBeforeThem() throws {
        let compressed = try Gzip.compress(text)
        func kind(_ bytes: [UInt8]) -> (Int, Gzip.Failure.Kind?) {
            let inflater = try! Gzip.Inflater()
            inflater.give(bytes)
            var count = 0
            do {
                while case let piece = try inflater.take(limit: 1 << 16), !piece.isEmpty { count += piece.count }
                try inflater.finish()
                return (count, nil)
            } catch {
                return (count, error.kind)
            }
        }
        #expect(kind(compressed) == (text.count, nil))
        #expect(kind(compressed + [0x00]) == (text.count, .trailingJunk))
        #expect(kind(compressed + [0x1F]) == (text.count, .trailingJunk))
        let (cutCount, cut) = kind(Array(compressed.prefix(compressed.count / 2)))
        #expect(cut == .truncated)
        #expect(cutCount > 0 && cutCount < text.count)
        var flipped = compressed
        flipped[flipped.count - 6] ^= 0xFF   // the CRC: every byte comes out, then the check fails
        #expect(kind(flipped) == (text.count, .corrupt))
    }

    /// A pipe holding `bytes`, read by a line reader.
    func reader(_ bytes: [UInt8], limit: Int) throws -> LineReader {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let writer = ends[1]
        let thread = Thread {
            _ = bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let wrote = write(writer, buffer.baseAddress! + offset, buffer.count - offset)
                    if wrote <= 0 { break }
                    offset += wrote
                }
            }
            close(writer)
        }
        thread.start()
        return LineReader(descriptor: ends[0], maxLineBytes: limit)
    }

    func items(_ reader: LineReader) -> (items: [LineReader.Item], fault: LineReader.Fault?) {
        var items: [LineReader.Item] = []
        do {
            while let item = try reader.next() { items.append(item) }
            return (items, nil)
        } catch {
            return (items, error)
        }
    }

    @Test func overLongLinesAreSkippedAndTheLinesAfterThemRead() throws {
        let input = Array("a\n".utf8) + [UInt8](repeating: 0x62, count: 5000) + Array("\nc\nlast".utf8)
        let (items, fault) = items(try reader(input, limit: 100))
        #expect(fault == nil)
        #expect(items == [.line(Array("a".utf8)), .tooLong(bytes: 5000), .line(Array("c".utf8)), .line(Array("last".utf8))])
        // Gzip on the way changes nothing, and an over-long last line without a line end is told too.
        let (zipped, _) = self.items(try reader(try Gzip.compress(input + [UInt8](repeating: 0x64, count: 300)), limit: 100))
        #expect(zipped.last == .tooLong(bytes: 304))
    }

    @Test func aTruncatedStreamGivesItsWholeLinesThenTheFaultWithTheCutLine() throws {
        let compressed = try Gzip.compress(text)
        let (items, fault) = items(try reader(Array(compressed.prefix(compressed.count * 2 / 3)), limit: 1 << 20))
        let fault_ = try #require(fault)
        #expect(fault_.message.hasPrefix("truncated gzip data"))
        // What came out, joined again, is a prefix of the text: whole lines, then the start of the one cut off.
        let lines = items.map { item -> [UInt8] in
            guard case .line(let line) = item else { return [] }
            return line + [0x0A]
        }
        #expect(!items.isEmpty)
        #expect(text.starts(with: lines.joined() + fault_.partial))
        #expect(!fault_.partial.isEmpty)
    }
}
