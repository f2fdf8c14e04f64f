import WinnowICU

/// Text scrambled beyond reading, the way content farms and spam hosts disguise copied news from filters:
/// every letter followed by a stray combining mark ("P̼G̼S̼"), Latin words spelled with Cyrillic, Greek or
/// small-capital look-alikes ("Тгᴏпɡ ʟúᴄ"), words run together without spaces ("Thesceneofthefactory..."), or
/// text whose characters were shifted to others of ASCII, the way some newspaper platforms store a paywalled story
/// in the page ("kAm%96 D9@@E@FE 92AA6?65": letters, digits and symbols such as "@", "?" or "<" inside one word).
///
/// Measured as the share of a page's letters that stand in such words. On the 870 labelled pages of
/// rules/models/training.yaml the four scrambled pages to drop score 0.92 to 1.0 and the highest article 0.13
/// (a page quoting Cyrillic names): a page at ``threshold`` or more, with at least ``minimumLetters`` letters, is
/// not an article.
public enum ScrambledText {
    public static let threshold = 0.5
    public static let minimumLetters = 100
    /// Letters after which a page whose unreadable share is under a tenth is read no further.
    static let enoughLetters = 400

    /// The share of the letters of `document`'s lines that stand in unreadable words, and how many letters it has.
    public static func measure(_ document: Document) -> (share: Double, letters: Int) {
        document.withLineTexts { lines in
            var total = 0, unreadable = 0
            for index in lines.indices {
                let bytes = lines.bytes(index)
                var position = 0
                while position < bytes.count {
                    while position < bytes.count && bytes[position] == 0x20 { position += 1 }
                    let start = position
                    while position < bytes.count && bytes[position] != 0x20 { position += 1 }
                    guard position > start else { continue }
                    let word = Self.read(UnsafeBufferPointer(rebasing: bytes[start..<position]))
                    total += word.letters
                    if word.unreadable { unreadable += word.letters }
                }
                // A scrambled page is scrambled throughout: once enough letters read plainly, stop reading.
                if total >= Self.enoughLetters && unreadable * 10 < total { break }
            }
            return (total == 0 ? 0 : Double(unreadable) / Double(total), total)
        }
    }

    /// Whether the page is scrambled beyond reading.
    public static func isScrambled(_ document: Document) -> (Bool, share: Double) {
        let measured = measure(document)
        return (measured.letters >= minimumLetters && measured.share >= threshold, measured.share)
    }

    /// One word's letters, and whether no reader could read it.
    static func read(_ word: UnsafeBufferPointer<UInt8>) -> (letters: Int, unreadable: Bool) {
        var letters = 0, latin = 0
        var otherScript = false, strayMark = false, lookAlike = false, otherLetter = false
        // Shifted text: a symbol no written word holds between two letters or digits ("D9@@E@FE", "92AA6?65"), but a
        // single colon between digits (a time or a score: "10:30", "2:1"); or letters and digits taking turns twice or
        // more ("H6C6", "3FE2"; once is a model or a team: "U23", "4G"). `last` is the last letter or digit, with the
        // shifted symbols since it; a character of any other kind ends the run.
        var last: (digit: Bool, symbols: Int, onlyColons: Bool)?
        var shifted = false, turns = 0, nonASCII = false
        var index = 0
        while index < word.count {
            let value = UTF8Scalars.next(in: word, at: &index)
            let digit = (0x30...0x39).contains(value)
            if digit || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) {
                if let last {
                    if last.symbols == 0 {
                        if last.digit != digit { turns += 1 }
                    } else if !(last.symbols == 1 && last.onlyColons && last.digit && digit) {
                        shifted = true
                    }
                }
                last = (digit, 0, true)
            } else if last != nil && Self.isShiftedSymbol(value) {
                last!.symbols += 1
                if value != 0x3A { last!.onlyColons = false }
            } else {
                last = nil
                if value > 0x7F { nonASCII = true }
            }
            switch value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF:
                letters += 1; latin += 1
            case 0x300...0x36F:
                // Vietnamese writes its tone and vowel marks combined in NFC; any other mark here is decoration.
                if !Self.vietnameseMarks.contains(value) { strayMark = true }
            case 0x250...0x2AF, 0x1D00...0x1DBF:
                letters += 1; lookAlike = true
            case 0x370...0x3FF, 0x400...0x4FF:
                letters += 1; otherScript = true
            case 0x500...0x1DFF, 0x1F00...0x1FFF, 0x2E80...0xD7FF, 0xF900...0xFFDC:
                letters += 1; otherLetter = true
            default:
                break
            }
        }
        guard letters > 0 else { return (0, false) }
        let mixed = (latin > 0 && (otherScript || lookAlike)) || (otherScript && lookAlike)
        let runTogether = !otherLetter && !otherScript && latin >= 25
        return (letters, mixed || strayMark || runTogether || (!nonASCII && (shifted || turns >= 2) && !Self.isAddress(word)))
    }

    /// Symbols that stand inside no word of prose, and that a shift of ASCII puts there: "?" and ":" only follow a
    /// word (but "10:30"), "@" joins an address, "%" follows a number, "<", ">", "=", "{", "}", "^", "|", "~" belong
    /// to code and markup. ("[" and "]" around a citation, "born[2]", do not count.)
    @inline(__always) static func isShiftedSymbol(_ value: UInt32) -> Bool {
        switch value {
        case 0x3F, 0x3A, 0x40, 0x25, 0x3C, 0x3E, 0x3D, 0x7B, 0x7D, 0x5E, 0x7C, 0x7E: return true
        default: return false
        }
    }

    /// An e-mail address, a web address or a path, whose symbols are where they belong.
    static func isAddress(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var at = false, dotAfterAt = false, slash = false
        for byte in word {
            switch byte {
            case 0x40: at = true
            case 0x2E where at: dotAfterAt = true
            case 0x2F: slash = true
            default: break
            }
        }
        return slash || (at && dotAfterAt)
    }

    /// Grave, acute, tilde, hook above, dot below, circumflex, breve, horn.
    static let vietnameseMarks: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323, 0x302, 0x306, 0x31B]
}
