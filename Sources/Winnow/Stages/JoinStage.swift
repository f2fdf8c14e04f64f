import WinnowICU

/// lines -> fewer, whole lines: rejoins a sentence that the extractor split where an inline element (a link, an
/// italic film title, a bold name) began or ended. "Theo" / " Yibada" and "Hiện" / "hãng xe BMW" / " vẫn chưa
/// công bố giá bán" come out as one line each, so the judge and the sentence breaker see the sentence, and the
/// join is logged (kind `joined`, rule `join.split-line`) under the line that was appended.
///
/// A line is appended to the one before it only when nothing says a new paragraph starts there:
/// - no blank line between them, and the line before does not end a sentence or a clause (`. ! ? … : ;`, a
///   closing quote or bracket, a table's `|`) nor start a list item;
/// - and the line reads on: it starts with a small letter, with `,` `;` `)`, with a full stop alone or before a
///   space (". Hai mẫu xe", the sentence a link ended), or with a number in brackets ("(2013) và"); or the line
///   before stops at a comma or on a word no sentence ends on ("và", "của", "and", "of"); or it starts with one
///   space (the space before the inline element) after a sentence in progress (five words or more ending in a
///   small letter) or after a lone "Theo" / "Nguồn" that a credit's link cut off.
/// A line that starts a byline ("by ...", "di ...") or is a bare address ("bongdaplus.vn") is left alone: those
/// follow a title or a name without punctuation, and joined they would hide the title.
///
/// Some extractors write a page one word per line (each word in its own element). On such a page
/// (``isWordPerLine(_:)``) a word goes on the line of the word before it whatever its first letter, until a
/// sentence ends, a blank line parts them, or a heading in capitals gives way to a sentence.
public struct JoinStage: Stage {
    public let name = StageName.join

    /// The rule id the joins are logged under.
    public static let ruleID = "join.split-line"

    public init() {}

    public func run(_ document: inout Document) throws(Rejection) {
        guard document.lines.count > 1 else { return }
        // For each line, whether it continues the one before it (read before any text changes).
        let continues: [Bool] = document.withLineTexts { lines in
            var result = [Bool](repeating: false, count: lines.count)
            if Self.isWordPerLine(lines) {
                var run = WordRun(String(decoding: lines.bytes(0), as: UTF8.self))
                for index in 1..<lines.count {
                    let word = String(decoding: lines.bytes(index), as: UTF8.self)
                    if lines[index].number == lines[index - 1].number + 1 && lines[index].blankLinesBefore == 0 && run.takes(word) {
                        result[index] = true
                        run.add(word)
                    } else {
                        run = WordRun(word)
                    }
                }
                return result
            }
            let width = Self.wrapWidth(of: lines)
            // Only lines next to each other in the input: a line a rule removed between two others parts them.
            for index in 1..<lines.count where lines[index].number == lines[index - 1].number + 1 && Self.continues(lines.bytes(index), indent: lines[index].indent,
                                                              blankLinesBefore: lines[index].blankLinesBefore,
                                                              after: lines.bytes(index - 1), previousWords: lines[index - 1].wordCount,
                                                              wrapWidth: width) {
                result[index] = true
            }
            return result
        }
        guard continues.contains(true) else { return }
        var joined = Set<Int>()
        var index = 0
        while index < continues.count {
            var end = index + 1
            while end < continues.count && continues[end] { end += 1 }
            if end > index + 1 {
                var text = document.text(of: document.lines[index])
                for part in (index + 1)..<end {
                    let next = document.text(of: document.lines[part])
                    if let first = next.unicodeScalars.first, !Self.attachesWithoutSpace(first) { text += " " }
                    text += next
                    joined.insert(part)
                }
                document.setText(ofLine: index, to: text)
            }
            index = end
        }
        document.removeLines(at: joined, rule: Self.ruleID, kind: .joined)
    }

    /// Whether `line` (its indent and the blank lines before it as the input had them) reads on from `previous`.
    static func continues(_ line: UnsafeBufferPointer<UInt8>, indent: Int, blankLinesBefore: Int,
                          after previous: UnsafeBufferPointer<UInt8>, previousWords: Int, wrapWidth: Int? = nil) -> Bool {
        guard blankLinesBefore == 0, !line.isEmpty, !previous.isEmpty else { return false }
        // Most lines end a sentence: decided from the last character alone, without making strings.
        let firstLength = UTF8Scalars.scalar(in: line, at: 0).length
        guard let last = Unicode.Scalar(UTF8Scalars.last(in: previous)),
              let first = Unicode.Scalar(UTF8Scalars.scalar(in: line, at: 0).value),
              let firstOfPrevious = Unicode.Scalar(UTF8Scalars.scalar(in: previous, at: 0).value) else { return false }
        if Self.endsClause.contains(last) || Self.startsItem.contains(first) || Self.startsItem.contains(firstOfPrevious) {
            return false
        }
        // Whether the line reads on, from characters and word counts; strings only for the last word before.
        var readsOn = first.properties.isLowercase || Self.attachesWithoutSpace(first) && first != "."
        // A full stop alone or before a space ends the sentence the line before left open: "... siêu xe BMW i8" /
        // ". Hai mẫu xe này ...", where a link ended the sentence. Not "...", ".NET" or ".vn".
        if first == ".", line.count == 1 || line[1] == 0x20 { readsOn = true }
        // "Grand Piano" / "(2013) thật sự...": a year or a number in brackets after a name.
        if !readsOn, first == "(", firstLength < line.count,
           let second = Unicode.Scalar(UTF8Scalars.scalar(in: line, at: firstLength).value), second.properties.numericType != nil {
            readsOn = true
        }
        // A line that stops at a comma or on "và", "của", "and", "of" has not ended its sentence.
        if !readsOn && last == "," { readsOn = true }
        if !readsOn && previousWords >= 2 {
            var wordStart = previous.count
            while wordStart > 0 && previous[wordStart - 1] != 0x20 { wordStart -= 1 }
            if previous.count - wordStart <= 8 && Self.openWords.contains(String(decoding: UnsafeBufferPointer(rebasing: previous[wordStart...]), as: UTF8.self)) {
                readsOn = true
            }
        }
        if !readsOn && indent == 1 {
            readsOn = (previousWords == 1 && Self.creditWords.contains(String(decoding: previous, as: UTF8.self)))
                || (previousWords >= 5 && (last.properties.isLowercase || last == ","))
        }
        // In a hard-wrapped text a line that runs to the width and stops mid-sentence goes on in the next line,
        // whatever its first letter ("... officials in south" / "China's Guangdong Province ...").
        if !readsOn, let wrapWidth, previousWords >= Self.wrappedLineWords,
           UTF8Scalars.count(in: previous) * 4 >= wrapWidth * 3,
           first.properties.isUppercase || first.properties.numericType != nil || first == "(" {
            readsOn = true
        }
        guard readsOn else { return false }
        // What reads on but starts something else: a numbered item before, a byline, a bare address.
        let before = String(decoding: previous, as: UTF8.self)
        let text = String(decoding: line, as: UTF8.self)
        if Self.startsNumberedItem(before) { return false }
        let firstWord = text.prefix { $0 != " " }
        if Self.bylineWords.contains(firstWord.lowercased()) { return false }
        // A bare address ("bongdaplus.vn") names a source after a byline.
        // (A word and its full stop, "nghề.", is the end of a sentence.)
        if !text.contains(" ") && text.dropLast().contains(".") { return false }
        return true
    }

    /// A page written one word per line has at least this many lines ...
    static let wordPerLineMinimumLines = 20
    /// ... this share of them or more one word each (of at most ``longestLoneWord`` characters) ...
    static let wordPerLineShare = 0.6
    static let longestLoneWord = 25
    /// ... and reads as prose: this share of those words or more are function words ("và", "của", "the", "of"),
    /// and as many start with a small letter. A menu or a list of places or tags, one item per line, has
    /// neither; a page in a script written without spaces has lines of one "word" that are paragraphs, and
    /// no function word of the lists stands alone on them.
    static let wordPerLineProseShare = 0.15

    /// Whether the extractor wrote the page one word per line.
    static func isWordPerLine(_ lines: LineTexts) -> Bool {
        guard lines.count >= Self.wordPerLineMinimumLines else { return false }
        var lone = 0, function = 0, small = 0
        for index in lines.indices where lines[index].wordCount == 1 {
            let bytes = lines.bytes(index)
            guard UTF8Scalars.count(in: bytes) <= Self.longestLoneWord else { continue }
            lone += 1
            let word = String(decoding: bytes, as: UTF8.self)
            if Stopwords.shared.contains(WordHash.hash(word)) { function += 1 }
            if let first = word.unicodeScalars.first, first.properties.isLowercase { small += 1 }
        }
        let share = Self.wordPerLineProseShare * Double(lone)
        return Double(lone) >= Self.wordPerLineShare * Double(lines.count) && Double(function) >= share && Double(small) >= share
    }

    /// The words joined so far on a page written one word per line, as much of them as says whether the next
    /// word goes on: whether they end a sentence (". ! ? …", a closing quote or bracket after one) and whether
    /// they are a heading in capitals. Kept as it goes, so a page of any length is read once.
    struct WordRun {
        private var endsSentence = false
        private var capitalLetters = 0
        private var hasSmallLetter = false

        init(_ word: String) { add(word) }

        /// Whether `word` goes on the run: not after a sentence's end, nor from a heading in capitals to a word
        /// in small letters (the article's first sentence).
        func takes(_ word: String) -> Bool {
            if endsSentence { return false }
            let isHeading = capitalLetters >= 2 && !hasSmallLetter
            return !(isHeading && word.unicodeScalars.contains { $0.properties.isLowercase })
        }

        mutating func add(_ word: String) {
            // A closing quote alone on its line leaves the run's end as it was.
            if let end = word.unicodeScalars.reversed().first(where: { !JoinStage.closesQuote.contains($0) }) {
                endsSentence = JoinStage.endsSentence.contains(end)
            }
            for scalar in word.unicodeScalars where scalar.properties.isAlphabetic {
                if scalar.properties.isLowercase { hasSmallLetter = true } else { capitalLetters += 1 }
            }
        }
    }

    /// The marks that end a sentence, and the closing quotes and brackets that may follow them (a line ending in
    /// either, or in ":", ";" or "|", ends a clause: ``endsClause``).
    static let endsSentence: Set<Unicode.Scalar> = [".", "!", "?", "…"]
    static let closesQuote: Set<Unicode.Scalar> = ["\"", "”", "»", ")", "]", "'", "’"]

    /// Lines of this many words or more measure a text's wrapping.
    static let wrappedLineWords = 6

    /// The width (in Unicode scalars) a hard-wrapped text was cut at, or nil when the text is not hard-wrapped.
    /// A PDF's or an e-mail's text breaks every line at about the same width, mid-sentence: its lines of six words
    /// or more are short (nine in ten at most 100 characters) and at least four of them, and a quarter or more,
    /// stop without ending a clause right above a line that reads on in small letters. A scraped page's
    /// paragraphs run to any length, and a split there (an inline link) is one or two per paragraph.
    static func wrapWidth(of lines: LineTexts) -> Int? {
        let measured = lines.indices.filter { lines[$0].wordCount >= Self.wrappedLineWords }
        var openEnds = 0
        for index in measured where index + 1 < lines.count && lines[index + 1].number == lines[index].number + 1
            && lines[index + 1].blankLinesBefore == 0 {
            let next = lines.bytes(index + 1)
            guard !next.isEmpty, let last = Unicode.Scalar(UTF8Scalars.last(in: lines.bytes(index))),
                  let first = Unicode.Scalar(UTF8Scalars.scalar(in: next, at: 0).value) else { continue }
            if !Self.endsClause.contains(last) && first.properties.isLowercase { openEnds += 1 }
        }
        guard measured.count >= Self.wrappedLineWords, openEnds >= 4, openEnds * 4 >= measured.count else { return nil }
        // Lengths only for the few texts that stop mid-clause this often.
        let lengths = measured.map { UTF8Scalars.count(in: lines.bytes($0)) }.sorted()
        let width = lengths[lengths.count * 9 / 10]
        return width <= 100 ? width : nil
    }

    /// "1. ", "2) ", "a) ": a numbered list item.
    static func startsNumberedItem(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars.prefix(5))
        var index = 0
        while index < scalars.count && index < 3 && (scalars[index].properties.numericType != nil) { index += 1 }
        if index == 0 && scalars.count >= 2 && scalars[0].properties.isLowercase && scalars[1] == ")" { index = 1 }
        guard index > 0, index + 1 < scalars.count else { return false }
        return (scalars[index] == "." || scalars[index] == ")") && scalars[index + 1] == " "
    }

    /// A line ends a sentence or clause with one of these (a table's cell ends with "|").
    static let endsClause: Set<Unicode.Scalar> = endsSentence.union(closesQuote).union([":", ";", "|"])
    /// A list item or a table row starts with one of these.
    static let startsItem: Set<Unicode.Scalar> = ["-", "•", "*", "+", "–", "—", "|", "#", "·", "►", "▪", "●"]
    /// Punctuation that attaches to the word before it.
    static func attachesWithoutSpace(_ scalar: Unicode.Scalar) -> Bool { scalar == "," || scalar == ";" || scalar == ")" || scalar == "." }
    /// Words that open a byline after a title ("by Sam Whitlock", "di Luca Monaco", "von ...", "par ...").
    static let bylineWords: Set<String> = ["by", "di", "von", "par", "por", "bởi"]
    /// Words a sentence does not end on (small letters only: "Nghệ An", "Email In" end a line; not "in" or
    /// "to", which are Vietnamese words too: "Bản để in").
    static let openWords: Set<String> = ["và", "của", "với", "là", "cho", "trong", "tại", "các", "những", "từ",
                                         "and", "or", "of", "the", "for", "with"]
    /// A credit whose source a link cut off: "Theo" / " Yibada".
    static let creditWords: Set<String> = ["Theo", "Nguồn", "Source", "Via"]
}
