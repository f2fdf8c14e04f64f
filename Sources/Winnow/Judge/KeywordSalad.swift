/// Search queries glued into one line, as keyword-stuffed pages write them to catch searches ("kuwin lãi suất
/// ngân hàng tiền gửitrịnh văn quyếtbỉ vslịch làm việc bưu điện"): a Vietnamese line (a letter only Vietnamese
/// writes: a hook above or a horn, "ả", "ư", "ở") with two different words or more in small letters that hold
/// two syllables or more each (``TokenReading/Signs/gluedWord``: "gửitrịnh", "quyếtbỉ") and no sentence end (as
/// the rules' `terminal_punctuation` reads it); or with one word in small letters of four syllables or more
/// (``TokenReading/Signs/gluedPhrase``: a phrase without its spaces, "ạtdiđộngsánggiá..."), wherever the line
/// ends. A reporter writes a loanword as one word now and then ("bêtông", "ôtô"), in a sentence; names start
/// with a capital ("José Pérez"). Decided outside the model's score, like a listed brand standing alone: the
/// spam model reads a line's words one at a time and scores a list of ordinary queries as ordinary words.
///
/// On the labelled lines re-created on 2026-12-05 (1,869 spam, 1,649 to keep) 137 spam lines hold, none to
/// keep; on the 5,904 lines of ../shared/corpus, the hand-labelled pages, the written pages and the spam
/// pages, no body or title line.
enum KeywordSalad {
    /// The rule id logged for the lines it removes.
    static let ruleID = "spam.keyword-salad"
    /// Different glued words a line needs.
    static let gluedWords = 2

    static func holds(_ tokens: SpamTokens, line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard tokens.vietnameseOnlyWords > 0 else { return false }
        return tokens.gluedPhrases > 0
            || (tokens.gluedWords.count >= gluedWords && !LineShape.endsWithTerminalPunctuation(line) && !readsAsProse(tokens, line: line))
    }

    /// A paragraph whose words a PDF or an extractor ran together at line breaks, two at a time ("là một
    /// trongnhững nội dung, nhiệm vụ ..."), not a list of queries: clauses set off by commas (two or more ", "), or
    /// a long line (thirty words or more) with a glued word in ten words or fewer. Search queries glued into a list
    /// have neither. (A phrase of four syllables or more run together is no line break's doing, and goes anyway.)
    /// A document-sharing page's preview lost two body lines and the whole page to the rule without this.
    static func readsAsProse(_ tokens: SpamTokens, line: UnsafeBufferPointer<UInt8>) -> Bool {
        let commas = zip(line, line.dropFirst()).count { $0 == 0x2C && $1 == 0x20 }
        if commas >= 2 { return true }
        let words = tokens.hashes.count
        return words >= 30 && tokens.gluedWords.count * 10 < words
    }
}
