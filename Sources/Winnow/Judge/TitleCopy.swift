import Foundation

/// The headline printed again: a line equal, in any case, to the title the extract stage took from the page, or to
/// a headline among the page's first ``openingLines`` lines (``headlineWords`` words or more, not ending as a
/// sentence or an introduction does) within ``reach`` lines of it: a masthead's copy of the headline, a
/// breadcrumb's last item, a share box's heading. An article does not repeat its own headline as a line; a
/// template does. The first copy stays (it is the headline); the later ones go, unless a neighbour is printed again
/// with them (a template's item).
///
/// On all 3,886 labelled pages at hand (stop 65), a line equal to a line labelled as the title was junk 173 times
/// and never body; a line equal to a headline-shaped line among the first five was junk 215 times, and body 4 times
/// in raw lines: a film's and a newspaper's name that inline links had cut out of sentences, which the join stage
/// puts back into their sentences before the judge reads them.
public enum TitleCopy {
    /// The rule id logged for a copy of the headline.
    public static let ruleID = "judge.title-copy"
    /// A title this long (characters) or longer: a short one ("Video", "Tin tức") is a label many lines share.
    static let titleLength = 15
    /// A headline stands among this many first lines of the page.
    static let openingLines = 5
    /// ... has this many words or more ...
    static let headlineWords = 4
    /// ... and is printed again within this many lines after it.
    static let reach = 10

    /// The positions in `document.lines` of the lines that print its headline again.
    public static func copies(in document: Document) -> [Int] {
        let lines = document.lines
        // The headlines, as UTF-8: the extracted title, and the headline-shaped lines that open the page.
        var headlines: [(bytes: ArraySlice<UInt8>, position: Int)] = []
        if let title = document.metadata.title, title.count >= titleLength {
            headlines.append((ArraySlice(title.utf8), -1))
        }
        for index in lines.indices.prefix(openingLines) where lines[index].wordCount >= headlineWords {
            let bytes = document.text[lines[index].range]
            guard let last = bytes.last, last != 0x2E, last != 0x3A, bytes.count >= titleLength,
                  document.text(of: lines[index]).count >= titleLength else { continue }
            headlines.append((bytes, index))
        }
        guard !headlines.isEmpty else { return [] }
        var copies: [Int] = []
        for index in lines.indices {
            let bytes = document.text[lines[index].range]
            guard let headline = headlines.first(where: { headline in
                index > headline.position && bytes.count == headline.bytes.count
                    && (headline.position < 0 || index - headline.position <= reach) && CaselessBytes.equal(bytes, headline.bytes)
            }) else { continue }
            // A line printed again with its neighbour is an item of a template the article repeats ("Thời gian: ..."
            // over "Lý do: ..." under each of a notice's places), not a headline.
            if headline.position >= 0 && (sameLines(document, index + 1, headline.position + 1)
                                          || sameLines(document, index - 1, headline.position - 1)) { continue }
            copies.append(index)
        }
        return copies
    }

    /// Whether the lines at positions `first` and `second` (either may be out of the page) hold the same text.
    static func sameLines(_ document: Document, _ first: Int, _ second: Int) -> Bool {
        guard first != second, document.lines.indices.contains(first), document.lines.indices.contains(second) else { return false }
        return document.text[document.lines[first].range] == document.text[document.lines[second].range]
    }
}
