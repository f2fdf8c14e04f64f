import Foundation

/// A listing told by its pairs: a page whose lines left are mostly headlines each followed by a short paragraph
/// (four pairs or more, 70% of its lines of three words or more in them), no paragraph longer than a teaser's, and
/// no two of the paragraphs about the same thing (none shares ``sharedWords`` of its words with another). That is
/// a section, tag or archive page of headline and standfirst; an article with subheadings tells one story, so its
/// paragraphs share their names and words, and most of them run longer; an article with related stories so printed
/// below it has ``openingWords`` words of its own or more above them.
///
/// On all 3,886 labelled pages (stop 63, bare text) it drops 9 pages to drop that the other checks leave, and no
/// article. Measured while it was written (a prototype on the input lines): with headlines of three words or more
/// it took a cricket round-up whose matches head its paragraphs ("Delhi vs Assam"); with those headlines and
/// without the paragraphs' difference in words, three articles more (a photo story whose captions are its text, a
/// school district's policy notice under policy-number subheadings, an aggregator's excerpt above its teasers).
public enum TeaserPairs {
    /// The fewest headline and paragraph pairs.
    static let minimumPairs = 4
    /// The share of the page's lines (of three words or more) the pairs hold, at least.
    static let pairShare = 0.7
    /// A headline's words: five to twenty, no sentence's end.
    static let headlineWords = 5...20
    /// A teaser paragraph's words: from a short sentence's six ("It returns this Sunday to Garnafeilagh.", a regional
    /// radio's standfirst) up. Stop 63 counted twelve or more; six drop two more pages to drop of the 3,886 labelled
    /// pages and no article (stop 66). Four would let a byline ("By Nenna A. Saint ;") or a section and date line pass
    /// for a teaser: three more pages, none of them by the pairs.
    static let paragraphWords = 6...60
    /// Words before the first pair from which the page has an article of its own above related stories.
    static let openingWords = 100
    /// The share of a paragraph's content words found in another paragraph from which the two tell one story.
    static let sharedWords = 0.3

    /// How many headline and paragraph pairs the page holds, when they make it a listing; else nil.
    public static func pairs(in document: Document) -> Int? {
        let lines = document.lines
        guard lines.count >= 2 * minimumPairs, !lines.contains(where: { $0.wordCount > paragraphWords.upperBound }) else { return nil }
        // The paragraphs under a headline, by their index.
        var paragraphs: [Int] = []
        var index = 0
        while index + 1 < lines.count {
            if isHeadline(lines[index], in: document), paragraphWords.contains(lines[index + 1].wordCount),
               !isHeadline(lines[index + 1], in: document) {
                paragraphs.append(index + 1)
                index += 2
            } else {
                index += 1
            }
        }
        let content = lines.filter { $0.wordCount >= 3 }.count
        guard paragraphs.count >= minimumPairs, Double(2 * paragraphs.count) >= pairShare * Double(content),
              // An article's own text above related stories so printed: its words before the first pair.
              lines[..<(paragraphs[0] - 1)].reduce(0, { $0 + $1.wordCount }) < openingWords else { return nil }
        // No two paragraphs about one story: their content words as the page's coherence reads them
        // (``DocumentFeature/coherence(_:)``: four letters or more, no stop words), sorted, each once.
        let words: [[UInt64]] = document.withLineTexts { texts in
            paragraphs.map { index in
                var hashes = LineFeatureExtractor.shape(of: texts.bytes(index), keepWords: true).contentHashes
                hashes.sort()
                hashes.removeConsecutiveRepeats()
                return hashes
            }
        }
        for (first, one) in words.enumerated() {
            for other in words[(first + 1)...] where !one.isEmpty && !other.isEmpty {
                if Double(DocumentFeature.sharedCount(one, other)) >= sharedWords * Double(min(one.count, other.count)) { return nil }
            }
        }
        return paragraphs.count
    }

    /// Whether `line` reads as a headline: ``headlineWords`` words, the last character no sentence's mark, colon,
    /// semicolon or comma (a closing quote or bracket after one counts as it).
    static func isHeadline(_ line: Line, in document: Document) -> Bool {
        guard headlineWords.contains(line.wordCount) else { return false }
        var last = document.text(of: line).unicodeScalars.reversed().drop { $0.properties.isWhitespace }.makeIterator()
        guard var scalar = last.next() else { return false }
        if "\"”’)".unicodeScalars.contains(scalar), let before = last.next() { scalar = before }
        return !".!?:;,".unicodeScalars.contains(scalar)
    }
}
