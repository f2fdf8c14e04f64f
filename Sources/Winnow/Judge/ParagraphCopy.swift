import Foundation

/// A paragraph printed again a few lines on: a line of ``paragraphWords`` words or more equal, in any case, to a line
/// at most ``reach`` lines before it. A page prints its lead twice (once as the teaser box over the article, once
/// in its text), or a quote box repeats a paragraph; a writer does not repeat a paragraph of fifteen words a few
/// lines on. The first stays; the copy goes.
///
/// On all 3,886 labelled pages at hand (stop 65, raw lines), such a copy was junk or on a page to drop 142 times
/// and body never (the one body paragraph repeated word for word stood 42 lines after its first print, a
/// vaccination notice's rule restated).
public enum ParagraphCopy {
    /// The rule id logged for a paragraph printed again.
    public static let ruleID = "judge.paragraph-copy"
    /// A paragraph this long (words) or longer: a shorter line repeated may be a template's item ("Single lane
    /// closed 8 p.m. to 5 a.m.", body under each of two closures).
    static let paragraphWords = 15
    /// The copy stands at most this many lines after the paragraph.
    static let reach = 10

    /// The positions in `document.lines` of the paragraphs printed again.
    public static func copies(in document: Document) -> [Int] {
        let lines = document.lines
        var copies: [Int] = []
        // The last long lines, within `reach` of the line read.
        var recent: [Int] = []
        for index in lines.indices where lines[index].wordCount >= paragraphWords {
            recent.removeAll { index - $0 > reach }
            let bytes = document.text[lines[index].range]
            if recent.contains(where: { earlier in
                let other = document.text[lines[earlier].range]
                return other.count == bytes.count && CaselessBytes.equal(bytes, other)
            }) {
                copies.append(index)
            }
            recent.append(index)
        }
        return copies
    }
}
