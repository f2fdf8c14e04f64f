import Foundation
import WinnowICU

/// A line that prints one text twice over, glued, with a space or with a credit between ("Mũi tên được bắn vào một
/// con khủng long trong Ark: Survival EvolvedMũi tên được bắn vào ..."): an image's alternative text run into its
/// caption by the extractor, or a teaser's headline run into its own link text. A writer does not type a sentence
/// twice in one line; an extractor does, where an image or a link stood.
///
/// Each copy holds ``minimumWords`` to ``maximumWords`` words: fewer is a label, a name or a date printed twice
/// ("10.25am BST10.25am BST", "22 Dec, 2016 22 Dec, 2016", which a benchmark's gold keeps as article text), more is
/// a lead paragraph a page printed twice, whose text is the article's.
///
/// The rule condition `doubled` (``DoubledCheck``, used by `common.doubled-label`) decides the short copies without
/// a digit as a rule, before the judge; this check reads the longer copies, those with a credit between them and
/// those with figures. Both find the copies with ``LineShape/repeatedEnds(_:shortest:)``.
public enum DoubledLine {
    /// The rule id logged for a line printed twice over.
    public static let ruleID = "judge.doubled-line"
    static let minimumWords = 4
    static let maximumWords = 30

    /// The positions in `document.lines` of the lines that print one text twice over.
    public static func lines(in document: Document) -> [Int] {
        document.lines.indices.filter { index in
            let line = document.lines[index]
            // Both copies have the words (glued, they share one); what is between them has half a copy's at most.
            guard line.wordCount >= 2 * minimumWords - 1, line.wordCount <= 3 * maximumWords else { return false }
            return isDoubled(document.text[line.range])
        }
    }

    /// Whether `bytes` open and close with one text of `minimumWords` to `maximumWords` words holding a letter,
    /// with at most half as many bytes between the two copies (nothing, a space, or a credit the extractor left
    /// between them: "Caption (photo: Name)Caption", once the trailing credit is trimmed).
    static func isDoubled(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { text in
            // The middle is half a copy at most: the copy is two fifths of the line or more, rounded up. A shorter
            // text at both ends is a part of the longest, so the longest alone is read.
            guard let length = LineShape.repeatedEnds(text, shortest: (2 * text.count + 4) / 5) else { return false }
            let copy = UnsafeBufferPointer(rebasing: text[..<length])
            let words = copy.split(separator: 0x20).count
            return words >= minimumWords && words <= maximumWords && holdsLetter(copy)
        }
    }

    /// Whether UTF-8 `bytes` hold a letter of any script (``CharacterClass``: a capital, a small letter, or a letter
    /// of a script without case): a copy of figures and signs alone ("12:00 - 12:00") is no caption.
    private static func holdsLetter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            switch CharacterClass(rawValue: CharacterClass.byte(of: UTF8Scalars.next(in: bytes, at: &index)) & ~CharacterClass.unspacedFlag) {
            case .upper, .lower, .caseless: return true
            default: continue
            }
        }
        return false
    }
}
