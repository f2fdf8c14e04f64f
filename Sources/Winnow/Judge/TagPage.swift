import Foundation

/// A tag or topic page: the page of a site that lists its stories under one keyword. It opens with the keyword
/// as its heading ("hải đảo", "điêu đứng vì hồ tiêu", "Tag: lở đất đá", "Chủ đề: Lương tối thiểu vùng"), then
/// a teaser or two: a headline, its date, its truncated sapo. Read as text, a teaser is a short article; what
/// gives the page away is the heading no article has: a keyword in small letters, or one named as a tag.
///
/// On the 470 labelled article pages of rules/models/training.yaml no first line is such a heading on a short
/// page; 8 of the 64 pages to drop open with one.
public enum TagPage {
    /// A keyword heading has at most this many words.
    static let headingWords = 6
    /// A tag page has at most this many non-blank input lines ...
    static let maximumLines = 12
    /// ... and at most this many lines of 20 words or more (teaser sapos; an article has its paragraphs).
    static let maximumLongLines = 3

    /// The heading that shows `document` is a tag page (its first non-blank input line), or nil.
    public static func heading(of document: Document) -> String? {
        // The first input line may have been removed or moved into the metadata already: read it from the edits.
        // A line a rule knew for page furniture (``furnitureRules``) is not the page's first, nor one the spam
        // stage removed (a page of gambling names is the gambling filter's to drop): the line after it is.
        let furniture = Set(document.evidence.lazy.filter { furnitureRules.contains($0.rule) }.map(\.line))
        var first: (number: Int, text: String)?
        for line in document.lines where !furniture.contains(line.number) && (first.map({ line.number < $0.number }) ?? true) {
            first = (line.number, document.text(of: line))
        }
        for edit in document.edits where edit.kind != .joined && edit.kind != .trimmed && edit.kind != .rewritten
            && !edit.rule.hasPrefix("spam.") && !furnitureRules.contains(edit.rule) {
            if first.map({ edit.line < $0.number }) ?? true { first = (edit.line, edit.text) }
        }
        guard let (headingNumber, untrimmed) = first else { return nil }
        let text = trimmingWhitespace(untrimmed)
        guard isHeading(text) else { return nil }
        // Short: a heading, a teaser or two, and something besides the heading.
        let inputLines = inputLineCount(of: document)
        let longLines = document.lines.filter { $0.wordCount >= 20 }.count
        guard inputLines >= 2, inputLines <= maximumLines, longLines <= maximumLongLines, !document.lines.isEmpty else { return nil }
        // A teaser follows the heading: one of the next two lines is a headline or a sapo. Under a widget's
        // label come its items ("thời tiết các vùng" above "Hà Nội", "Đà Nẵng"), and then perhaps an article.
        let next = document.lines.lazy.filter { $0.number > headingNumber }.prefix(teaserSearch)
        guard next.contains(where: { $0.wordCount >= teaserWords }) else { return nil }
        // Teasers stand apart; three paragraphs in a row are an article's body, and the word above them is a
        // label of the site's ("newspaper" left of a date line above a Greek report), not the page's keyword.
        if hasParagraphRun(document) { return nil }
        // A keyword without a mark above a page in Vietnamese is an image's alternative text or an address's
        // words ("xay cau huu nghi"), not the tag the site prints.
        if text.utf8.allSatisfy({ $0 < 0x80 }) && text.utf8.count(where: { $0 == 0x20 }) >= 2 && isVietnamese(document) { return nil }
        return text
    }

    /// Whether the page holds the run of paragraphs ``ListingAddress/hasArticleRun(_:)`` reads as an article's
    /// body, each of them also ending a sentence (a teaser's headline, however long, ends none).
    static func hasParagraphRun(_ document: Document) -> Bool {
        document.withLineTexts { lines in
            var run = 0
            for index in lines.indices {
                let shape = LineFeatureExtractor.shape(of: lines.bytes(index))
                run = shape.length >= Double(ListingAddress.paragraphWords) && shape.sentenceEnd ? run + 1 : 0
                if run >= ListingAddress.articleRun { return true }
            }
            return false
        }
    }

    /// A teaser is one of this many lines after the heading ...
    static let teaserSearch = 2
    /// ... with at least this many words.
    static let teaserWords = 4

    /// Whether the page's words are Vietnamese with their marks: one byte in twenty or more of its lines leads
    /// a Vietnamese letter (U+00C0 to U+01B0 and U+1EA0 to U+1EF9; with its continuation bytes, a tenth of the
    /// text or more is outside ASCII).
    static func isVietnamese(_ document: Document) -> Bool {
        var vietnamese = 0, total = 0
        for line in document.lines {
            total += line.range.count
            vietnamese += document.text[line.range].count { $0 == 0xE1 || $0 == 0xC3 || $0 == 0xC4 || $0 == 0xC6 }
        }
        return total > 0 && vietnamese * 20 >= total
    }

    /// `text` without the white space at its ends, as Foundation's `trimmingCharacters(in: .whitespaces)` trims
    /// it, which it calls only when an end holds something that could be white space: a first line rarely does,
    /// and Foundation's trimming costs as much as the rest of the page's checks.
    static func trimmingWhitespace(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              mayBeWhitespace(first) || mayBeWhitespace(last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// Whether `CharacterSet.whitespaces` might hold the scalar: white space of any kind, and the invisible spaces
    /// (it holds U+200B).
    private static func mayBeWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .spaceSeparator
            || scalar.value == 0x180E || (0x200B...0x200D).contains(scalar.value)
            || scalar.value == 0x2060 || scalar.value == 0xFEFF
    }

    /// A listing of one agency's teasers: three or more paragraphs (15 words or more) open with the same dateline
    /// ("VOV.VN - ...", "(TTXVN) - ..."; with or without the agency's web address: "VOV4 - " and "VOV4.VN - " are
    /// one agency), and they are half the page's paragraphs or more. An article has one dateline, on its lead.
    /// The dateline as the first of them spells it, or nil.
    public static func repeatedDateline(in document: Document) -> (dateline: String, count: Int)? {
        var counts: [String: Int] = [:], spellings: [String: String] = [:]
        var paragraphs = 0
        for line in document.lines where line.wordCount >= 15 {
            paragraphs += 1
            // A dateline is among the first four words: the line's first 80 bytes hold it (a character cut at
            // the end decodes as U+FFFD, past the words read).
            let opening = document.text[line.range.prefix(80)]
            guard hasLoneDash(opening) else { continue }
            if let dateline = dateline(of: String(decoding: opening, as: UTF8.self)) {
                let agency = agency(of: dateline)
                counts[agency, default: 0] += 1
                if spellings[agency] == nil { spellings[agency] = dateline }
            }
        }
        guard let (agency, count) = counts.max(by: { $0.value < $1.value }), count >= 3, 2 * count >= paragraphs else { return nil }
        return (spellings[agency] ?? agency, count)
    }

    /// Web-address endings an agency's dateline may carry or not ("VOV.VN", "VOV").
    static let addressEndings = [".COM.VN", ".GOV.VN", ".ORG.VN", ".NET.VN", ".VN", ".COM", ".NET", ".ORG", ".INFO"]

    /// The agency a dateline (upper-cased) names: without the ending of its web address.
    static func agency(of dateline: String) -> String {
        for ending in addressEndings where dateline.hasSuffix(ending) && dateline.count > ending.count {
            return String(dateline.dropLast(ending.count))
        }
        return dateline
    }

    /// A list of snippets (search results, an author's or a tag's archive of excerpts): two or more paragraphs
    /// (12 words or more), three quarters of them or more, cut off with an ellipsis ("...", "…", "[…]"). An
    /// article's paragraphs end as sentences; one may trail off, and a teaser of a paywalled story ends cut, but
    /// on the 950 labelled pages no article has three quarters of its paragraphs cut (the highest: 11 of 18, a
    /// forum page). A page that opens with ``articleOpening`` words or more of whole paragraphs before the first
    /// cut one is an article with its related teasers after it (the judge takes those line by line): on the
    /// 2,522 labelled pages of stop 44 the pages to drop that this finds have 47 words or fewer there, the two
    /// articles it took 91 and 137. The paragraphs cut and all paragraphs, or nil.
    public static func snippetListing(in document: Document) -> (cut: Int, paragraphs: Int)? {
        var paragraphs = 0, cut = 0, wordsBeforeCut = 0
        for line in document.lines where line.wordCount >= 12 {
            paragraphs += 1
            if endsCutOff(document.text[line.range]) { cut += 1 } else if cut == 0 { wordsBeforeCut += line.wordCount }
        }
        guard cut >= 2, 4 * cut >= 3 * paragraphs, wordsBeforeCut < articleOpening else { return nil }
        return (cut, paragraphs)
    }

    /// A page that is one teaser: a listing, tag or search page of which one item survives (a headline, a date,
    /// and the item's opening cut off with an ellipsis). Its only paragraph (12 words or more) ends cut off
    /// ("...", "…", "[…]"), and the page has at most ``loneTeaserLines`` lines in all. An article cut short ends
    /// where the excerpt stops, mid-word, with no ellipsis; a paywalled article shows its opening the same way
    /// as a teaser does, and the labels go both ways there (one dropped, two kept; since stop 59 a page with a
    /// paywall's notice, ``paywallRules``, is read as the article it is). A page that names the source
    /// it copied ("Nguồn ANTG: http://...", extracted as its source URL) is a short article reprinted, not a
    /// listing's item. The paragraph's word count, or nil.
    public static func loneTeaser(in document: Document) -> Int? {
        guard document.lines.count <= loneTeaserLines, document.metadata.sourceURL == nil,
              !document.edits.contains(where: { paywallRules.contains($0.rule) }) else { return nil }
        let paragraphs = document.lines.filter { $0.wordCount >= 12 }
        guard paragraphs.count == 1, let paragraph = paragraphs.first, endsCutOff(document.text[paragraph.range]) else { return nil }
        return paragraph.wordCount
    }

    /// How many non-blank input lines `document` had: those left and those the stages removed, moved into the
    /// metadata or joined to another (each counted once, however many edits it has).
    static func inputLineCount(of document: Document) -> Int {
        Set(document.lines.map(\.number)).union(document.edits.map(\.line)).count
    }

    /// One non-blank input line of a page as the listing checks read it: as it is left (its index in the
    /// document's lines), else as the first edit that took it whole logged it (its index in the document's edits).
    struct InputLine {
        var number: Int
        var words: Int
        var left: Int?
        var edit: Int?

        /// The line's text: as it reads now, or as its edit logged it.
        func text(in document: Document) -> String {
            if let left { return document.text(of: document.lines[left]) }
            return edit.map { document.edits[$0].text } ?? ""
        }

        /// The first `count` bytes of the line's UTF-8 (fewer for a shorter line), read without making its text.
        func firstBytes(in document: Document, _ count: Int) -> [UInt8] {
            if let left { return Array(document.text[document.lines[left].range].prefix(count)) }
            return edit.map { Array(document.edits[$0].text.utf8.prefix(count)) } ?? []
        }
    }

    /// The non-blank input lines of `document` in their order, each once: those left, and those the stages took
    /// whole (dropped, cut, moved into the metadata). A trimmed or rewritten line is left in part, and is read
    /// as it is left; a line joined to the one before reads in it.
    static func inputLines(of document: Document) -> [InputLine] {
        var lines: [InputLine] = []
        lines.reserveCapacity(document.lines.count + document.edits.count)
        for (index, line) in document.lines.enumerated() { lines.append(InputLine(number: line.number, words: line.wordCount, left: index)) }
        let left = lines.count
        for (index, edit) in document.edits.enumerated() where edit.kind != .trimmed && edit.kind != .joined && edit.kind != .rewritten {
            lines.append(InputLine(number: edit.line, words: LineShape.wordCount(edit.text), edit: index))
        }
        guard lines.count > left else { return lines }
        // A stable sort keeps the lines left ahead of edits of the same number, and edits in their order; the
        // first of each number stays.
        lines = lines.enumerated().sorted { ($0.element.number, $0.offset) < ($1.element.number, $1.offset) }.map(\.element)
        var unique = 0
        for index in lines.indices where unique == 0 || lines[index].number != lines[unique - 1].number {
            lines[unique] = lines[index]
            unique += 1
        }
        lines.removeLast(lines.count - unique)
        return lines
    }

    /// Rules that find a paywall's notice ("This item is available in full to subscribers."): a page that holds
    /// one is an article whose opening the wall cut short, not a listing's teaser. On the labelled pages such
    /// openings were kept as articles three times and dropped once (stop 59).
    static let paywallRules: Set<String> = ["notice.paywall"]

    /// The most lines a page of one teaser holds: a section label, a headline (twice: link and image text), a
    /// date, the teaser.
    static let loneTeaserLines = 4

    /// Words of whole paragraphs before the first snippet that make the page an article's: above the 47 of the
    /// pages to drop, with room for an unseen site's (100 took an article of two paragraphs, 91 words, at stop 44).
    static let articleOpening = 60

    /// Whether UTF-8 `bytes` end with an ellipsis, "..." or "…", before closing brackets and spaces ("[…]"). Five
    /// dots or more are a writer's trailing off ("... bao giờ mới hết khó khăn..........", a forum post), not a
    /// site cutting a teaser short; four are a sentence's full stop and the cut ("... residents’ daily lives....").
    static func endsCutOff(_ bytes: ArraySlice<UInt8>) -> Bool {
        var end = bytes.endIndex
        while end > bytes.startIndex, [0x20, 0x09, 0x5D, 0x29].contains(bytes[end - 1]) { end -= 1 }
        if bytes[..<end].suffix(5).elementsEqual([0x2E, 0x2E, 0x2E, 0x2E, 0x2E]) { return false }
        return DocumentFeature.endsWithEllipsis(bytes[..<end])
    }

    /// Whether a dash ("-", "–", "—") stands alone between spaces in `bytes` (UTF-8), after the first byte,
    /// or ends them: a paragraph without one opens with no dateline (``dateline(of:)`` reads none), and most
    /// paragraphs have none, so their words need not be split.
    static func hasLoneDash(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while let space = bytes[index...].firstIndex(of: 0x20) {
            var end = space + 1
            if end < bytes.endIndex && bytes[end] == 0x2D {
                end += 1
            } else if end + 2 < bytes.endIndex && bytes[end] == 0xE2 && bytes[end + 1] == 0x80 && (bytes[end + 2] == 0x93 || bytes[end + 2] == 0x94) {
                end += 3
            } else {
                index = space + 1
                continue
            }
            if end == bytes.endIndex || bytes[end] == 0x20 { return true }
            index = space + 1
        }
        return false
    }

    /// The dateline a paragraph opens with: one to three words (an optional bracket around them) before a dash.
    static func dateline(of text: String) -> String? {
        let words = text.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: true)
        for count in 1...3 where words.count > count {
            let dash = words[count]
            guard dash == "-" || dash == "–" || dash == "—" else { continue }
            let name = words[0..<count].joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "." || $0 == " " }),
                  name.unicodeScalars.first?.properties.isUppercase == true else { return nil }
            return name.uppercased()
        }
        return nil
    }

    /// Words a script prints where a value is missing.
    static let scriptLiterals: Set<String> = ["null", "undefined", "nan", "none", "nil"]
    /// Rules that know a line for page furniture, never a page's keyword: an image's alternative text ("logo" above
    /// an aggregator's copy of a BBC report; `common.image-label`, evidence the judge weighs) and what a web form
    /// or a page template leaves ("leftcenterrightdel", the alignment buttons of a portal's image editor;
    /// `common.form-residue`, removed).
    static let furnitureRules: Set<String> = ["common.image-label", "common.form-residue"]

    /// A keyword heading: named as a tag or topic ("Tag: X", "Từ khóa: X", "Chủ đề: X"), a blog's archive of a
    /// category, tag or label ("Category Archives: X", "Hiển thị các bài đăng có nhãn X"), or a few words of
    /// letters that start in small letters (headlines and article titles start with a capital).
    static func isHeading(_ line: String) -> Bool {
        if line.utf8.count <= 160, isArchiveHeading(line) { return true }
        // Either way needs a colon or a small first letter: most first lines (headlines) have neither, and are
        // answered before their words are split (a split by characters costs more than the rest of the page's checks).
        guard line.utf8.contains(0x3A) || line.unicodeScalars.first?.properties.isLowercase == true else { return false }
        let words = line.split(separator: " ")
        guard !words.isEmpty, words.count <= headingWords + 2 else { return false }
        let lowered = line.lowercased()
        for prefix in ["tag:", "tags:", "từ khóa:", "từ khoá:", "chủ đề:", "topic:", "keyword:", "tin tức về:"]
        where lowered.hasPrefix(prefix) && lowered.count > prefix.count + 1 {
            return true
        }
        guard words.count <= headingWords, let first = line.unicodeScalars.first,
              first.properties.isLowercase else { return false }
        // What a page's script printed for a value it lacked is no keyword ("null" above a women's union's article).
        if words.count == 1, Self.scriptLiterals.contains(lowered) { return false }
        // Letters without a vowel are codes, not a keyword: a layout's screen sizes ("xs xsm sm md lg") above a
        // Thai report.
        if words.allSatisfy(isLetterCode) { return false }
        return line.unicodeScalars.allSatisfy { $0 == " " || $0.properties.isAlphabetic }
    }

    /// What blog platforms print above the posts of one category, tag, author or month: WordPress's "Category
    /// Archives: X" (in English on Vietnamese sites too), Blogger's "Showing posts with label X" and its
    /// Vietnamese "Hiển thị các bài đăng có nhãn X". No article opens with these words. On the labelled pages at
    /// hand (2,619, stop 61) they head six pages: five to drop, and a tag page showing one reposted story in full,
    /// labelled an article, which the page's long paragraphs keep (``maximumLongLines``).
    /// Compared byte by byte with ASCII letters folded to small ones (every page's first line is asked: no new
    /// string is made), so the Vietnamese words match as the platforms print them, a capital first.
    static func isArchiveHeading(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            guard let first = bytes.first, archiveInitials.contains(first | 0x20) else { return false }
            return archiveHeadings.contains { heading in
                guard bytes.count > heading.count + 1 else { return false }
                for (index, byte) in heading.enumerated() {
                    let seen = bytes[index]
                    if (seen >= 0x41 && seen <= 0x5A ? seen | 0x20 : seen) != byte { return false }
                }
                return true
            }
        }
    }

    static let archiveHeadings: [[UInt8]] = [
        "category archives:", "tag archives:", "category archive:", "tag archive:", "monthly archives:",
        "daily archives:", "yearly archives:", "author archives:", "showing posts with label ",
        "hiển thị các bài đăng có nhãn ", "lưu trữ danh mục:", "lưu trữ thẻ:", "lưu trữ tác giả:",
    ].map { Array($0.utf8) }
    /// The first letters of ``archiveHeadings``, small.
    static let archiveInitials = Set(archiveHeadings.compactMap(\.first))

    /// A word of ASCII letters without a vowel ("xs", "md", "px"): a code, not a word of a language.
    static func isLetterCode(_ word: Substring) -> Bool {
        word.utf8.allSatisfy { $0 < 0x80 } && !word.utf8.contains { "aeiouyAEIOUY".utf8.contains($0) }
    }
}

extension Array where Element == TagPage.InputLine {
    /// How many of these lines have numbers in `numbers`, and their words.
    func span(_ numbers: Range<Int>) -> (lines: Int, words: Int) {
        var lines = 0, words = 0
        for line in self where numbers.contains(line.number) {
            lines += 1
            words += line.words
        }
        return (lines, words)
    }
}
