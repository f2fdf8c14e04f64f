import CPosix
import Foundation
import WinnowICU

/// How the spam model reads a line's words: each letter folded to a plain ASCII letter (case, Vietnamese tone
/// and vowel marks, full-width forms, and look-alike letters from Cyrillic and Greek all fold away), so "Nhà
/// Cái", "nha cai", "ｎｈà ｃáｉ" and "nhа cái" (a Cyrillic а) are one pair of words; and what the folding hid:
/// letters from two scripts in one word, capitals inside a word, Vietnamese syllables no speller writes (two
/// tone marks, a tone on the glide), and syllables glued into one word.
struct SpamLetters: Sendable {
    /// Per BMP scalar: the folded ASCII byte (0 when it folds to nothing or is not a letter or digit). Made
    /// once and never freed, read without bounds checks in the line scan.
    nonisolated(unsafe) private let folded: UnsafeBufferPointer<UInt8>
    /// Per BMP scalar: bit 0 a Vietnamese tone mark, bit 1 a vowel, bit 2 a letter with a mark Vietnamese writes
    /// (ă â đ ê ô ơ ư or a toned vowel; other languages write some of them too), bit 3 a Cyrillic or Greek letter, bit 4 upper case, bit 5 styled (below), bit 6 a
    /// grave, tilde or hook above: a tone no syllable ending in p, t, c or ch can carry; bit 7 a letter only
    /// Vietnamese writes (a hook above or a horn: Romanian and Turkish write the breve, Croatian đ, Yoruba and
    /// transliterated Arabic the dot below, French, Spanish and Portuguese the rest).
    nonisolated(unsafe) private let flags: UnsafeBufferPointer<UInt8>

    static let tone: UInt8 = 1, vowel: UInt8 = 2, vietnamese: UInt8 = 4, otherScript: UInt8 = 8, upper: UInt8 = 16
    static let openTone: UInt8 = 64, vietnameseOnly: UInt8 = 128

    static let shared = SpamLetters()

    private init() {
        var folded = [UInt8](repeating: 0, count: 0x1_0000)
        var flags = [UInt8](repeating: 0, count: 0x1_0000)
        let toneMarks: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]
        let vowelLetters = Set("aeiouy".utf8)
        for value in UInt32(0x30)...0x39 { folded[Int(value)] = UInt8(value) }
        for value in UInt32(0x41)...0x5A {
            folded[Int(value)] = UInt8(value + 0x20)
            flags[Int(value)] = Self.upper | (vowelLetters.contains(UInt8(value + 0x20)) ? Self.vowel : 0)
        }
        for value in UInt32(0x61)...0x7A {
            folded[Int(value)] = UInt8(value)
            flags[Int(value)] = vowelLetters.contains(UInt8(value)) ? Self.vowel : 0
        }
        // Latin letters with marks: their base letter (canonical decomposition), and which marks they carry.
        for value in Array(UInt32(0xC0)...0x24F) + Array(UInt32(0x1E00)...0x1EFF) {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic else { continue }
            let parts = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
            guard let base = parts.first, base.value < 0x80 else {
                if value == 0x110 || value == 0x111 { folded[Int(value)] = 0x64 }   // Đ đ
                if value == 0x110 || value == 0x111 { flags[Int(value)] = Self.vietnamese | (value == 0x110 ? Self.upper : 0) }
                continue
            }
            let letter = UInt8(base.value) | 0x20
            folded[Int(value)] = letter
            var flag: UInt8 = vowelLetters.contains(letter) ? Self.vowel : 0
            if parts.dropFirst().contains(where: { toneMarks.contains($0.value) }) { flag |= Self.tone | Self.vietnamese }
            if parts.dropFirst().contains(where: { Self.isOpenTone($0.value) }) { flag |= Self.openTone }
            if parts.dropFirst().contains(where: { [0x302, 0x306, 0x31B].contains($0.value) }) { flag |= Self.vietnamese }
            if parts.dropFirst().contains(where: { [0x309, 0x31B].contains($0.value) }) { flag |= Self.vietnameseOnly }
            if scalar.properties.isUppercase { flag |= Self.upper }
            flags[Int(value)] = flag
        }
        // Full-width forms.
        for value in UInt32(0xFF10)...0xFF19 { folded[Int(value)] = UInt8(value - 0xFF10 + 0x30) }
        for value in UInt32(0xFF21)...0xFF3A { folded[Int(value)] = UInt8(value - 0xFF21 + 0x61); flags[Int(value)] = Self.upper }
        for value in UInt32(0xFF41)...0xFF5A { folded[Int(value)] = UInt8(value - 0xFF41 + 0x61) }
        // Circled letters ("ⓒⓐⓢⓘⓝⓞ") and small capitals ("ʙᴇᴛᴛɪɴɢ"), which NFC leaves alone and no text needs
        // for a whole word: folded, and marked as styled like the mathematical letters.
        for offset in 0..<26 {
            folded[0x24B6 + offset] = UInt8(0x61 + offset)
            flags[0x24B6 + offset] = Self.styled | Self.upper
            folded[0x24D0 + offset] = UInt8(0x61 + offset)
            flags[0x24D0 + offset] = Self.styled
        }
        for (value, letter) in Self.smallCapitals {
            folded[Int(value)] = letter
            flags[Int(value)] = Self.styled | (vowelLetters.contains(letter) ? Self.vowel : 0)
        }
        // Cyrillic and Greek letters that look like a Latin letter or digit (UTS #39 skeletons, from ICU).
        let skeletons = try? SkeletonMaker()
        for value in Array(UInt32(0x370)...0x3FF) + Array(UInt32(0x400)...0x4FF) {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic else { continue }
            flags[Int(value)] = Self.otherScript | (scalar.properties.isUppercase ? Self.upper : 0)
            let lower = String(scalar).lowercased()
            if let skeleton = try? skeletons?.skeleton(lower), skeleton.unicodeScalars.count == 1,
               let ascii = skeleton.unicodeScalars.first?.value, ascii < 0x80,
               (0x30...0x39).contains(ascii) || (0x61...0x7A).contains(ascii) || (0x41...0x5A).contains(ascii) {
                folded[Int(value)] = UInt8(ascii) | (ascii >= 0x41 ? 0x20 : 0)
            }
        }
        let foldedTable = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: folded.count)
        _ = foldedTable.initialize(from: folded)
        let flagTable = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: flags.count)
        _ = flagTable.initialize(from: flags)
        self.folded = UnsafeBufferPointer(foldedTable)
        self.flags = UnsafeBufferPointer(flagTable)
    }

    @inline(__always) func fold(_ value: UInt32) -> UInt8 { value < 0x1_0000 ? folded[Int(value)] : Self.foldStyled(value) }
    @inline(__always) func flags(_ value: UInt32) -> UInt8 {
        value < 0x1_0000 ? flags[Int(value)] : (Self.foldStyled(value) != 0 ? Self.styled : 0)
    }

    /// The small capitals of the "small caps" text generators, with the letters they stand for.
    static let smallCapitals: [(UInt32, UInt8)] = [
        (0x1D00, 0x61), (0x0299, 0x62), (0x1D04, 0x63), (0x1D05, 0x64), (0x1D07, 0x65), (0xA730, 0x66), (0x0262, 0x67),
        (0x029C, 0x68), (0x026A, 0x69), (0x1D0A, 0x6A), (0x1D0B, 0x6B), (0x029F, 0x6C), (0x1D0D, 0x6D), (0x0274, 0x6E),
        (0x1D0F, 0x6F), (0x1D18, 0x70), (0x0280, 0x72), (0xA731, 0x73), (0x1D1B, 0x74), (0x1D1C, 0x75), (0x1D20, 0x76),
        (0x1D21, 0x77), (0x028F, 0x79), (0x1D22, 0x7A),
    ]

    /// Bit 5 of the flags: a letter or digit of the mathematical alphanumeric block ("𝗙𝗿𝗲𝗲 𝗦𝗽𝗶𝗻𝘀"), a
    /// styled look-alike that NFC leaves in place.
    static let styled: UInt8 = 32

    /// Mathematical bold, italic, script, sans-serif... letters (thirteen alphabets of 52 from U+1D400) and
    /// digits (five sets of ten from U+1D7CE), folded to ASCII.
    static func foldStyled(_ value: UInt32) -> UInt8 {
        if value >= 0x1D400 && value <= 0x1D6A3 {
            let letter = (value - 0x1D400) % 52
            return UInt8(0x61 + letter % 26)
        }
        if value >= 0x1D7CE && value <= 0x1D7FF { return UInt8(0x30 + (value - 0x1D7CE) % 10) }
        return 0
    }
    /// The grave, tilde and hook above (huyền, ngã, hỏi): tones of open syllables only, never before a final p,
    /// t, c or ch ("chằc", "tặp" are no Vietnamese; "chắc", "tập" are).
    @inline(__always) static func isOpenTone(_ value: UInt32) -> Bool { value == 0x300 || value == 0x303 || value == 0x309 }
    /// A combining tone mark that follows its letter (text not in NFC).
    @inline(__always) static func isCombiningTone(_ value: UInt32) -> Bool {
        value == 0x300 || value == 0x301 || value == 0x303 || value == 0x309 || value == 0x323
    }
}

/// A folded word as it grows, one folded byte (``SpamLetters``: a digit or a small ASCII letter) at a time: its
/// hash and the shape of its letters and digits, kept up to date so that nothing goes back over the bytes. The
/// bytes themselves are kept only when asked for (training wants the words as text); the line scan keeps none,
/// so reading a word allocates nothing.
struct FoldedWord {
    /// ``WordHash``'s mixing over the folded bytes, as ``SpamTokens/hash(_:)`` gives it for them.
    private(set) var hash = WordHash.seed
    /// Folded bytes so far.
    private(set) var count = 0
    /// Of them, digits (0-9) and the others (letters).
    private(set) var digits = 0, letters = 0
    /// Runs of letters and of digits, in order: "hi88" has two, "b3t365" four.
    private(set) var runs = 0
    /// The last folded byte and the one before it (0 when there is none).
    private(set) var last: UInt8 = 0, beforeLast: UInt8 = 0
    /// The folded bytes, when kept.
    private(set) var bytes: [UInt8] = []
    let keepsBytes: Bool

    init(keepingBytes: Bool) { keepsBytes = keepingBytes }

    @inline(__always) mutating func append(_ byte: UInt8) {
        let digit = Self.isDigit(byte)
        if count == 0 || digit != Self.isDigit(last) { runs += 1 }
        if digit { digits += 1 } else { letters += 1 }
        hash = WordHash.mix(hash, UInt32(byte))
        count += 1
        beforeLast = last
        last = byte
        if keepsBytes { bytes.append(byte) }
    }

    /// Starts the word again (keeping the bytes' storage).
    mutating func removeAll() {
        let kept = bytes
        self = FoldedWord(keepingBytes: keepsBytes)
        bytes = kept
        bytes.removeAll(keepingCapacity: true)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// A syllable's length (seven letters at most) ending in p, t, c or ch, the finals that take only the rising
    /// and the heavy tone.
    var closesSyllable: Bool {
        letters <= 7 && (last == 0x70 || last == 0x74 || last == 0x63 || (last == 0x68 && beforeLast == 0x63))
    }

    /// Letters then digits or digits then letters, two or more of each: "hi88", "789bet".
    var isBrandShaped: Bool { runs == 2 && letters >= 2 && digits >= 2 }
    /// Spelled out one character at a time, letters and digits read as a brand, in any order: "z e n 7 9",
    /// "b-a-i-9-f-u-n", "v.i.c.6.8" (no labelled article line spells out such a run).
    var isSpelledBrand: Bool { letters >= 2 && digits >= 1 }

    /// The folded bytes as text (empty unless kept).
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// What one token (a run between spaces, or a part of a slug) says on its own: the word it adds and the signs
/// its spelling gives. It depends on the token's bytes alone, so the spam stage remembers it for tokens that
/// recur (``SpamTokenMemo``).
struct TokenReading: Sendable {
    struct Signs: OptionSet, Sendable {
        let rawValue: UInt32
        /// Something in the token folds: it adds a word, ``TokenReading/word``.
        static let word = Signs(rawValue: 1 << 0)
        static let brandShaped = Signs(rawValue: 1 << 1)
        static let domain = Signs(rawValue: 1 << 2)
        static let spelledOut = Signs(rawValue: 1 << 3)
        static let mixedScript = Signs(rawValue: 1 << 4)
        static let innerCapital = Signs(rawValue: 1 << 5)
        static let vietnamese = Signs(rawValue: 1 << 6)
        static let badSyllable = Signs(rawValue: 1 << 7)
        static let gluedSyllables = Signs(rawValue: 1 << 8)
        /// The token mixes letters and digits, or is an address: its parts are read as pieces too
        /// (``SpamTokens/pieceHashes``).
        static let pieces = Signs(rawValue: 1 << 9)
        /// Letters in random case ("PlAy", "LuCkYsTaR", "VàNg", "aT"): ``FoldedWord``'s case runs, below.
        static let randomCase = Signs(rawValue: 1 << 10)
        /// Full-width letters or digits ("ＳＰＩＮ７７").
        static let fullWidth = Signs(rawValue: 1 << 11)
        /// A word that starts with a small letter, with marks, no digit and no sign inside, holding two vowel
        /// groups or more with consonants between: two syllables or more written as one ("gửitrịnh", "hóavàng"),
        /// as search queries glued into a list are.
        static let gluedWord = Signs(rawValue: 1 << 12)
        /// A letter only Vietnamese writes (``SpamLetters/vietnameseOnly``).
        static let vietnameseOnly = Signs(rawValue: 1 << 13)
        /// A run of letters between signs or digits, all small, with marks, holding four vowel groups or more: a
        /// phrase written without its spaces ("2017,ạtdiđộngsánggiá..."), which no reporter writes and no loanword
        /// needs.
        static let gluedPhrase = Signs(rawValue: 1 << 14)
        /// A digit or sign standing for a letter between two letters ("w1n5", "sl0t5", "c@sino", "thu0ng"): read
        /// as its letters (``SpamTokens/deleet(_:keepingBytes:)``), and a disguise when a line has two.
        static let digitsForLetters = Signs(rawValue: 1 << 15)
        /// An address whose host ends in a domain that speaks of betting (``SpamTokens/bettingDomains``):
        /// "vuahu.vip", "luckyvip88.club/dang-ky".
        static let bettingDomain = Signs(rawValue: 1 << 16)
        /// A promotion word spelled with the marks that tell it from the everyday words its folded form shares
        /// (``SpamLexicon/markedPromotion``: "kèo", where "kéo" and "kẹo" fold to "keo" too).
        static let markedPromotion = Signs(rawValue: 1 << 17)

        /// 1 with `sign` (a single one), else 0.
        @inline(__always) func count(_ sign: Signs) -> Int { Int(truncatingIfNeeded: (rawValue & sign.rawValue) >> sign.rawValue.trailingZeroBitCount) }
    }

    /// The hash of the word the token adds (``FoldedWord/hash``), with ``Signs/word``.
    var word: UInt64 = 0
    /// What the token counts for in ``SpamTokens``: each sign once.
    var signs: Signs = []
    /// The token's folded character when it is a word of one character, else 0.
    var single: UInt8 = 0
}

/// A line's words as the spam model reads them: folded words and what their spelling gave away.
struct SpamTokens: Sendable {
    /// Folded words (letters and digits, ASCII), in order; kept only when asked for (training).
    var words: [String] = []
    /// Their hashes (``WordHash``'s mixing over the folded bytes), in order.
    private(set) var hashes: [UInt64] = []
    /// The pieces of words that mix letters and digits or are addresses, as terms of their own, so that a brand
    /// never seen still says what it is made of: "b29club" gives "~b", "~#29" and "~club", "tk79.bet" also
    /// "~.bet" (``pieces(of:)``). Kept as text only when asked for (training).
    var pieces: [String] = []
    var pieceHashes: [UInt64] = []
    private var keepWords = false
    /// Words mixing letters and digits the way betting brands do ("hi88", "789bet", "fb88"), not measures
    /// ("1m88", "3g", "u23"): two or more letters and two or more digits, letters and digits each in one run.
    var brandShaped = 0
    /// Tokens that are addresses ("hi88.com", "link.vip/x").
    var domains = 0
    /// Words that mix letters of two scripts, or Latin letters with a Cyrillic or Greek one.
    var mixedScript = 0
    /// Words with a capital after a small letter ("cáI").
    var innerCapitals = 0
    /// Words in random case: a run of letters whose case changes at least every other letter, other than a
    /// capital and small letters ("Ok", "PDFs"): "PlAy NoW aT LuCkYsTaR88", "sĂn cÁ VàNg". Camel-case names
    /// change less often ("YouTube", "iPhone", "McDonald"); a hyphen or a digit starts a new run ("Wi-Fi").
    var randomCase = 0
    /// Words in full-width letters or digits ("ＳＰＩＮＶＡＵＬＴ７７") in a line without Chinese, Japanese or Korean
    /// characters, where they are written as ordinary text; elsewhere they are a disguise.
    var fullWidth = 0
    /// Vietnamese-looking words that no speller writes: two tone marks, or a tone on the final glide ("chơỉ").
    var badSyllables = 0
    /// Words with Vietnamese marks and more than seven letters: syllables glued together ("ngàynhàcái").
    var gluedSyllables = 0
    /// Words with Vietnamese marks, to scale the two counts above.
    var vietnameseWords = 0
    /// Words with a letter only Vietnamese writes: the line is Vietnamese.
    var vietnameseOnlyWords = 0
    /// The different words of ``TokenReading/Signs/gluedWord`` (by their hashes): search queries glued together.
    private(set) var gluedWords: [UInt64] = []
    /// Words of ``TokenReading/Signs/gluedPhrase``.
    var gluedPhrases = 0
    /// Words spelled out one character at a time ("s p i n", "b.e.t.3.6.5", "g-o-l-d") or in styled
    /// mathematical letters: a disguise no ordinary text needs.
    var spelledOut = 0
    /// Words with a digit or sign standing for a letter between two letters ("w1n5 0n sl0t5", "d0i thu0ng"). One
    /// such word is a code or a strain ("H5N1", "W3C", "HbA1c"); two in a line are a disguise.
    var digitsForLetters = 0
    /// Addresses whose host ends in a domain that speaks of betting (``bettingDomains``): "vuahu.vip",
    /// "kingbet365.win". No newsroom publishes there.
    var bettingDomainAddresses = 0
    /// Promotion words known by their marks (``TokenReading/Signs/markedPromotion``), and how many of them stand
    /// inside quotation marks (news quotes the promoter: “kèo ngon mỗi ngày”).
    var markedPromotion = 0, quotedMarkedPromotion = 0
    /// Amounts an offer names: "100%", "388k", "$50", "£3,000", "€10", "₹10,000".
    var amounts = 0
    /// Addresses whose dot is hidden from link filters and whose last part is a domain that speaks of betting:
    /// "spinharbor(.)vip", "kingbet [dot] win", "lotus86 [.] vip", "neonspin dot club". A security report that
    /// defangs an address ("evil[.]com") names a domain of every kind; these are the promoter's.
    var hiddenDomains = 0
    /// Betting odds written as tipsters write them ("-1/4", "(3/4:0)", "(-115)", "@ 1.80"; ``BettingOdds``).
    var odds = 0
    /// For each of ``hashes``: whether the word stands inside quotation marks ("…", “…”, ‘…’, «…»). News quotes
    /// the promoter's words ("dòng chữ “Hi88.com cược giải trí”", 'sites promising "free spins"'); the
    /// promoter does not quote his own offer. Appended with each hash (``append(_:)``), so as long as ``hashes``.
    private(set) var quoted: [Bool] = []
    /// Whether the token being read is inside quotation marks.
    private var inQuote = false

    init() {}

    init(_ bytes: UnsafeBufferPointer<UInt8>, keepWords: Bool = false, spelledGaps: [Int] = []) {
        self.keepWords = keepWords
        read(bytes, spelledGaps: spelledGaps)
    }

    /// The tokens of the line being read, a chunk at a time (kept for their storage).
    private var spans: [Span] = []
    /// The most tokens located before they are read.
    static let spansPerChunk = 4096
    /// The table the words and pairs will be looked up in, if known: its reads start as the words are read.
    private var termPrefetcher: WordTable<SpamTermTable.Entry>.Prefetcher?

    /// A token of the line: where it is (byte offsets), whether a byte of it asks for a closer look (``marks``),
    /// and its memo key.
    private struct Span {
        var start: Int, end: Int
        var marked: Bool
        /// Dots and bytes of letters beyond ASCII both in it: perhaps syllables joined by dots ("nổ.hũ.club").
        var dottedLetters: Bool
        /// Two spaces or more before it: the gap between words spelled out one letter at a time
        /// ("s p i n h a r b o r   c a s i n o").
        var wideGap: Bool
        var key: SpamTokenMemo.Key?
    }

    /// Reads a line (valid UTF-8) in place of the one read before, reusing the arrays' storage: the spam stage
    /// reads all the lines of a document into one value. With a `memo`, tokens read before are looked up
    /// rather than read again (not when keeping words). With `terms`, the table the line's words and pairs
    /// will be looked up in, the loading of their slots starts as each word is read, so that the lookups find
    /// them in cache (see ``WordTable/prefetch(_:)``). `spelledGaps`, ascending, are the places (in words, from 0)
    /// of words that followed a run of spaces the normalize stage collapsed after a one-letter word
    /// (``Document/spelledWordGaps``): read as the wide gaps they were.
    mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, memo: SpamTokenMemo? = nil, terms: SpamTermTable? = nil,
                       spelledGaps: [Int] = []) {
        // Counted afresh in place: a new value per line would copy and destroy the whole struct.
        brandShaped = 0
        domains = 0
        mixedScript = 0
        innerCapitals = 0
        randomCase = 0
        fullWidth = 0
        badSyllables = 0
        gluedSyllables = 0
        vietnameseWords = 0
        vietnameseOnlyWords = 0
        gluedWords.removeAll(keepingCapacity: true)
        gluedPhrases = 0
        spelledOut = 0
        digitsForLetters = 0
        bettingDomainAddresses = 0
        markedPromotion = 0
        quotedMarkedPromotion = 0
        amounts = 0
        hiddenDomains = 0
        odds = 0
        var lineMarks: UInt8 = 0
        termPrefetcher = terms?.table.prefetcher
        hashes.removeAll(keepingCapacity: true)
        quoted.removeAll(keepingCapacity: true)
        inQuote = false
        pieceHashes.removeAll(keepingCapacity: true)
        pieces.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true)
        spans.removeAll(keepingCapacity: true)
        let memo = keepWords ? nil : memo
        let letters = SpamLetters.shared, marks = Self.marks
        // First the tokens: where they are, and the memo slots they will be looked up in, whose loading starts
        // now, so that the line waits for memory once rather than token by token. A chunk of tokens at a time:
        // a line of 50 MB (one with no line breaks) must not hold a span for each of its millions of tokens.
        var index = 0
        let count = bytes.count
        var singles = FoldedWord(keepingBytes: keepWords)   // a run of one-character words: "s p i n v a u l t"
        var word = 0, nextGap = 0                           // the place of the next word, and of the next gap
        while index < count {
            spans.removeAll(keepingCapacity: true)
            while index < count && spans.count < Self.spansPerChunk {
                let gapStart = index
                while index < count && bytes[index] == 0x20 { index += 1 }
                let start = index
                // Most tokens are plain words: one pass finds the end, and whether a byte asks for a closer look.
                var marked: UInt8 = 0
                while index < count && bytes[index] != 0x20 {
                    marked |= marks[Int(bytes[index])]
                    index += 1
                }
                guard index > start else { continue }
                lineMarks |= marked
                var key: SpamTokenMemo.Key?
                if let memo {
                    key = SpamTokenMemo.Key(UnsafeBufferPointer(rebasing: bytes[start..<index]), readable: count - start)
                    if let key { memo.prefetch(key) }
                }
                var wideGap = start - gapStart >= 2
                if nextGap < spelledGaps.count && spelledGaps[nextGap] == word {
                    wideGap = true
                    nextGap += 1
                }
                word += 1
                spans.append(Span(start: start, end: index, marked: marked & Self.closerLook != 0,
                                  dottedLetters: marked & Self.dotAndLetters == Self.dotAndLetters,
                                  wideGap: wideGap, key: key))
                if Self.isAmount(UnsafeBufferPointer(rebasing: bytes[start..<index])) { amounts += 1 }
            }
            // Then each token is read.
            for spanIndex in spans.indices {
                let span = spans[spanIndex]
                let token = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
                if Self.opensQuote(token) { inQuote = true }
                defer { if inQuote && Self.closesQuote(token) { inQuote = false } }
                if span.wideGap && singles.count > 0 { endSingles(&singles) }
                if span.dottedLetters, let syllables = Self.dottedSyllables(token) {
                    // "nổ.hũ.club": words joined by dots to pass for an address, a disguise of its own.
                    spelledOut += 1
                    readWords(syllables, letters, memo: memo, singles: &singles)
                    continue
                }
                guard span.marked else {
                    // "neonspin dot club": the dot spelled as a word between a name and a betting domain.
                    if token.count == 3, token[0] | 0x20 == 0x64, token[1] | 0x20 == 0x6F, token[2] | 0x20 == 0x74,
                       spanIndex > 0, spanIndex + 1 < spans.count,
                       Self.isBettingDomain(UnsafeBufferPointer(rebasing: bytes[spans[spanIndex + 1].start..<spans[spanIndex + 1].end])) {
                        domains += 1
                        hiddenDomains += 1
                    }
                    readWord(token, key: span.key, letters, memo: memo, singles: &singles)
                    continue
                }
                var underscores = 0, hyphens = 0, symbols = 0, symbol: UInt32 = 0, brackets = false
                for at in token.indices {
                    let byte = token[at]
                    if byte == 0x5F { underscores += 1 } else if byte == 0x2D { hyphens += 1 }
                    else if byte == 0x5B || byte == 0x28 { brackets = true }
                    else if byte == 0x7C || byte == 0x2A || byte == 0x2B || byte == 0x7E || byte == 0xE2 {
                        let value = UTF8Scalars.scalar(in: token, at: at).value
                        if Self.isJoiner(value) && (symbol == 0 || symbol == value) { symbol = value; symbols += 1 }
                    }
                }
                if brackets && Self.isHiddenDot(token) {
                    domains += 1
                    // The domain after the hidden dot: the rest of the token ("spinharbor(.)vip"), or the next
                    // token when the dot stands alone ("kingbet [dot] win").
                    var afterBracket = token.count
                    while afterBracket > 0 && token[afterBracket - 1] != 0x5D && token[afterBracket - 1] != 0x29 { afterBracket -= 1 }
                    if afterBracket < token.count {
                        if Self.isBettingDomain(UnsafeBufferPointer(rebasing: token[afterBracket...])) { hiddenDomains += 1 }
                    } else if spanIndex + 1 < spans.count {
                        let next = spans[spanIndex + 1]
                        if Self.isBettingDomain(UnsafeBufferPointer(rebasing: bytes[next.start..<next.end])) { hiddenDomains += 1 }
                    }
                }
                // A middle dot for the dot of a betting domain ("sky68·club"): the dot hidden from link filters.
                if Self.hasMiddleDotDomain(token) {
                    domains += 1
                    hiddenDomains += 1
                }
                // A slug ("nha_cai_tang_88k", "best-crypto-casino-no-kyc") is read as its words, and so are words
                // joined by a symbol ("nhà★cái★tặng", "quay|hũ|rút"), a disguise of its own.
                let separator: UInt32? = underscores >= 2 ? 0x5F : hyphens >= 3 ? 0x2D : symbols >= 2 ? symbol : nil
                guard let separator else {
                    readWord(token, key: span.key, letters, memo: memo, singles: &singles)
                    continue
                }
                if separator != 0x5F && separator != 0x2D { spelledOut += 1 }
                readWords(Self.split(token, at: separator).filter { !$0.isEmpty }, letters, memo: memo, singles: &singles)
                // "c-a-s-i-n-o b-o-n-u-s": a word spelled out with its own joiners ends with the token.
                if singles.count > 0 { endSingles(&singles) }
            }
        }
        if singles.count > 0 { endSingles(&singles) }
        // Odds need a "/", "(" or "@": most lines have none, and are not scanned again.
        if lineMarks & Self.oddsHint != 0 { odds = BettingOdds.count(in: bytes) }
        // U+3000 to U+DFFF (CJK punctuation, kana, ideographs, Hangul) start with these bytes.
        if fullWidth > 0 && bytes.contains(where: { $0 >= 0xE3 && $0 <= 0xED }) { fullWidth = 0 }
    }

    /// Whether a token is an amount an offer names: digits with "%" or "k" after them ("100%", "388k"), or a
    /// currency sign before them ("$50", "£3,000", "€10", "₹10,000"); a comma, full stop or bracket after it
    /// does not count.
    static func isAmount(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = token.count
        while end > 0 {
            let byte = token[end - 1]
            guard byte == 0x2C || byte == 0x2E || byte == 0x29 || byte == 0x21 || byte == 0x3A else { break }
            end -= 1
        }
        guard end >= 2 else { return false }
        func isDigit(_ at: Int) -> Bool { token[at] >= 0x30 && token[at] <= 0x39 }
        let last = token[end - 1]
        if (last == 0x25 || last == 0x6B || last == 0x4B) && isDigit(end - 2) {
            // Digits (with separators) up to the sign: "1,2%", "100%", "388k"; not "u23k".
            var at = end - 2
            while at > 0 && (isDigit(at - 1) || token[at - 1] == 0x2C || token[at - 1] == 0x2E) { at -= 1 }
            return at == 0 || token[at - 1] == 0x2B
        }
        // A currency sign, then a digit: "$", "£" (C2 A3), "€" (E2 82 AC), "₹" (E2 82 B9).
        var sign = 0
        if token[0] == 0x24 { sign = 1 } else if end >= 3 && token[0] == 0xC2 && token[1] == 0xA3 { sign = 2 }
        else if end >= 4 && token[0] == 0xE2 && token[1] == 0x82 && (token[2] == 0xAC || token[2] == 0xB9) { sign = 3 }
        return sign > 0 && sign < end && isDigit(sign)
    }

    /// What the token scan notes of each byte: ``closerLook`` for the bytes it looks at twice ("_", "-", "[",
    /// "(", "|", "*", "+", "~", the first byte of "★", "☆", "•", 0xE2, and of "·", 0xC2), ``dot`` for ".", ``beyondASCII`` for
    /// the bytes of other characters, ``oddsHint`` for the bytes odds are written with ("/", "(", "@"). Made once
    /// and never freed.
    nonisolated(unsafe) private static let marks: UnsafeBufferPointer<UInt8> = {
        let table = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0)
        for byte in 0x80...0xFF { table[byte] = beyondASCII }
        for byte: UInt8 in [0x5F, 0x2D, 0x5B, 0x28, 0x7C, 0x2A, 0x2B, 0x7E, 0xE2, 0xC2] { table[Int(byte)] |= closerLook }
        table[0x2E] = dot
        for byte: UInt8 in [0x2F, 0x28, 0x40] { table[Int(byte)] |= oddsHint }
        return UnsafeBufferPointer(table)
    }()
    private static let closerLook: UInt8 = 1, dot: UInt8 = 2, beyondASCII: UInt8 = 4, oddsHint: UInt8 = 8
    private static let dotAndLetters = dot | beyondASCII

    /// The words of a token that joins three or more words by dots, two of them or more with letters beyond
    /// ASCII and each of two characters or more ("nổ.hũ.club", "nhà.cái.uy.tín"), else nil. An address has no
    /// Vietnamese syllables; initials ("Đ.T.Đ"), "TP.HCM", "v.v." and a sentence glued to the next ("học.Ngày")
    /// are not read so.
    static func dottedSyllables(_ token: UnsafeBufferPointer<UInt8>) -> [UnsafeBufferPointer<UInt8>]? {
        // Most tokens flagged here are a Vietnamese word ending a sentence ("nay."): one dot, answered unsplit.
        guard token.count(where: { $0 == 0x2E }) >= 2 else { return nil }
        let parts = split(token, at: 0x2E)
        guard parts.count >= 3 else { return nil }
        var beyond = 0
        for part in parts {
            var characters = 0, index = 0, high = false
            while index < part.count {
                if part[index] >= 0x80 { high = true }
                _ = UTF8Scalars.next(in: part, at: &index)
                characters += 1
            }
            guard characters >= 2 else { return nil }
            if high { beyond += 1 }
        }
        return beyond >= 2 ? parts : nil
    }

    /// Whether a character joins disguised words inside a token: "|", "*", "+", "~", "★", "☆", "•".
    @inline(__always) static func isJoiner(_ value: UInt32) -> Bool {
        switch value {
        case 0x7C, 0x2A, 0x2B, 0x7E, 0x2605, 0x2606, 0x2022: true
        default: false
        }
    }

    /// Reads a word (from the memo when it has it, under `key`), counts what it says, and keeps count of the
    /// run of one-character words it extends or ends.
    @inline(__always)
    private mutating func readWord(_ token: UnsafeBufferPointer<UInt8>, key: SpamTokenMemo.Key?, _ letters: SpamLetters,
                                   memo: SpamTokenMemo?, singles: inout FoldedWord) {
        let reading: TokenReading
        if let memo, let key {
            reading = memo.reading(of: key) { Self.read(token, letters, keepingBytes: false).reading }
        } else {
            let word: FoldedWord
            (reading, word) = Self.read(token, letters, keepingBytes: keepWords)
            if keepWords && reading.signs.contains(.word) { words.append(word.text) }
        }
        add(reading)
        if reading.signs.contains(.pieces) { addPieces(of: token, letters) }
        if reading.single != 0 {
            singles.append(reading.single)
        } else if singles.count > 0 {
            endSingles(&singles)
        }
    }

    /// Reads the parts of a token as words of their own (a slug's, a disguise's), each under its own memo key.
    private mutating func readWords(_ parts: [UnsafeBufferPointer<UInt8>], _ letters: SpamLetters, memo: SpamTokenMemo?,
                                    singles: inout FoldedWord) {
        for part in parts {
            let key = memo == nil ? nil : SpamTokenMemo.Key(part, readable: part.count)
            readWord(part, key: key, letters, memo: memo, singles: &singles)
        }
    }

    /// Adds a word's hash, and starts loading the term table's slots of the word and of its pair with the word
    /// before.
    @inline(__always) private mutating func append(_ hash: UInt64) {
        if let termPrefetcher {
            termPrefetcher.prefetch(hash)
            if let previous = hashes.last { termPrefetcher.prefetch(Self.pair(previous, hash)) }
        }
        hashes.append(hash)
        quoted.append(inQuote)
    }

    /// Whether a token opens a quotation: it starts with '"', '“', '‘', '«' or '„'.
    @inline(__always) static func opensQuote(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = token.first else { return false }
        if first == 0x22 { return true }
        if first == 0xC2 { return token.count >= 2 && token[1] == 0xAB }
        guard first == 0xE2, token.count >= 3, token[1] == 0x80 else { return false }
        return token[2] == 0x9C || token[2] == 0x98 || token[2] == 0x9E
    }

    /// Whether a token closes a quotation: it ends, before any of ".,;:!?)", with '"', '”', '’' or '»'.
    @inline(__always) static func closesQuote(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = token.count
        trailing: while end > 0 {
            switch token[end - 1] {
            case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x29: end -= 1
            default: break trailing
            }
        }
        guard end > 0 else { return false }
        if token[end - 1] == 0x22 { return end > 1 || !opensQuote(token) }
        if end >= 2 && token[end - 2] == 0xC2 && token[end - 1] == 0xBB { return true }
        return end >= 3 && token[end - 3] == 0xE2 && token[end - 2] == 0x80 && (token[end - 1] == 0x9D || token[end - 1] == 0x99)
    }

    /// Counts what a token said (each sign adds 1 or 0, without a branch: Vietnamese words, half of them,
    /// have a sign besides their word).
    @inline(__always) private mutating func add(_ reading: TokenReading) {
        let signs = reading.signs
        if signs.contains(.word) { append(reading.word) }
        guard signs != .word else { return }
        brandShaped += signs.count(.brandShaped)
        domains += signs.count(.domain)
        spelledOut += signs.count(.spelledOut)
        digitsForLetters += signs.count(.digitsForLetters)
        bettingDomainAddresses += signs.count(.bettingDomain)
        let marked = signs.count(.markedPromotion)
        markedPromotion += marked
        quotedMarkedPromotion += inQuote ? marked : 0
        mixedScript += signs.count(.mixedScript)
        innerCapitals += signs.count(.innerCapital)
        randomCase += signs.count(.randomCase)
        fullWidth += signs.count(.fullWidth)
        vietnameseWords += signs.count(.vietnamese)
        badSyllables += signs.count(.badSyllable)
        gluedSyllables += signs.count(.gluedSyllables)
        vietnameseOnlyWords += signs.count(.vietnameseOnly)
        if signs.contains(.gluedWord) && !gluedWords.contains(reading.word) { gluedWords.append(reading.word) }
        gluedPhrases += signs.count(.gluedPhrase)
    }

    /// Adds the pieces of a token that mixes letters and digits or is an address (``pieces``).
    private mutating func addPieces(of token: UnsafeBufferPointer<UInt8>, _ letters: SpamLetters) {
        for piece in Self.pieces(of: token, letters) {
            pieceHashes.append(Self.hash(piece.utf8))
            if keepWords { pieces.append(piece) }
        }
    }

    /// The pieces of a token: its runs of two or more letters ("~club"), its runs of one to four digits
    /// ("~#79"), each folded, the betting word a run of letters ends in ("melbet": "~bet", see
    /// ``endsInGluedBettingWord(_:)``), and the last label of an address ("~.bet"); at most eight. A token of
    /// letters alone has only its betting word for a piece: its whole run is the word itself.
    static func pieces(of token: UnsafeBufferPointer<UInt8>, _ letters: SpamLetters) -> [String] {
        var pieces: [String] = []
        var run: [UInt8] = [], runIsDigits = false
        var letterRuns = 0, digitRuns = 0, gluedPiece: String?
        var afterDot = false, label: [UInt8] = [], lastLabel: [UInt8] = []
        func endRun() {
            if runIsDigits ? run.count <= 4 : run.count >= 2 {
                pieces.append((runIsDigits ? "~#" : "~") + String(decoding: run, as: UTF8.self))
            }
            if runIsDigits {
                digitRuns += 1
            } else {
                letterRuns += 1
                if let glued = gluedBettingWord(run).map({ "~" + $0 }) {
                    gluedPiece = glued
                    pieces.append(glued)
                }
            }
            run.removeAll(keepingCapacity: true)
        }
        // An address's scheme ("https://") says nothing; its path neither.
        var index = Self.hostStart(token)
        while index < token.count {
            let value = UTF8Scalars.next(in: token, at: &index)
            if value == 0x2F || value == 0x3F { break }
            let byte = letters.fold(value)
            if value == 0x2E {
                afterDot = true
                if !label.isEmpty { lastLabel = label }
                label.removeAll(keepingCapacity: true)
            } else if byte != 0 && afterDot {
                label.append(byte)
            }
            guard byte != 0 else {
                if !run.isEmpty { endRun() }
                continue
            }
            let digit = FoldedWord.isDigit(byte)
            if !run.isEmpty && digit != runIsDigits { endRun() }
            runIsDigits = digit
            run.append(byte)
        }
        if !run.isEmpty { endRun() }
        if let gluedPiece, letterRuns == 1, digitRuns == 0, label.isEmpty, lastLabel.isEmpty {
            // A name of letters alone glued to a betting word ("melbet"): its one run is the word itself, so its
            // betting word is its only piece.
            return [gluedPiece]
        }
        if afterDot {
            let tld = label.isEmpty ? lastLabel : label
            if tld.count >= 2 && tld.count <= 6 && !tld.contains(where: FoldedWord.isDigit) {
                // The address's last label is a piece of its own; as a letter run it would say the same as a word.
                pieces.removeAll { $0 == "~" + String(decoding: tld, as: UTF8.self) }
                pieces.append("~." + String(decoding: tld, as: UTF8.self))
            }
        }
        return Array(pieces.prefix(8))
    }

    /// The end of a run of one-character words: three or more spell a word, four or more with a letter are a
    /// spelled-out word.
    private mutating func endSingles(_ singles: inout FoldedWord) {
        if singles.count >= 3 {
            if keepWords { words.append(singles.text) }
            append(singles.hash)
        }
        if singles.count >= 4 && singles.letters > 0 {
            spelledOut += 1
            if singles.isSpelledBrand { brandShaped += 1 }
        }
        singles.removeAll()
    }

    /// Words of betting that gambling brands glue a name before ("melbet", "rikvip", "hitclub", "jilicasino"),
    /// read as a piece of the token of their own so that a brand no list names is weighed by what it ends in.
    /// Not "win" (Darwin, Baldwin, Godwin) nor "slot" (timeslot).
    static let gluedBettingWords: [[UInt8]] = ["bet", "vip", "club", "casino"].map { Array($0.utf8) }
    /// The shortest name glued before a betting word ("kubet", "shbet"); shorter is a word ("abet").
    static let shortestGluedName = 2
    /// Words and names that end like a glued brand ("merembet" is Indonesian for "spreads").
    static let endsLikeGluedBrand: Set<[UInt8]> = Set([
        "alphabet", "alfabet", "tibet", "sherbet", "sorbet", "gibbet", "gobbet", "barbet", "rabbet", "debet", "quodlibet",
        "elisabet", "lisbet", "merembet",
        "nightclub", "fanclub", "bookclub", "golfclub", "jazzclub", "skiclub", "yachtclub",
    ].map { Array($0.utf8) })

    /// The betting word (``gluedBettingWords``) a run of ASCII letters ends in, in either case, with a name of two
    /// letters or more before it, unless the run is a word of its own that ends so (``endsLikeGluedBrand``). Only
    /// a run that ends in a betting word is copied.
    static func gluedBettingWord(_ run: some BidirectionalCollection<UInt8>) -> String? {
        for word in gluedBettingWords where run.count >= word.count + shortestGluedName
            && zip(run.suffix(word.count), word).allSatisfy({ $0 | 0x20 == $1 }) {
            return endsLikeGluedBrand.contains(run.map { $0 | 0x20 }) ? nil : String(decoding: word, as: UTF8.self)
        }
        return nil
    }

    /// The fewest letters of a glued brand: its shortest name and its shortest betting word ("kubet").
    static let shortestGluedBrand = shortestGluedName + (gluedBettingWords.map(\.count).min() ?? 0)

    /// Whether a token of ASCII letters (between ASCII punctuation) ends in a glued betting word: "Melbet,",
    /// "(RIKVIP)", "jilicasino"; not "alphabet", "nightclub", "bet", "VIP".
    static func endsInGluedBettingWord(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        func isPunctuation(_ byte: UInt8) -> Bool { byte < 0x80 && !FoldedWord.isASCIILetter(byte) && !FoldedWord.isDigit(byte) }
        var start = 0, end = token.count
        while end > 0 && isPunctuation(token[end - 1]) { end -= 1 }
        while start < end && isPunctuation(token[start]) { start += 1 }
        let run = UnsafeBufferPointer(rebasing: token[start..<end])
        // Most words end in no betting word: the end is looked at first.
        return gluedBettingWord(run) != nil && run.allSatisfy(FoldedWord.isASCIILetter)
    }

    /// Top-level domains that speak of betting, as the last part of an address whose dot is hidden. Not the cheap
    /// ones every kind of abuse uses (".top", ".xyz"): a security report defangs phishing addresses there too.
    static let bettingDomains: Set<String> = ["vip", "bet", "win", "club", "casino", "fun", "game", "games", "poker", "bingo"]

    /// Whether `token` opens with one of ``bettingDomains`` (ASCII letters, any case), up to its end or a slash,
    /// comma or dot ("club/bonus", "win,").
    static func isBettingDomain(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = 0
        while end < token.count && token[end] != 0x2F && token[end] != 0x2C && token[end] != 0x2E { end += 1 }
        guard end >= 2, end <= 6 else { return false }
        var name = ""
        for byte in token[0..<end] {
            let lower = byte | 0x20
            guard lower >= 0x61 && lower <= 0x7A else { return false }
            name.unicodeScalars.append(Unicode.Scalar(lower))
        }
        return bettingDomains.contains(name)
    }

    /// A middle dot ("·", U+00B7) between a name of ASCII letters or digits and one of ``bettingDomains``:
    /// "sky68·club", "kubet·vip". Catalan writes it inside words ("col·lecció") and Chinese between the parts of a
    /// foreign name, never before "club" or "vip".
    static func hasMiddleDotDomain(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 2
        while index + 2 < token.count {
            if token[index] == 0xC2 && token[index + 1] == 0xB7 {
                let before = token[index - 1]
                let name = FoldedWord.isASCIILetter(before) || FoldedWord.isDigit(before)
                return name && isBettingDomain(UnsafeBufferPointer(rebasing: token[(index + 2)...]))
            }
            index += 1
        }
        return false
    }

    /// A dot written so that no link is made: "xo68[.]com", "kingbet [dot] win", "sky68 (chấm) club".
    static func isHiddenDot(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard token.count >= 3, token.contains(where: { $0 == 0x5B || $0 == 0x28 }) else { return false }
        // The bytes speak first: the text can only hold "[.]" or "(.)" where the bytes do, and can only be a
        // spelled-out dot if it opens and closes with a bracket around a "d" or a "c" (either case).
        let first = token[0], second = token[1] | 0x20, last = token[token.count - 1]
        let spelled = (first == 0x5B || first == 0x28) && (last == 0x5D || last == 0x29) && (second == 0x64 || second == 0x63)
        guard spelled || hasBracketedDot(token) else { return false }
        let text = String(decoding: token, as: UTF8.self).lowercased()
        return text.contains("[.]") || text.contains("(.)") || ["[dot]", "(dot)", "(chấm)", "[chấm]"].contains(text)
    }

    /// Whether the bytes hold a dot between brackets, as in "[.]" or "(.)" (or "[.)").
    private static func hasBracketedDot(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 1
        while index + 1 < token.count {
            if token[index] == 0x2E, token[index - 1] == 0x5B || token[index - 1] == 0x28,
               token[index + 1] == 0x5D || token[index + 1] == 0x29 { return true }
            index += 1
        }
        return false
    }

    /// The parts of a token between the occurrences of one character (valid UTF-8 in, valid UTF-8 out).
    private static func split(_ token: UnsafeBufferPointer<UInt8>, at separator: UInt32) -> [UnsafeBufferPointer<UInt8>] {
        var parts: [UnsafeBufferPointer<UInt8>] = []
        var start = 0, index = 0
        while index < token.count {
            let at = index
            if UTF8Scalars.next(in: token, at: &index) == separator {
                parts.append(UnsafeBufferPointer(rebasing: token[start..<at]))
                start = index
            }
        }
        parts.append(UnsafeBufferPointer(rebasing: token[start..<token.count]))
        return parts
    }

    /// What a character stands for in a disguised word: digits and signs for letters ("0" for "o", "@" for "a").
    private static let leet: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for (byte, letter) in [(0x30, 0x6F), (0x31, 0x69), (0x33, 0x65), (0x34, 0x61), (0x35, 0x73), (0x40, 0x61), (0x24, 0x73)] {
            table[byte] = UInt8(letter)
        }
        return table
    }()

    /// Digits and signs standing for letters inside a word ("d0i", "thu0ng", "c@"): the word with them read as
    /// letters, when the word is ASCII and has a letter, one of them, and three characters or more. (It then
    /// always differs from the word as folded, which keeps digits as digits and drops signs.)
    static func deleet(_ raw: UnsafeBufferPointer<UInt8>, keepingBytes: Bool = false) -> FoldedWord? {
        var letters = 0, leetCount = 0
        var result = FoldedWord(keepingBytes: keepingBytes)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte >= 0x80 {
                // "€" and "£" for "e" ("B€T", "FR££"); any other non-ASCII character: not a disguised word.
                let value = UTF8Scalars.next(in: raw, at: &index)
                guard value == 0x20AC || value == 0xA3 else { return nil }
                result.append(0x65)
                leetCount += 1
                continue
            }
            index += 1
            // "!" for "i" inside a word ("SP!NS", "W!N"), not the mark that ends one ("Wow!").
            if byte == 0x21 {
                if index < raw.count, (raw[index] | 0x20) >= 0x61 && (raw[index] | 0x20) <= 0x7A || leet[Int(raw[index])] != 0 {
                    result.append(0x69)
                    leetCount += 1
                }
                continue
            }
            let letter = leet[Int(byte)]
            if letter != 0 { result.append(letter); leetCount += 1 }
            else if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { result.append(byte | 0x20); letters += 1 }
        }
        return letters >= 1 && leetCount >= 1 && letters + leetCount >= 3 ? result : nil
    }

    /// Whether a digit or sign of ``leet`` stands between two letters of an ASCII token: "w1n5", "sl0t5", "c@sino";
    /// not "0n", "hi88", "bet365" or "covid-19", and not a flight or a model whose letters open a run of digits
    /// ("VN1561", "VJ135", "A350").
    static func hasLetterStandIn(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard token.count >= 3 else { return false }
        return (1..<(token.count - 1)).contains { index in
            leet[Int(token[index])] != 0 && FoldedWord.isASCIILetter(token[index - 1]) && FoldedWord.isASCIILetter(token[index + 1])
        }
    }

    /// Whether the token ends at `index` or goes on with a capital letter or a sign that is no letter.
    static func capitalOrEnd(after index: Int, in token: UnsafeBufferPointer<UInt8>, _ letters: SpamLetters) -> Bool {
        guard index < token.count else { return true }
        var next = index
        let value = UTF8Scalars.next(in: token, at: &next)
        return letters.fold(value) == 0 || letters.flags(value) & SpamLetters.upper != 0
    }

    /// Reads one token in one pass, folding and hashing as it goes: what it says, and the word it adds (its
    /// bytes kept when asked for).
    static func read(_ token: UnsafeBufferPointer<UInt8>, _ letters: SpamLetters,
                     keepingBytes: Bool) -> (reading: TokenReading, word: FoldedWord) {
        var word = FoldedWord(keepingBytes: keepingBytes)
        var hasDot = false, hasSlash = false, maybeLeet = false, hasAt = false
        var latin = false, other = false, vietnamese = false, sawLower = false, innerCapital = false
        var tones = 0, toneOnLast = false, lastWasVowel = false, vowelRun = 0, vowelRunAtTone = 0, openTone = false
        // Vowel groups (a vowel after anything else starts one), whether the first letter is a capital, and
        // whether a letter only Vietnamese writes is in the token: for ``TokenReading/Signs/gluedWord``.
        var vowelGroups = 0, firstLetterUpper: Bool? = nil, vietnameseOnly = false
        // The same for the part since the last gap or digit ("2017,ạtdiđộngsánggiá"): a glued phrase.
        var partGroups = 0, partUpper = false, partMarked = false, gluedPhrase = false
        var letterRuns = 0, digitRuns = 0, previous: UInt8 = 0   // runs between gaps; previous: 1 letter, 2 digit
        var letterRun = 0, shortestLetterRun = Int.max   // the letter run being read, and the shortest one ended
        var alphanumericRun = 0, longestRun = 0, styled = false
        var gapAfterText = false, gapInside = false   // punctuation between letters or digits ("covid-19")
        var gapPending = false, lastLetterLower = false, splitLower = false   // "c.ược": a syllable cut by a dot
        // The case runs of the letters since the last gap or digit, for ``TokenReading/Signs/randomCase``.
        var partLetters = 0, caseRuns = 0, partStartsUpper = false, randomCase = false, fullWidth = false
        var capitals = 0, lookAlikeCapital = false
        // Tones and letters since the last punctuation, and the most of each in one piece: "đồng/24" and
        // "Rịa-Vũng" are two syllables with a tone each, not one with two.
        var pieceTones = 0, pieceLetters = 0, mostPieceTones = 0, mostPieceLetters = 0
        func countTone(open: Bool) {
            tones += 1
            pieceTones += 1
            mostPieceTones = max(mostPieceTones, pieceTones)
            if open { openTone = true }
        }
        func endPart() {
            if partGroups >= 4 && !partUpper && partMarked { gluedPhrase = true }
            partGroups = 0
            partUpper = false
            partMarked = false
            if partLetters >= 2 && caseRuns >= 2 && !(caseRuns == 2 && partStartsUpper) && 5 * caseRuns >= 3 * partLetters {
                randomCase = true
            }
            partLetters = 0
        }
        var index = 0
        while index < token.count {
            let value = UTF8Scalars.next(in: token, at: &index)
            if value == 0x2E { hasDot = true }
            if value == 0x2F { hasSlash = true }
            if value == 0x40 || value == 0x24 || value == 0x21 || value == 0x20AC || value == 0xA3 { maybeLeet = true }
            if value == 0x40 && word.count > 0 { hasAt = true }
            if value >= 0x300 && SpamLetters.isCombiningTone(value) {
                countTone(open: SpamLetters.isOpenTone(value))
                vietnamese = true
                partMarked = true
                toneOnLast = lastWasVowel
                vowelRunAtTone = vowelRun
                continue
            }
            var flags = letters.flags(value)
            var byte = letters.fold(value)
            // A small "l" for a capital "I" in a word of capitals ("NHÀ CÁl UY TÍN"): after two capitals and no
            // small letter, before a capital or the word's end, it reads as the "I" it imitates, and the word as
            // disguised.
            if value == 0x6C && capitals >= 2 && !sawLower && Self.capitalOrEnd(after: index, in: token, letters) {
                flags = letters.flags(0x49)
                byte = letters.fold(0x49)
                lookAlikeCapital = true
            }
            if value >= 0xFF10 && value <= 0xFF5A && byte != 0 { fullWidth = true }
            if byte == 0 {
                // Punctuation or a letter the model does not fold: a word boundary inside the token for runs.
                if previous == 1 { shortestLetterRun = min(shortestLetterRun, letterRun) }
                previous = 0
                alphanumericRun = 0
                endPart()
                if word.count > 0 { gapAfterText = true; gapPending = true }
                pieceTones = 0
                pieceLetters = 0
                if value >= 0x370 && value <= 0x4FF { other = true }
                lastWasVowel = false
                vowelRun = 0
                continue
            }
            word.append(byte)
            if gapAfterText { gapInside = true }
            alphanumericRun += 1
            longestRun = max(longestRun, alphanumericRun)
            if flags & SpamLetters.styled != 0 { styled = true }
            if FoldedWord.isDigit(byte) {
                endPart()
                gapPending = false
                lastLetterLower = false
                if previous != 2 { digitRuns += 1 }
                if previous == 1 { shortestLetterRun = min(shortestLetterRun, letterRun) }
                previous = 2
                lastWasVowel = false
                vowelRun = 0
                continue
            }
            if previous != 1 { letterRuns += 1; letterRun = 0 }
            letterRun += 1
            pieceLetters += 1
            mostPieceLetters = max(mostPieceLetters, pieceLetters)
            previous = 1
            if flags & SpamLetters.otherScript != 0 { other = true } else { latin = true }
            if flags & SpamLetters.vietnamese != 0 { vietnamese = true }
            if flags & SpamLetters.vietnameseOnly != 0 { vietnameseOnly = true }
            let lower = flags & SpamLetters.upper == 0
            if firstLetterUpper == nil { firstLetterUpper = !lower }
            if !lower { partUpper = true }
            if flags & SpamLetters.vietnamese != 0 { partMarked = true }
            if partLetters == 0 {
                caseRuns = 1
                partStartsUpper = !lower
            } else if lower != lastLetterLower {
                caseRuns += 1
            }
            partLetters += 1
            if !lower {
                capitals += 1
                if sawLower { innerCapital = true }
            } else {
                sawLower = true
            }
            if gapPending && lastLetterLower && lower { splitLower = true }
            gapPending = false
            lastLetterLower = lower
            var isVowel = flags & SpamLetters.vowel != 0
            // "gi" and "qu" open a syllable as consonants: "giá", "quá" hold one vowel, not two.
            if isVowel && vowelRun == 0 && word.count >= 2 {
                let before = word.beforeLast | 0x20, this = byte | 0x20
                if (before == 0x67 && this == 0x69) || (before == 0x71 && this == 0x75) { isVowel = false }
            }
            vowelRun = isVowel ? vowelRun + 1 : 0
            if vowelRun == 1 {
                vowelGroups += 1
                partGroups += 1
            }
            if flags & SpamLetters.tone != 0 {
                countTone(open: flags & SpamLetters.openTone != 0)
                toneOnLast = true
                vowelRunAtTone = vowelRun
            } else if isVowel && toneOnLast {
                toneOnLast = false
            }
            if !isVowel { toneOnLast = false }
            lastWasVowel = isVowel
        }
        endPart()
        var reading = TokenReading()
        guard word.count > 0 else { return (reading, word) }
        // Letters cut apart one by one ("k.u.w.i.n"); not a word of another script whose look-alike letters fold
        // between letters that do not ("следствие" folds to "c e c e").
        let spelled = word.count >= 4 && longestRun == 1 && word.letters >= 2 && !other
        // A disguised word counts as the word it hides ("thu0ng" as "thuong").
        var added = word
        if !spelled, maybeLeet || (word.digits > 0 && word.letters > 0), let plain = deleet(token, keepingBytes: keepingBytes) {
            added = plain
            if hasLetterStandIn(token) { reading.signs.insert(.digitsForLetters) }
        }
        reading.word = added.hash
        reading.signs.insert(.word)
        if vietnamese, let spellings = SpamLexicon.markedPromotionSpellings[added.hash], spellings.contains(Self.markedLetters(token)) {
            reading.signs.insert(.markedPromotion)
        }
        if previous == 1 { shortestLetterRun = min(shortestLetterRun, letterRun) }
        // Letters then digits or digits then letters, two or more of each, with nothing between: "hi88",
        // "789bet"; not "covid-19", "u23", "1m88". (A spelled-out one has nothing but gaps between.)
        if word.letters >= 2 && word.digits >= 2 && letterRuns == 1 && digitRuns == 1 && !hasDot && !gapInside {
            reading.signs.insert(.brandShaped)
        }
        // Letters, two to four digits, letters again, two letters or more on each side: "ae79vip", "tai68club",
        // "panda88bet"; not "h5n1", "a320neo", "b29club" (a one-letter run reads as a model or a code).
        if letterRuns == 2 && digitRuns == 1 && word.digits >= 2 && word.digits <= 4 && shortestLetterRun >= 2
            && !hasDot && !gapInside {
            reading.signs.insert(.brandShaped)
        }
        if spelled || styled {
            reading.signs.insert(.spelledOut)
            if spelled && word.isSpelledBrand { reading.signs.insert(.brandShaped) }
        }
        // An e-mail address ("bykj@mk.co.kr") is a byline's, not a betting site's.
        if hasDot && !hasAt && (hasSlash || word.count >= 5) && word.letters >= 3 && looksLikeDomain(token) {
            reading.signs.insert(.domain)
            if hostEndsInBettingDomain(token) { reading.signs.insert(.bettingDomain) }
        }
        if !spelled && !hasAt && ((word.letters >= 2 && word.digits >= 1) || reading.signs.contains(.domain)) {
            reading.signs.insert(.pieces)
        } else if word.digits == 0 && word.letters >= Self.shortestGluedBrand && !other && Self.endsInGluedBettingWord(token) {
            // A name glued to a betting word ("melbet", "rikvip") is a brand's shape as "hi88" is.
            reading.signs.insert(.pieces)
            reading.signs.insert(.brandShaped)
        }
        if (latin && other) || lookAlikeCapital { reading.signs.insert(.mixedScript) }
        if innerCapital { reading.signs.insert(.innerCapital) }
        if randomCase { reading.signs.insert(.randomCase) }
        if fullWidth { reading.signs.insert(.fullWidth) }
        if vietnamese {
            reading.signs.insert(.vietnamese)
            // A tone on the last of two or more vowels that end the word sits on a glide ("chơỉ", "maý"),
            // except after "u" in "uy" and "uê", "oa", "oe" (modern placement: "thuý", "hoà").
            var modernPair = false
            if word.count >= 2 {
                let first = word.beforeLast, last = word.last
                modernPair = (first == 0x75 && (last == 0x79 || last == 0x65 || last == 0x6F)) || (first == 0x6F && (last == 0x61 || last == 0x65))
            }
            // A marked word cut inside by a dot or a sign between small letters ("c.ược", "b.óng") is not
            // written by a speller either.
            // A grave, tilde or hook on a syllable closed by p, t, c or ch ("chằc", "mằt"; "chắc", "mặt" are
            // words): no tone a speller could put there.
            if mostPieceTones > 1 || (toneOnLast && vowelRunAtTone >= 2 && lastWasVowel && !modernPair) || (splitLower && !hasSlash)
                || (openTone && tones == 1 && word.closesSyllable) {
                reading.signs.insert(.badSyllable)
            }
            if mostPieceLetters > 7 { reading.signs.insert(.gluedSyllables) }
            if vowelGroups >= 2 && firstLetterUpper == false && word.digits == 0 && !gapInside && !hasDot {
                reading.signs.insert(.gluedWord)
            }
            if gluedPhrase { reading.signs.insert(.gluedPhrase) }
        }
        if vietnameseOnly { reading.signs.insert(.vietnameseOnly) }
        if word.count == 1 && !other { reading.single = word.last }
        return (reading, added)
    }

    /// A host with a dot between letters followed by two to six letters ("hi88.com", "abc.vip", "x.com.vn/a"),
    /// and at most one path segment after it with no query: a betting site's link is its name or a landing page
    /// ("luckyvip88.club/dang-ky"); an article's citation is a page deep in a site ("youtube.com/watch?v=...",
    /// "npmjs.com/package/x"), and "cow.js" or "index.php" is a file, not a site.
    static func looksLikeDomain(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = hostStart(token)
        let hostEnd = hostEnd(token, from: start)
        if hostEnd < token.count {
            if token[hostEnd] != 0x2F { return false }
            var segments = 0, inSegment = false
            for byte in token[(hostEnd + 1)...] {
                if byte == 0x3F || byte == 0x3D || byte == 0x26 { return false }
                if byte == 0x2F { inSegment = false } else if !inSegment { inSegment = true; segments += 1 }
            }
            if segments > 1 { return false }
        }
        var index = start
        while index < hostEnd {
            if token[index] == 0x2E, index > start, index + 2 <= hostEnd {
                var end = index + 1
                while end < hostEnd && FoldedWord.isASCIILetter(token[end]) { end += 1 }
                let label = end - index - 1
                if label >= 2 && label <= 6 && (end == hostEnd || token[end] == 0x2E)
                    && !Self.isFileExtension(UnsafeBufferPointer(rebasing: token[(index + 1)..<end])) { return true }
            }
            index += 1
        }
        return false
    }

    /// Whether the last part of an address's host is one of ``bettingDomains`` ("luckyvip88.club/dang-ky").
    static func hostEndsInBettingDomain(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = hostStart(token)
        var hostEnd = hostEnd(token, from: start)
        // A full stop or comma after the address ends the sentence, not the host.
        while hostEnd > start, token[hostEnd - 1] == 0x2E || token[hostEnd - 1] == 0x2C { hostEnd -= 1 }
        guard let dot = token[start..<hostEnd].lastIndex(of: 0x2E), dot + 1 < hostEnd else { return false }
        return isBettingDomain(UnsafeBufferPointer(rebasing: token[(dot + 1)..<hostEnd]))
    }

    /// Where an address's host ends: at its path, query or fragment, or the token's end.
    static func hostEnd(_ token: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        token[start...].firstIndex(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 }) ?? token.count
    }

    /// Where an address's host begins: after its scheme ("https://"), if it has one.
    static func hostStart(_ token: UnsafeBufferPointer<UInt8>) -> Int {
        guard let scheme = token.firstIndex(of: 0x3A), scheme + 2 < token.count, token[scheme + 1] == 0x2F, token[scheme + 2] == 0x2F
        else { return 0 }
        return scheme + 3
    }

    /// File name endings that are not the endings of sites' names.
    static let fileExtensions: Set<[UInt8]> = Set(["js", "json", "php", "html", "htm", "txt", "pdf", "jpg", "jpeg", "png", "gif",
        "css", "xml", "asp", "aspx", "jsp", "cgi", "exe", "zip", "rar", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "mp3", "mp4",
        "svg", "webp", "csv", "yaml", "yml", "swift", "java", "cpp", "py"].map { Array($0.utf8) })

    static func isFileExtension(_ label: UnsafeBufferPointer<UInt8>) -> Bool {
        fileExtensions.contains(label.map { $0 | 0x20 })
    }

    static func hash(_ folded: some Sequence<UInt8>) -> UInt64 { WordHash.hash(bytes: folded) }

    /// A token's letters as written, in small letters and NFC, without the punctuation around them ("Kèo," ->
    /// "kèo"): read only for a token whose folded word a marked promotion word shares.
    static func markedLetters(_ token: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: token, as: UTF8.self).trimmingCharacters(in: .letters.inverted).lowercased()
            .precomposedStringWithCanonicalMapping
    }

    /// The hash of a pair of neighbouring words.
    @inline(__always) static func pair(_ first: UInt64, _ second: UInt64) -> UInt64 {
        (first &* 0x9E37_79B9_7F4A_7C15) ^ second ^ 0x5bd1_e995
    }

    /// The words, the pairs of neighbouring words and the pieces, as the vocabulary keys them ("nha", "nha cai",
    /// "~club").
    var terms: [String] {
        var terms = words
        if words.count > 1 { for index in 1..<words.count { terms.append(words[index - 1] + " " + words[index]) } }
        return terms + pieces
    }

    /// The hash of a term as ``terms`` writes it.
    static func termHash(_ term: String) -> UInt64 {
        termPrefixHashes(term).last ?? hash(term.utf8)
    }

    /// The hashes of a term's leading words, one, two, three and so on up to the whole term ("ty", "ty le",
    /// "ty le keo"): a term of three words or more is its first pair of words with each further word chained on.
    static func termPrefixHashes(_ term: String) -> [UInt64] {
        // Read at every start for each of a model's terms: split on the bytes, where a split by Characters took a
        // tenth of the start-up (the terms are NFC, so no space carries a combining mark).
        var term = term
        return term.withUTF8 { bytes in
            var hashes: [UInt64] = []
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == 0x20 {
                defer { start = end + 1 }
                guard end > start else { continue }
                let word = hash(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                hashes.append(hashes.isEmpty ? word : pair(hashes[hashes.count - 1], word))
            }
            // A term of one word is its whole text's hash.
            return hashes.count > 1 ? hashes : [hash(bytes)]
        }
    }

    /// The hashes of the words and of the pairs, as ``termHash(_:)`` gives them.
    var termHashes: [UInt64] {
        var terms = hashes
        if hashes.count > 1 { for index in 1..<hashes.count { terms.append(Self.pair(hashes[index - 1], hashes[index])) } }
        return terms + pieceHashes
    }
}

/// Token readings remembered by the token's bytes. News text repeats a few thousand words (and Vietnamese a few
/// thousand syllables), and looking a token up costs a fraction of reading it again. A small cache, laid out
/// like a processor's: a token's bytes choose a set of two slots (one cache line), the token read last in a set
/// stays and the one used least recently makes room, so frequent tokens stay and the table stays small enough
/// to be fast to reach. Tokens of up to 16 bytes are remembered, nearly all of them. Not thread-safe: each
/// pipeline (one per worker) has its own, in its spam stage.
final class SpamTokenMemo {
    /// A token's bytes (at most 16) as two words, zero-padded, and their count.
    struct Key: Equatable {
        var low: UInt64 = 0, high: UInt64 = 0
        var length = 0

        /// The key of `token`, nil when it is too long to be remembered. `readable` bytes from its start can be
        /// read (at least its own): with sixteen, two loads take them.
        @inline(__always) init?(_ token: UnsafeBufferPointer<UInt8>, readable: Int) {
            guard token.count <= 16, let base = token.baseAddress else { return nil }
            length = token.count
            if readable >= 16 {
                let raw = UnsafeRawPointer(base)
                low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
                high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                if length < 8 {
                    low &= (1 << (8 * UInt64(length))) - 1
                    high = 0
                } else if length < 16 {
                    high &= (1 << (8 * UInt64(length - 8))) - 1
                }
            } else {
                for index in 0..<length where index < 8 { low |= UInt64(base[index]) << (8 * UInt64(index)) }
                for index in 8..<max(8, length) { high |= UInt64(base[index]) << (8 * UInt64(index - 8)) }
            }
        }
    }

    /// A remembered token and its reading, in 32 bytes (two to a cache line); length 0 for an empty slot.
    private struct Slot {
        var low: UInt64 = 0, high: UInt64 = 0
        var word: UInt64 = 0
        var signs: TokenReading.Signs = []
        var single: UInt8 = 0
        var length: UInt8 = 0

        @inline(__always) func holds(_ key: Key) -> Bool { Int(length) == key.length && low == key.low && high == key.high }
        var reading: TokenReading { TokenReading(word: word, signs: signs, single: single) }
    }

    /// Sets of two slots: 1 MB, room for the 32,768 most recent different tokens. The bench corpus's pages
    /// (Vietnamese and English, 205 texts) thrashed a quarter of that: 4.9 s -> 4.7 s on its 52.9 MB.
    private static let sets = 1 << 14
    private let slots: UnsafeMutablePointer<Slot>

    init() {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: Self.sets * 2 * MemoryLayout<Slot>.stride, alignment: 64)
        slots = raw.bindMemory(to: Slot.self, capacity: Self.sets * 2)
        slots.initialize(repeating: Slot(), count: Self.sets * 2)
    }

    deinit { UnsafeMutableRawPointer(slots).deallocate() }

    /// The set (two slots, one cache line) where `key` is remembered, if anywhere.
    @inline(__always) private func set(of key: Key) -> UnsafeMutablePointer<Slot> {
        let hash = (key.low &* 0x9E37_79B9_7F4A_7C15) ^ (key.high &* 0xBF58_476D_1CE4_E5B9) ^ UInt64(key.length)
        return slots + 2 * (Int(truncatingIfNeeded: hash >> 32) & (Self.sets - 1))
    }

    /// Starts loading the set where `key` is looked up (see ``WordTable/prefetch(_:)``).
    @inline(__always) func prefetch(_ key: Key) { winnow_prefetch(set(of: key)) }

    /// The reading of the token with `key`: remembered, or read (by `read`) and remembered.
    @inline(__always) func reading(of key: Key, read: () -> TokenReading) -> TokenReading {
        let set = set(of: key)
        if set[0].holds(key) { return set[0].reading }
        if set[1].holds(key) {
            swap(&set[0], &set[1])
            return set[0].reading
        }
        let reading = read()
        set[1] = set[0]
        set[0] = Slot(low: key.low, high: key.high, word: reading.word, signs: reading.signs, single: reading.single,
                      length: UInt8(key.length))
        return reading
    }
}
