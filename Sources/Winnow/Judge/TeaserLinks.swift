import Foundation

/// A listing told by its links: three teasers or more, each ending in a bare "Read More", "Continue reading…" or
/// "Đọc tiếp" line (or one that runs on into the next item: "Read More »Other News"), under fewer than
/// ``openingWords`` words before the first link. A listing, tag or archive page shows its stories that way; an
/// article that ends with related stories so linked has its own text above them.
///
/// On all 3,886 labelled pages (stop 62) a page with three such links or more had under 100 words before the first
/// 13 times, all pages to drop (8 of them left by the other checks); the one article with three links had 175
/// words of its own before them. One link alone says nothing: an article's "Continue reading" and a related
/// story's "Read more" look the same (stop 61's single-link check dropped five articles).
public enum TeaserLinks {
    /// The fewest links that make a page a listing.
    static let minimumLinks = 3
    /// Words before the first link from which the page has an article of its own.
    static let openingWords = 100

    /// How many bare read-more links the page shows when they make it a listing; else nil.
    public static func links(in document: Document) -> Int? {
        // The links among the lines left and those the stages took (widget.interface-label takes "Read More →"
        // as furniture); most pages have none, and are answered without counting words.
        var links = Set<Int>()
        for line in document.lines {
            let bytes = document.text[line.range]
            guard mayOpenWithLink(bytes) else { continue }
            if (line.wordCount <= 4 && isLink(document.text(of: line))) || opensWithLink(bytes) { links.insert(line.number) }
        }
        for edit in document.edits where edit.kind == .dropped && (isLink(edit.text) || opensWithLink(edit.text)) { links.insert(edit.line) }
        guard links.count >= minimumLinks, let first = links.min() else { return nil }
        // The words of the page's input lines above the first link.
        let opening = TagPage.inputLines(of: document).span(0..<first).words
        return opening < openingWords ? links.count : nil
    }

    /// Whether `text` is only a link to the rest of a story: "Read More »", "Continue reading…", "Đọc tiếp...".
    static func isLink(_ text: String) -> Bool {
        guard text.utf8.count <= 60, mayOpenWithLink(text.utf8) else { return false }
        var words = TagPage.trimmingWhitespace(text).lowercased()
        if words.hasPrefix("("), words.hasSuffix(")") { words = String(words.dropFirst().dropLast()) }
        for tail in ["»", "…", "...", "→", ">>", "›", ">"] where words.hasSuffix(tail) {
            words = TagPage.trimmingWhitespace(String(words.dropLast(tail.count)))
            break
        }
        return phrases.contains(words)
    }

    /// Whether UTF-8 `bytes` open with a letter a link opens with (r, c, k, x, đ: 0xC4 0x91) or "(" (WordPress's
    /// "(more…)"; a bare "More" is a menu's word, and its "m" does not pass): most lines do not, and are answered
    /// without reading their text.
    static func mayOpenWithLink(_ bytes: some Sequence<UInt8>) -> Bool {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        return [0x72, 0x63, 0x6B, 0x78].contains(first | 0x20) || first == 0xC4 || first == 0x28
    }

    /// Whether UTF-8 `bytes` open with a link and its arrow glued to the next item's words, as an extractor joins
    /// them: "Read More »Marathon OPP – Impaired Operation Charges Laid", "Đọc tiếp » Tin khác". Only a line with
    /// an arrow in its first bytes is decoded.
    static func opensWithLink(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard mayOpenWithLink(bytes) else { return false }
        // The link's words are few: the arrow stands within the line's first bytes.
        let head = bytes.prefix(linkBytes)
        guard let (at, length) = arrowPosition(in: head),
              bytes.dropFirst(at + length).contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        return phrases.contains(TagPage.trimmingWhitespace(String(decoding: head.prefix(at), as: UTF8.self)).lowercased())
    }

    /// ``opensWithLink(_:)`` of a line's text (an edit's).
    static func opensWithLink(_ text: String) -> Bool { opensWithLink(Array(text.utf8)[...]) }

    /// Where the first arrow ("»", "→", ">>", "›") stands in `bytes` (UTF-8), as an offset from their start, and
    /// its length in bytes.
    static func arrowPosition(in bytes: ArraySlice<UInt8>) -> (at: Int, length: Int)? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x3E || byte == 0xC2 || byte == 0xE2 {
                for arrow in arrows where bytes[index...].starts(with: arrow) { return (index - bytes.startIndex, arrow.count) }
            }
            index += 1
        }
        return nil
    }

    /// How far into a line its link's arrow may stand: past "read the full article" and its spaces.
    static let linkBytes = 48

    /// The arrows a link ends in, as UTF-8: "»", "→", ">>", "›".
    static let arrows: [[UInt8]] = ["»", "→", ">>", "›"].map { Array($0.utf8) }

    static let phrases: Set<String> = ["read more", "continue reading", "keep reading", "read the rest", "read full story",
                                       "read full article", "read the full story", "read the full article", "đọc tiếp",
                                       "xem tiếp", "xem chi tiết", "đọc thêm", "read article", "read the article", "more"]
}
