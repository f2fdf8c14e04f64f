import WinnowICU

/// lines -> normalised lines. Per line: every Unicode space and tab becomes a plain space; invisible characters
/// (zero-width characters outside emoji sequences, soft hyphens, bidi controls, stray BOMs, C0/C1 controls) go;
/// runs of spaces collapse; the line is trimmed; then ICU normalises it (NFC by default). A line that ends up
/// empty is removed and logged as `normalize.blank`. Lines that need none of this are left untouched.
/// Options: mojibake repair (logged as `normalize.mojibake`, the original text kept in the edit), HTML
/// character references decoded (`&amp;`, `&nbsp;`, `&#8217;`; logged as `normalize.html-entity`) and one
/// convention for Vietnamese tone marks.
public struct NormalizeStage: Stage {
    public let name = StageName.normalize
    public var options: NormalizeOptions
    private let normalizer: Normalizer?
    private let decomposer: Normalizer?
    private let toneMarks: ToneMarkPlacement
    /// One bit per BMP code point that needs nothing from this stage: stable under the normalisation form, not
    /// a control, space or invisible character. Built once, so a line is checked with a lookup per character.
    private let settledBMP: [UInt64]
    /// Every code point of U+00C0-U+01BF and U+1E80-U+1EFF (the ranges ``isSettled(_:)`` passes by their lead
    /// bytes) is in `settledBMP` (so it is for NFC).
    let vietnameseLettersSettled: Bool
    /// Whether ``isSettled(_:)`` may pass sixteen bytes at a time: those letters are settled and no tone-mark
    /// convention needs every non-ASCII character looked at.
    private let blockFastPath: Bool

    public init(options: NormalizeOptions) throws(Rejection) {
        try self.init(options: options, blocks: true)
    }

    /// `blocks: false` checks every line character by character, for holding the sixteen-byte path to it.
    init(options: NormalizeOptions, blocks: Bool) throws(Rejection) {
        self.options = options
        if let form = NormalizationForm(rawValue: options.form) {
            do { normalizer = try Normalizer.shared(form) } catch {
                throw Rejection(.internalError, error.description)
            }
        } else {
            normalizer = nil
        }
        toneMarks = ToneMarkPlacement(style: options.toneMarks)
        do { decomposer = options.toneMarks == .keep ? nil : try Normalizer.shared(.nfd) } catch {
            throw Rejection(.internalError, error.description)
        }
        // Stable characters, less controls, no-break and other Unicode spaces, soft hyphens and invisible ones.
        var settled = normalizer?.stableTable ?? [UInt64](repeating: .max, count: 0x10000 / 64)
        for value in Self.specialCodePoints {
            guard let scalar = Unicode.Scalar(value), value <= 0x20 || (0x7F...0xA0).contains(value)
                    || Self.isSpace(scalar) || Self.isInvisible(scalar, before: nil, after: nil) else { continue }
            settled[Int(value >> 6)] &= ~(1 << UInt64(value & 63))
        }
        settledBMP = settled
        vietnameseLettersSettled = (UInt32(0xC0)...0x1BF).allSatisfy { settled[Int($0 >> 6)] & (1 << UInt64($0 & 63)) != 0 }
            && (UInt32(0x1E80)...0x1EFF).allSatisfy { settled[Int($0 >> 6)] & (1 << UInt64($0 & 63)) != 0 }
        blockFastPath = blocks && vietnameseLettersSettled && decomposer == nil
    }

    /// Invisible characters between letters of a word, this many or more in a line, are a disguise (the spam
    /// stage counts the line's words as spelled out): no labelled page line has even one.
    public static let hiddenLetterDisguise = 2

    public func run(_ document: inout Document) throws(Rejection) {
        var kept: [Line] = []
        kept.reserveCapacity(document.lines.count)
        var pendingBlank = 0
        for var line in document.lines {
            let range = line.range
            if let settled = document.text.withUnsafeBufferPointer({ buffer -> Range<Int>? in
                let bytes = UnsafeBufferPointer(rebasing: buffer[range])
                // An ampersand may start a character reference: such a line takes the longer way.
                if options.htmlEntities && bytes.contains(0x26) { return nil }
                return settledRange(of: bytes)
            }) {
                // Nothing to do, or only spaces to trim: the words (and their count) stay as they are.
                if settled.count != range.count {
                    line.range = (range.lowerBound + settled.lowerBound)..<(range.lowerBound + settled.upperBound)
                    line.indent = settled.lowerBound
                }
                line.blankLinesBefore += pendingBlank
                pendingBlank = 0
                kept.append(line)
                continue
            }
            let original = document.text(of: line)
            var text = original
            // Repair first: mojibake holds C1 controls (a UTF-8 byte 0x80-0x9F read as Latin-1) that cleaning removes.
            if options.repairMojibake, let repaired = MojibakeRepair.repair(text) {
                document.edits.append(Edit(line: line.number, rule: "normalize.mojibake", text: original, kind: .rewritten))
                text = repaired
            }
            // Character references next: what they stand for (a no-break space, a curly quote) is then cleaned
            // and normalised like any other character.
            if options.htmlEntities, let decoded = HTMLEntities.decode(text) {
                document.edits.append(Edit(line: line.number, rule: "normalize.html-entity", text: text, kind: .rewritten))
                text = decoded
            }
            let indent: Int, hidden: Int
            let spelledGaps: [Int]
            (text, indent, hidden, spelledGaps) = clean(text)
            line.indent = indent
            if hidden >= Self.hiddenLetterDisguise { document.wordsSplitByInvisibles.insert(line.number) }
            if !spelledGaps.isEmpty { document.spelledWordGaps[line.number] = spelledGaps }
            if let decomposer, text.unicodeScalars.contains(where: { $0.value >= 0x80 }) {
                do {
                    if let moved = toneMarks.apply(toDecomposed: try decomposer.normalize(text)) { text = moved }
                } catch {
                    throw Rejection(.internalError, error.description, line: line.number)
                }
            }
            if let normalizer, !normalizer.isTriviallyNormalized(text) {
                do { text = try normalizer.normalize(text) } catch {
                    throw Rejection(.internalError, error.description, line: line.number)
                }
            }
            if text.isEmpty {
                document.edits.append(Edit(line: line.number, rule: "normalize.blank", text: "", kind: .dropped))
                pendingBlank += line.blankLinesBefore + 1
                continue
            }
            // Compare bytes: Swift's == holds for canonically equivalent strings (NFD and NFC alike).
            if !text.utf8.elementsEqual(original.utf8) { document.store(text, for: &line) }
            line.blankLinesBefore += pendingBlank
            pendingBlank = 0
            kept.append(line)
        }
        document.lines = kept
    }

    /// The byte range of the line that is what this stage would make of it, when that is all it would do; nil
    /// when the line needs more. Found in one pass over its UTF-8: the whole line, or, when trimming is on, the
    /// line without leading and trailing spaces (the leading spaces are then its indent).
    /// Most lines of real text are settled and leave the stage untouched; most others only lose edge spaces.
    private func settledRange(of bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = 0
        var end = bytes.count
        if options.trim {
            while start < end && bytes[start] == 0x20 { start += 1 }
            while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        }
        return isSettled(UnsafeBufferPointer(rebasing: bytes[start..<end])) ? start..<end : nil
    }

    /// True when the text needs none of this stage's work: no control, invisible or special space character,
    /// no leading, trailing or double space, every character stable under the normalisation form, no sign of
    /// mojibake (when repair is on), nothing for the tone-mark convention.
    private func isSettled(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var previousSpace = true
        var previousLead = false
        var nextWordTry = 0
        var nextBlockTry = 0
        var index = 0
        while index < count {
            // Sixteen bytes at a time through ordinary text (see `settledBlock`), the pair across the block's
            // start checked on its own; the sixteen bytes after a block that holds something go the slower way.
            if blockFastPath && index >= nextBlockTry && index + 18 <= count, let base = bytes.baseAddress {
                let first = base[index]
                if !(previousSpace && first == 0x20) && !(previousLead && (first == 0xC5 || first == 0xC6)) && settledBlock(base, index) {
                    index = ByteBlock.characterStart(base, from: index + 16, count: count)
                    previousSpace = base[index - 1] == 0x20
                    previousLead = options.repairMojibake && base[index - 2] == 0xC3 && base[index - 1] >= 0x82 && base[index - 1] <= 0xB4
                    continue
                }
                nextBlockTry = index + 16
            }
            // Eight ASCII bytes at a time: no control character and no two spaces in a row. After a word
            // with other bytes, the next try waits until that word has been read byte by byte.
            if index >= nextWordTry && index + 8 <= count, let base = UnsafeRawPointer(bytes.baseAddress) {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                if word & 0x8080_8080_8080_8080 != 0 {
                    nextWordTry = index + 8
                } else {
                    let ones: UInt64 = 0x0101_0101_0101_0101
                    let controls = ((word &- ones &* 0x20) | ((word ^ (ones &* 0x7F)) &- ones)) & 0x8080_8080_8080_8080
                    if controls != 0 { return false }
                    let spaced = word ^ (ones &* 0x20)
                    let spaces = (spaced &- ones) & ~spaced & 0x8080_8080_8080_8080
                    // A flagged byte may also be the one after a true space; either way the slow path decides.
                    if spaces & (spaces << 8) != 0 || (previousSpace && word & 0xFF == 0x20) { return false }
                    previousSpace = word >> 56 == 0x20
                    previousLead = false
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x20 {
                    if previousSpace { return false }
                    previousSpace = true
                } else {
                    if byte < 0x20 || byte == 0x7F { return false }
                    previousSpace = false
                }
                previousLead = false
                index += 1
                continue
            }
            if decomposer != nil { return false }
            previousSpace = false
            // Vietnamese letters (U+00C0-U+01BF, U+1E80-U+1EFF), when the table says all of them are settled,
            // are passed by their lead bytes. For the mojibake check, U+1E80-U+1EFF is never a windows-1252
            // character, and U+00C0-U+00FF is never what a continuation byte becomes.
            if vietnameseLettersSettled {
                if byte >= 0xC3 && byte <= 0xC6 {
                    if options.repairMojibake {
                        let value = UInt32(byte & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                        if previousLead && value >= 0x100, let scalar = Unicode.Scalar(value),
                           let single = MojibakeRepair.windows1252Byte(scalar), single >= 0x80 && single <= 0xBF {
                            return false
                        }
                        previousLead = value >= 0xC2 && value <= 0xF4
                    }
                    index += 2
                    continue
                }
                if byte == 0xE1 && (bytes[index + 1] == 0xBA || bytes[index + 1] == 0xBB) {
                    previousLead = false
                    index += 3
                    continue
                }
            }
            let (value, length) = UTF8Scalars.scalar(in: bytes, at: index)
            index += length
            if value >= 0x10000 || settledBMP[Int(value >> 6)] & (1 << UInt64(value & 63)) == 0 { return false }
            if options.repairMojibake {
                if previousLead, let scalar = Unicode.Scalar(value), let single = MojibakeRepair.windows1252Byte(scalar),
                   single >= 0x80 && single <= 0xBF { return false }
                previousLead = value >= 0xC2 && value <= 0xF4
            }
        }
        return !previousSpace || count == 0
    }

    /// True when the sixteen bytes at `index` need nothing from this stage, as far as they go (18 bytes must
    /// be there: pairs are read across the block's end): no control character, no double space, no character
    /// beyond ASCII and the letters `vietnameseLettersSettled` vouches for (leads 0xC3-0xC6, and 0xE1 before
    /// 0xBA or 0xBB), and, when mojibake is repaired, no 0xC5 or 0xC6 character right after a U+00C2-U+00F4
    /// letter (a windows-1252 byte 0x80-0xBF after a lead: the slower steps decide). 0xC2 and 0xE2 characters
    /// count as beyond those letters anyway.
    @inline(__always)
    private func settledBlock(_ base: UnsafePointer<UInt8>, _ index: Int) -> Bool {
        let lanes = ByteBlock.load(base, index)
        let next = ByteBlock.load(base, index + 1)
        let controls = (lanes .< ByteBlock.Lanes(repeating: 0x20)) .| ByteBlock.equal(lanes, 0x7F)
        let doubleSpaces = ByteBlock.equal(lanes, 0x20) .& ByteBlock.equal(next, 0x20)
        var unsettled = controls .| doubleSpaces
            .| ByteBlock.otherScripts(lanes, next: next, latinLeads: 0xC3...0xC6, latinAfterE1: 0xBA...0xBB)
        if options.repairMojibake {
            let afterNext = ByteBlock.load(base, index + 2)
            let leadLike = ByteBlock.equal(lanes, 0xC3) .& ByteBlock.within(next, 0x82, 0xB4)
            unsettled = unsettled .| (leadLike .& ByteBlock.within(afterNext, 0xC5, 0xC6))
        }
        return !ByteBlock.anySet(unsettled)
    }

    /// The line with spaces, invisible characters and trimming handled, its leading white space in scalars,
    /// how many of the invisible characters it dropped stood between two letters or digits of a Latin word
    /// ("k\u{200B}i\u{200B}n\u{200B}g": a word split so that no filter reads it), and where a run of spaces it
    /// collapsed stood between a one-letter word and a letter (`spelledGaps`: the places, counted in words from 0,
    /// of the words after such runs): the gap between words spelled out one letter at a time ("s p i n   c a s i n
    /// o"), which the spam stage reads once the spaces are one. Works on the UTF-8 bytes, copying plain ASCII
    /// through as it is.
    func clean(_ text: String) -> (String, Int, hidden: Int, spelledGaps: [Int]) {
        if isPlain(text) { return (text, 0, 0, []) }
        var text = text
        return text.withUTF8 { bytes -> (String, Int, hidden: Int, spelledGaps: [Int]) in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var indent = 0
            var leading = true
            // Spaces wait for the next character: one is written when collapsing, none at the end when trimming.
            var pendingSpaces = 0
            var previous: Unicode.Scalar?
            // The last character written, and whether invisible characters were dropped after it.
            var lastWritten: Unicode.Scalar?
            var droppedAfterLast = false
            var hidden = 0
            // Words written so far (less one), the characters of the one being written and its first, and the
            // spelled gaps.
            var word = -1, wordLength = 0, wordFirst: Unicode.Scalar = " "
            var spelledGaps: [Int] = []
            var index = 0
            let count = bytes.count
            while index < count {
                let start = index
                var scalar = Self.decode(bytes, at: &index)
                defer { previous = scalar }
                if options.unicodeSpaces && Self.isSpace(scalar) { scalar = " " }
                if options.invisible {
                    var after = index
                    let next: Unicode.Scalar? = scalar.value == 0x200C || scalar.value == 0x200D
                        ? (index < count ? Self.decode(bytes, at: &after) : nil) : nil
                    if Self.isInvisible(scalar, before: previous, after: next) {
                        if scalar.value != 0xAD { droppedAfterLast = true }
                        continue
                    }
                }
                if droppedAfterLast, let lastWritten, Self.isLatinAlphanumeric(lastWritten), Self.isLatinAlphanumeric(scalar) { hidden += 1 }
                droppedAfterLast = false
                lastWritten = scalar
                if scalar == " " {   // a space, or a Unicode space made plain
                    if leading { indent += 1 }
                    if !(leading && options.trim) { pendingSpaces += 1 }
                    continue
                }
                if pendingSpaces > 0 || word < 0 {
                    // Between two letters: a gap between digits is a table's ("3  5"), not a spelled word's.
                    if pendingSpaces >= 2 && options.collapseSpaces && wordLength == 1 && !leading
                        && wordFirst.properties.isAlphabetic && scalar.properties.isAlphabetic { spelledGaps.append(word + 1) }
                    word += 1
                    wordLength = 0
                }
                leading = false
                wordLength += 1
                if wordLength == 1 { wordFirst = scalar }
                if pendingSpaces > 0 {
                    output.append(contentsOf: repeatElement(0x20, count: options.collapseSpaces ? 1 : pendingSpaces))
                    pendingSpaces = 0
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            }
            if pendingSpaces > 0 && !options.trim {
                output.append(contentsOf: repeatElement(0x20, count: options.collapseSpaces ? 1 : pendingSpaces))
            }
            return (String(decoding: output, as: UTF8.self), indent, hidden, spelledGaps)
        }
    }

    /// An ASCII letter or digit, or a letter of the Latin blocks up to Latin Extended-B and Latin Extended Additional.
    static func isLatinAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A || value >= 0x30 && value <= 0x39 }
        return (value >= 0xC0 && value < 0x250 && value != 0xD7 && value != 0xF7) || (value >= 0x1E00 && value < 0x1F00)
    }

    /// The scalar whose UTF-8 starts at `index` (valid UTF-8: a Swift string's); moves `index` past it.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> Unicode.Scalar {
        let (value, length) = UTF8Scalars.scalar(in: bytes, at: index)
        index += length
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// True when no scalar of the line needs attention: ASCII-printable or above U+00FF except known special
    /// characters, no double spaces, no leading or trailing space.
    private func isPlain(_ text: String) -> Bool {
        var previousSpace = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0x20 {
                if previousSpace { return false }
                previousSpace = true
                continue
            }
            previousSpace = false
            if value < 0x20 || (0x7F...0xA0).contains(value) || value == 0xAD { return false }
            if value >= 0x1680 && (Self.isSpace(scalar) || Self.isInvisible(scalar, before: nil, after: nil)) { return false }
        }
        return !previousSpace || text.isEmpty
    }

    /// Every code point `isSpace` or `isInvisible` can be true for (a test keeps the two in step), and the C0
    /// and C1 controls: the characters the settled table must leave out.
    static let specialCodePoints: [UInt32] = Array(0...0x20) + Array(0x7F...0xAD) + [0x034F, 0x061C, 0x1680, 0x180E]
        + Array(0x2000...0x206F) + [0x3000, 0xFEFF] + Array(0xFFF9...0xFFFB)

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0B, 0x0C, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Zero-width and format characters, soft hyphens, bidi controls, BOMs and controls; a zero-width joiner (or
    /// non-joiner) between two emoji is part of an emoji sequence and stays.
    static func isInvisible(_ scalar: Unicode.Scalar, before: Unicode.Scalar?, after: Unicode.Scalar?) -> Bool {
        switch scalar.value {
        case 0x200C, 0x200D:
            let emojiBefore = before.map { $0.properties.isEmoji && $0.value > 0xFF } ?? false
            let emojiAfter = after.map { $0.properties.isEmoji && $0.value > 0xFF } ?? false
            return !(emojiBefore && emojiAfter)
        case 0x00...0x08, 0x0E...0x1F, 0x7F...0x9F: return true
        case 0xAD, 0x034F, 0x061C, 0x180E, 0x200B, 0x200E, 0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F,
             0xFEFF, 0xFFF9...0xFFFB:
            return true
        default: return false
        }
    }
}
