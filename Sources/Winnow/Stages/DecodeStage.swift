import Foundation
import WinnowICU

/// bytes -> lines. Decodes the document's bytes (UTF-8 by default, with or without BOM; UTF-16 with a BOM; any
/// encoding ICU converts, named or detected), splits them at LF, CRLF and lone CR, numbers the lines from 1, and
/// keeps the non-blank ones with the count of blank lines before each.
///
/// Invalid UTF-8 becomes U+FFFD and is counted, or rejects the document when `strict` is set. Input that looks
/// binary (NUL bytes) is rejected.
public struct DecodeStage: Stage {
    public let name = StageName.decode
    public var options: DecodeOptions

    public init(options: DecodeOptions) {
        self.options = options
    }

    public func run(_ document: inout Document) throws(Rejection) {
        var bytes = document.bytes
        document.bytes = []
        var encoding = options.encoding.lowercased()
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
            encoding = "utf-8"
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            encoding = bytes[0] == 0xFF ? "utf-16le" : "utf-16be"
            bytes.removeFirst(2)
        }
        if encoding.hasPrefix("utf-16") {
            document.decoding.encoding = encoding.uppercased()
            let text = try decodeLegacy(bytes, from: encoding)
            splitLines(Array(text.utf8), into: &document)
            return
        }
        if let nul = Self.firstNUL(in: bytes) {
            let line = bytes[..<nul].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            throw Rejection(.binary, "binary data (NUL byte at offset \(nul)); not cleaned", line: line)
        }
        if encoding == "auto" {
            if String(validating: bytes, as: UTF8.self) != nil {
                encoding = "utf-8"
            } else if let guess = Charset.detect(bytes) {
                encoding = guess.name
                document.decoding.detectedConfidence = guess.confidence
            } else {
                encoding = "utf-8"
            }
        }
        if encoding == "utf-8" || encoding == "utf8" {
            document.decoding.encoding = "UTF-8"
            splitLines(bytes, into: &document)
            if options.strict, let first = document.decoding.linesWithReplacements.first {
                throw Rejection(.invalidUTF8, "invalid UTF-8 (\(document.decoding.replacements) bad sequences); --strict rejects it", line: first)
            }
        } else {
            document.decoding.encoding = encoding
            let text = try decodeLegacy(bytes, from: encoding)
            splitLines(Array(text.utf8), into: &document)
        }
    }

    private func decodeLegacy(_ bytes: [UInt8], from encoding: String) throws(Rejection) -> String {
        do {
            return try Charset.decode(bytes, from: encoding)
        } catch {
            throw Rejection(.undecodable, "cannot decode as \(encoding): \(error)")
        }
    }

    /// Makes the document's text from UTF-8 bytes and splits it into lines, repairing invalid sequences, and
    /// records blank lines as gaps. Valid bytes (nearly every input) become the text as they are; each line is
    /// a range of them, without its line end.
    private func splitLines(_ bytes: [UInt8], into document: inout Document) {
        if bytes.withUnsafeBufferPointer(UTF8Check.isValid) {
            document.lines = Self.lines(of: bytes)
            document.text = bytes
            return
        }
        // Invalid UTF-8: each line with invalid sequences is repaired (U+FFFD), counted and listed.
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count + bytes.count / 8)
        var lines: [Line] = []
        for var line in Self.lines(of: bytes) {
            let slice = bytes[line.range]
            let start = text.count
            if let valid = String(validating: slice, as: UTF8.self) {
                text += valid.utf8
            } else {
                let repaired = String(decoding: slice, as: UTF8.self)
                let replaced = repaired.unicodeScalars.reduce(0) { $1 == "\u{FFFD}" ? $0 + 1 : $0 }
                    - slice.withUnsafeBufferPointer(Self.literalReplacementCharacters)
                document.decoding.replacements += max(replaced, 1)
                document.decoding.linesWithReplacements.append(line.number)
                text += repaired.utf8
            }
            line.range = start..<text.count
            lines.append(line)
        }
        document.lines = lines
        document.text = text
    }

    /// The non-blank lines of `bytes` as ranges (line ends excluded), numbered, with the blank lines before
    /// each and their words. One pass finds the line ends, whether a line is blank (only spaces and tabs), and
    /// its words (runs between spaces), eight bytes at a time between tabs and line ends.
    private static func lines(of bytes: [UInt8]) -> [Line] {
        bytes.withUnsafeBufferPointer { buffer -> [Line] in
            var lines: [Line] = []
            guard let base = buffer.baseAddress else { return lines }
            let raw = UnsafeRawPointer(base)
            let count = buffer.count
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            var number = 0
            var blank = 0
            var start = 0
            while start < count {
                var index = start
                var words = 0
                var inWord = false
                var blankLine = true
                while index < count {
                    // Sixteen bytes at a time while they hold no line end and no tab: a word starts at each byte
                    // that is not a space after one that is (or after the line's start).
                    if index > 0 && index &+ 16 <= count {
                        let lanes = ByteBlock.load(base, index)
                        let ends = ByteBlock.equal(lanes, 0x0A) .| ByteBlock.equal(lanes, 0x0D) .| ByteBlock.equal(lanes, 0x09)
                        if !ByteBlock.anySet(ends) {
                            let nonSpace = .!ByteBlock.equal(lanes, 0x20)
                            // Each byte's predecessor, read one byte back; at the line's start that is its line end.
                            var before = .!ByteBlock.equal(ByteBlock.load(base, index &- 1), 0x20)
                            if index == start { before[0] = false }
                            let starts = nonSpace .& .!before
                            words &+= ByteBlock.count(starts)
                            if ByteBlock.anySet(nonSpace) { blankLine = false }
                            inWord = nonSpace[15]
                            index &+= 16
                            continue
                        }
                    }
                    if index &+ 8 <= count {
                        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                        if mayHold(0x0A, word) | mayHold(0x0D, word) | mayHold(0x09, word) == 0 {
                            let x = word ^ (ones &* 0x20)
                            let nonSpace = (((x & lows) &+ lows) | x) & highs      // exact: high bit set where byte != ' '
                            let starts = nonSpace & (((~nonSpace & highs) << 8) | (inWord ? 0 : 0x80))
                            // One per byte that starts a word: a multiply sums them (no popcount in this build).
                            words &+= Int(truncatingIfNeeded: ((starts >> 7) &* ones) >> 56)
                            if nonSpace != 0 { blankLine = false }
                            inWord = nonSpace >> 63 != 0
                            index &+= 8
                            continue
                        }
                    }
                    let byte = base[index]
                    if byte == 0x0A || byte == 0x0D { break }
                    if byte == 0x20 {
                        inWord = false
                    } else {
                        if byte != 0x09 { blankLine = false }
                        if !inWord {
                            inWord = true
                            words &+= 1
                        }
                    }
                    index &+= 1
                }
                number &+= 1
                if blankLine {
                    blank &+= 1
                } else {
                    lines.append(Line(number: number, range: start..<index, wordCount: words, blankLinesBefore: blank))
                    blank = 0
                }
                // Past the line end: CRLF, LF or a lone CR.
                if index < count && base[index] == 0x0D && index &+ 1 < count && base[index &+ 1] == 0x0A { index &+= 1 }
                start = index &+ 1
            }
            return lines
        }
    }

    /// The offset of the first NUL byte, found with memchr (every input is checked, so this runs over all bytes).
    private static func firstNUL(in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let hit = memchr(base, 0, buffer.count) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Non-zero when some byte of `word` may equal `byte` (never zero when one does).
    @inline(__always) private static func mayHold(_ byte: UInt8, _ word: UInt64) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    private static func literalReplacementCharacters(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var found = 0
        var index = bytes.startIndex
        while index + 2 < bytes.endIndex {
            if bytes[index] == 0xEF && bytes[index + 1] == 0xBF && bytes[index + 2] == 0xBD {
                found += 1
                index += 3
            } else {
                index += 1
            }
        }
        return found
    }
}
