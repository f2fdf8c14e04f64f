internal import CICU

/// ICU's sentence break iterator for one locale, over UTF-8 text (through a UTF-16 copy: see ``UTF16Text``),
/// with a shortcut that finds the same boundaries without running it for most text (see ``boundaries(in:)``).
///
/// Not thread-safe: each worker builds its own (a pipeline per thread).
public final class SentenceBreaker {
    private let handle: OpaquePointer
    public let locale: String
    /// This breaker's own copy of the Sentence_Break classes: a table shared by all workers would have its
    /// reference count bumped by every call from every thread.
    private let classes: UnsafeMutableBufferPointer<UInt8>
    private let latinFastPath: Bool
    /// Sixteen bytes at a time where a block holds no end mark and no character beyond the Latin letters.
    private let blockFastPath: Bool
    /// The UTF-16 copy of the text being broken, reused from call to call.
    private let input = UTF16Text()

    public init(locale: String) throws(ICUFailure) {
        var error = U_ZERO_ERROR
        let breaker = cicu_openSentenceBreaker(locale, &error)
        try error.check("open a sentence break iterator for locale \(locale)")
        guard let breaker else { throw ICUFailure(operation: "open a sentence break iterator", code: "null") }
        self.handle = breaker
        self.locale = locale
        classes = UnsafeMutableBufferPointer.allocate(capacity: SentenceClasses.table.count)
        _ = classes.initialize(from: SentenceClasses.table)
        latinFastPath = SentenceClasses.latinLettersAreLetters
        blockFastPath = latinFastPath && SentenceClasses.asciiEndsOnlyAtMarks
    }

    deinit {
        classes.deallocate()
        cicu_closeBreaker(handle)
    }

    /// True when ICU would find one sentence in `text` without being asked: no character that can end a
    /// sentence (Sentence_Break ATerm or STerm) comes before the text's final run of such characters, closing
    /// punctuation and spaces, and in that run no closing punctuation follows a space (it would open the next
    /// sentence: "Mỹ. ("). UAX #29 breaks sentences only after those characters and after paragraph separators
    /// (which send the text to ICU), so such a text is one sentence whatever the locale; checking costs a
    /// fraction of running the iterator.
    public func isSingleSentence(_ text: String) -> Bool {
        text.withUTF8Bytes { isSingleSentence($0) }
    }

    /// ``isSingleSentence(_:)-string`` on UTF-8 `bytes` (valid UTF-8).
    public func isSingleSentence(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let classes = self.classes
        var firstEnd = -1
        var spaceSinceEnd = false
        var index = 0
        var nextBlockTry = 0
        let count = bytes.count
        while index < count {
            // Before the first end mark, sixteen bytes at a time through text with none in it (and character by
            // character through the sixteen after a block that holds something).
            if firstEnd < 0 && blockFastPath && index >= nextBlockTry && index + 17 <= count {
                if plainLatin(base, index) {
                    index = ByteBlock.characterStart(base, from: index + 16, count: count)
                    continue
                }
                nextBlockTry = index + 16
            }
            let lead = bytes[index]
            if latinFastPath && lead >= 0xC3 && lead <= 0xC9 {
                // U+00C0-U+027F: Latin letters (and × ÷), none of them ends or closes a sentence.
                if firstEnd >= 0 { return false }
                index += 2
                continue
            } else if latinFastPath && lead == 0xE1 && index + 1 < count && bytes[index + 1] >= 0xB8 && bytes[index + 1] <= 0xBB {
                // U+1E00-U+1EFF: Latin Extended Additional, the Vietnamese letters.
                if firstEnd >= 0 { return false }
                index += 3
                continue
            }
            let start = index
            let kind: UInt8
            if lead < 0x80 {
                kind = classes[Int(lead)]
                index += 1
            } else {
                let (scalar, length) = UTF8Scalars.scalar(in: bytes, at: index)
                if scalar >= 0x10000 { return false }   // beyond the table: let ICU decide
                kind = classes[Int(scalar)]
                index += length
            }
            switch kind {
            case SentenceClass.aTerm, SentenceClass.sTerm:
                if firstEnd < 0 { firstEnd = start }
                spaceSinceEnd = false
            case SentenceClass.close: if spaceSinceEnd { return false }   // an opening bracket after the end: a new sentence
            case SentenceClass.space: if firstEnd >= 0 { spaceSinceEnd = true }
            case SentenceClass.separator: return false
            case SentenceClass.extend: break
            default:
                if firstEnd >= 0 { return false }              // text after an end mark: let ICU decide
            }
        }
        // Every character after the first end mark was an end mark, closing punctuation or a space.
        return true
    }

    /// True when the sixteen bytes at `index` hold no end mark, no line end and no character beyond ASCII and
    /// the Latin letters (needs 17 bytes there: the test looks one byte further, after 0xE1).
    @inline(__always)
    private func plainLatin(_ base: UnsafePointer<UInt8>, _ index: Int) -> Bool {
        let lanes = ByteBlock.load(base, index)
        let next = ByteBlock.load(base, index + 1)
        let marks = ByteBlock.equal(lanes, 0x2E) .| ByteBlock.equal(lanes, 0x21) .| ByteBlock.equal(lanes, 0x3F)
            .| ByteBlock.equal(lanes, 0x0A) .| ByteBlock.equal(lanes, 0x0D)
        let other = ByteBlock.otherScripts(lanes, next: next, latinLeads: 0xC3...0xC9, latinAfterE1: 0xB8...0xBB)
        return !ByteBlock.anySet(marks .| other)
    }

    /// The sentence boundaries of `text`, as UTF-8 byte offsets, ascending, ending with the text's length (the
    /// start, 0, is not included): ICU's, found without ICU when ``plainBoundaries(_:)`` can.
    public func boundaries(in text: String) throws(ICUFailure) -> [Int] {
        try text.withUTF8Bytes { (bytes) throws(ICUFailure) -> [Int] in try boundaries(in: bytes) }
    }

    /// ``boundaries(in:)-string`` of UTF-8 `bytes` (valid UTF-8).
    public func boundaries(in bytes: UnsafeBufferPointer<UInt8>) throws(ICUFailure) -> [Int] {
        if bytes.isEmpty { return [] }
        if let found = plainBoundaries(bytes) { return found }
        return try icuBoundaries(in: bytes)
    }

    /// The sentence boundaries ICU's iterator finds in `text`, as UTF-8 byte offsets (see ``boundaries(in:)-string``).
    public func icuBoundaries(in text: String) throws(ICUFailure) -> [Int] {
        try text.withUTF8Bytes { (bytes) throws(ICUFailure) -> [Int] in try icuBoundaries(in: bytes) }
    }

    /// ``icuBoundaries(in:)-string`` of UTF-8 `bytes` (valid UTF-8).
    public func icuBoundaries(in bytes: UnsafeBufferPointer<UInt8>) throws(ICUFailure) -> [Int] {
        if bytes.isEmpty { return [] }
        input.fill(bytes, recordingOffsets: true)
        var error = U_ZERO_ERROR
        cicu_setBreakerText(handle, input.units, Int32(input.count), &error)
        try error.check("set break iterator text")
        var offsets: [Int] = []
        _ = cicu_breakFirst(handle)
        var next = cicu_breakNext(handle)
        while next != cicu_breakDone() {
            offsets.append(input.utf8Offset(of: Int(next)))
            next = cicu_breakNext(handle)
        }
        return offsets
    }

    /// The sentence boundaries of UTF-8 text (not empty) by the rules ICU's sentence iterator implements, UAX #29
    /// SB5-SB11 (a line holds no CR or LF), applied with ICU's own Sentence_Break data; nil when the text holds
    /// a paragraph separator or a character beyond the BMP (the table's reach), for ICU to decide. A test holds
    /// it to ICU's answers on every line of the repository's texts and on variants built around end marks.
    ///
    /// Breaks fall only after a sentence end mark (ATerm or STerm) and the closing punctuation and spaces that
    /// follow it, so each end mark is decided by the character before it and the characters after that run:
    /// no break before a digit or (after a letter) a capital right after a full stop (SB6, SB7), before text
    /// whose first letter is lower case after a full stop (SB8), or before a comma, colon, dash or another
    /// end mark (SB8a); else a break (SB11).
    func plainBoundaries(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int]? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var boundaries: [Int] = []
        var index = 0
        var nextBlockTry = 0
        while index < count {
            if blockFastPath && index >= nextBlockTry && index + 17 <= count {
                if plainLatin(base, index) {
                    index = ByteBlock.characterStart(base, from: index + 16, count: count)
                    continue
                }
                nextBlockTry = index + 16
            }
            let start = index
            let lead = bytes[index]
            let kind: UInt8
            if lead < 0x80 {
                kind = classes[Int(lead)]
                index += 1
            } else if latinFastPath && lead >= 0xC3 && lead <= 0xC9 {
                index += 2
                continue
            } else if latinFastPath && lead == 0xE1 && index + 1 < count && bytes[index + 1] >= 0xB8 && bytes[index + 1] <= 0xBB {
                index += 3
                continue
            } else {
                guard let (found, length) = character(at: index, in: bytes) else { return nil }
                kind = found
                index += length
            }
            switch kind {
            case SentenceClass.separator: return nil
            case SentenceClass.aTerm, SentenceClass.sTerm: break
            default: continue
            }
            // An end mark: read the Close* Sp* run after it, up to the next character.
            var closes = 0
            var spaces = 0
            var next = index
            var following: UInt8?
            while next < count {
                guard let (nextKind, nextLength) = character(at: next, in: bytes) else { return nil }
                if nextKind == SentenceClass.extend {
                    next += nextLength
                    continue
                }
                if nextKind == SentenceClass.close && spaces == 0 || nextKind == SentenceClass.space {
                    if nextKind == SentenceClass.close { closes += 1 } else { spaces += 1 }
                    next += nextLength
                    continue
                }
                if nextKind == SentenceClass.separator { return nil }
                following = nextKind
                break
            }
            guard let following else { break }    // the run reaches the end of the text (SB2)
            var joined = false
            if kind == SentenceClass.aTerm && closes == 0 && spaces == 0 {
                if following == SentenceClass.numeric {
                    joined = true                                                                 // SB6
                } else if following == SentenceClass.upper {
                    let before = classBefore(start, in: bytes)
                    joined = before == SentenceClass.upper || before == SentenceClass.lower       // SB7
                }
            }
            if !joined && kind == SentenceClass.aTerm {
                guard let lower = lowerCaseFollows(from: next, in: bytes) else { return nil }
                joined = lower                                                                    // SB8
            }
            if !joined && (following == SentenceClass.sContinue || following == SentenceClass.aTerm
                           || following == SentenceClass.sTerm) {
                joined = true                                                                     // SB8a
            }
            if !joined { boundaries.append(next) }                                                // SB11
            index = next
        }
        boundaries.append(count)
        return boundaries
    }

    /// The class of the character before `index`, past Extend and Format characters (SB5 attaches them to the
    /// one before); nil at the start of the text.
    private func classBefore(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt8? {
        var end = index
        while end > 0 {
            var start = end - 1
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            guard let (kind, _) = character(at: start, in: bytes) else { return nil }
            if kind != SentenceClass.extend { return kind }
            end = start
        }
        return nil
    }

    /// SB8's look-ahead: from `index`, past characters that are not letters, end marks or separators, the first
    /// such character is a lower-case letter. Nil when a character beyond the table comes first.
    private func lowerCaseFollows(from index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var index = index
        while index < bytes.count {
            guard let (kind, length) = character(at: index, in: bytes) else { return nil }
            switch kind {
            case SentenceClass.lower: return true
            case SentenceClass.upper, SentenceClass.oLetter, SentenceClass.separator, SentenceClass.aTerm, SentenceClass.sTerm:
                return false
            default: index += length
            }
        }
        return false
    }

    /// The Sentence_Break class and UTF-8 length of the character at `index`; nil beyond the BMP.
    @inline(__always)
    private func character(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (UInt8, Int)? {
        let (scalar, length) = UTF8Scalars.scalar(in: bytes, at: index)
        if scalar >= 0x10000 { return nil }
        return (classes[Int(scalar)], length)
    }
}

/// Sentence_Break classes (UAX #29) as `cicu_sentenceBreakClass` numbers them.
enum SentenceClass {
    static let other: UInt8 = 0
    static let aTerm: UInt8 = 1
    static let sTerm: UInt8 = 2
    static let close: UInt8 = 3
    static let space: UInt8 = 4
    /// Sep, CR and LF: paragraph separators.
    static let separator: UInt8 = 5
    /// Extend and Format.
    static let extend: UInt8 = 6
    static let upper: UInt8 = 7
    static let lower: UInt8 = 8
    static let oLetter: UInt8 = 9
    static let numeric: UInt8 = 10
    static let sContinue: UInt8 = 11
}

/// The Sentence_Break class of every BMP code point, read from ICU once.
private enum SentenceClasses {
    static let table: [UInt8] = (0..<0x10000).map { UInt8(cicu_sentenceBreakClass(UChar32($0))) }
    /// U+00C0-U+027F and U+1E00-U+1EFF (the letters of Vietnamese) are letters or Other (× ÷), never part of a
    /// sentence end, so the scans can pass them by their lead bytes; verified against this ICU's data rather
    /// than assumed.
    static let latinLettersAreLetters = (0xC0...0x27F).allSatisfy { isLetterOrOther(table[$0]) }
        && (0x1E00...0x1EFF).allSatisfy { isLetterOrOther(table[$0]) }

    /// In ASCII, only ".", "!" and "?" end a sentence and only CR and LF separate paragraphs; nothing is
    /// Extend or Format: what the block test looks for in ASCII (verified against this ICU's data).
    static let asciiEndsOnlyAtMarks = (0..<0x80).allSatisfy { value in
        switch table[value] {
        case SentenceClass.aTerm, SentenceClass.sTerm: [0x2E, 0x21, 0x3F].contains(value)
        case SentenceClass.separator: value == 0x0A || value == 0x0D
        case SentenceClass.extend: false
        default: true
        }
    }

    private static func isLetterOrOther(_ kind: UInt8) -> Bool {
        kind == SentenceClass.upper || kind == SentenceClass.lower || kind == SentenceClass.oLetter || kind == SentenceClass.other
    }
}
