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
        // The texts of the last `reach` long lines, lower-cased on demand: most lines are compared by length only.
        var recent: [(index: Int, bytes: Int, text: String?)] = []
        for index in lines.indices where lines[index].wordCount >= paragraphWords {
            recent.removeAll { index - $0.index > reach }
            let size = lines[index].range.count
            var text: String?
            for position in recent.indices where abs(recent[position].bytes - size) <= 4 {
                if recent[position].text == nil { recent[position].text = document.text(of: lines[recent[position].index]).lowercased() }
                if text == nil { text = document.text(of: lines[index]).lowercased() }
                if recent[position].text == text {
                    copies.append(index)
                    break
                }
            }
            recent.append((index, size, text))
        }
        return copies
    }
}
