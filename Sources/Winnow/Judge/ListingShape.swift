import Foundation

/// The page checks that tell a listing by its text, in the order the judge asks them, each with the reason the
/// report logs (`judge.tag-page`). A section, tag, search or archive page repeats what an article has once: a
/// dateline, a cut-off snippet, a date, a read-more link, a label, a headline over a teaser. Each check is a type
/// of its own with its measurements (``TagPage``, ``ListingChronology``, ``TeaserLinks``, ``PlaceDatelines``,
/// ``DatedParagraphs``, ``RepeatedLabel``, ``TeaserPairs``); a keyword heading and a listing's address are
/// asked apart, as they need more than the text.
public enum ListingShape {
    /// Why `document` is a listing, by the first check that holds; nil when none does.
    public static func reason(for document: Document) -> String? {
        if let (dateline, count) = TagPage.repeatedDateline(in: document) {
            return "a listing of teasers: \(count) paragraphs open with the dateline '\(dateline)'"
        }
        if let (cut, paragraphs) = TagPage.snippetListing(in: document) {
            return "a list of snippets: \(cut) of its \(paragraphs) paragraphs are cut off with '...'"
        }
        if let words = TagPage.loneTeaser(in: document) {
            return "one teaser: its only paragraph (\(words) words) is cut off with '...'"
        }
        if let days = ListingChronology.days(in: document) {
            return "a listing by its dates: \(days) days, newest first, a teaser between each two"
        }
        if let links = TeaserLinks.links(in: document) {
            return "a listing by its links: \(links) teasers end in a bare read-more link"
        }
        if let count = PlaceDatelines.datelines(in: document) {
            return "a listing by its datelines: \(count) paragraphs open with a place, a headline between each two"
        }
        if let count = DatedParagraphs.paragraphs(in: document) {
            return "a listing by its dates: \(count) paragraphs open with a date, a line between each two"
        }
        if let (label, count) = RepeatedLabel.label(in: document) {
            return "a listing by its labels: '\(label)' stands \(count) times, a teaser between each two"
        }
        if let pairs = TeaserPairs.pairs(in: document) {
            return "a listing of headlines and teasers: \(pairs) pairs, no two teasers of one story"
        }
        return nil
    }

    /// What `read` reads from the opening of each paragraph (a line of `paragraphWords` words or more) that has
    /// one (a place, a date), in the page's order, when `minimum` paragraphs or more have one, they are half the
    /// page's paragraphs or more, and no two follow one another (a teaser's headline stands between); else nil.
    /// A report has such an opening on its lead at most; a section page prints one on every teaser.
    static func teaserOpenings<Reading>(in document: Document, paragraphWords: Int, minimum: Int,
                                        read: (ArraySlice<UInt8>) -> Reading?) -> [Reading]? {
        var paragraphs = 0
        var found: [(index: Int, reading: Reading)] = []
        for (index, line) in document.lines.enumerated() where line.wordCount >= paragraphWords {
            paragraphs += 1
            if let reading = read(document.text[line.range]) { found.append((index, reading)) }
        }
        guard found.count >= minimum, 2 * found.count >= paragraphs else { return nil }
        for (earlier, later) in zip(found, found.dropFirst()) where later.index == earlier.index + 1 { return nil }
        return found.map(\.reading)
    }
}
