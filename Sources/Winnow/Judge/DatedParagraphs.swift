import Foundation

/// A listing told by the dates its paragraphs open with: three paragraphs or more start with a full date, its year
/// written ("Friday 2025-07-18 08:43Sáng ngày ...", "12.10.2004 — Rada ...", "March 3, 2024 - The council ..."),
/// half the page's paragraphs or more, never two in a row. A section page prints each teaser's date before its
/// text, under its headline; an article opens one paragraph with a date at most, and a live blog's entries open
/// with times, not dates.
///
/// On all 3,886 labelled pages (stop 63, bare text) two pages do so, both to drop and left by the other checks;
/// no article does.
public enum DatedParagraphs {
    /// The fewest paragraphs that open with a date.
    static let minimumDated = 3
    /// A paragraph: a line of this many words or more.
    static let paragraphWords = 12
    /// The bytes of a line a date opens in: a weekday's name and the date.
    static let openingBytes = 40

    /// How many paragraphs open with a date, when they make the page a listing; else nil.
    public static func paragraphs(in document: Document) -> Int? {
        ListingShape.teaserOpenings(in: document, paragraphWords: paragraphWords, minimum: minimumDated, read: { line in
            let opening = line.prefix(openingBytes)
            // Most paragraphs hold no year in their first bytes, and are answered without a pattern.
            return holdsYear(opening) && opensWithDate(String(decoding: opening, as: UTF8.self)) ? true : nil
        })?.count
    }

    /// Whether UTF-8 `bytes` hold four digits in a row that read as a year from 1900 to 2099.
    static func holdsYear(_ bytes: ArraySlice<UInt8>) -> Bool {
        var run = 0, start = bytes.startIndex
        for index in bytes.indices {
            if bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                if run == 0 { start = index }
                run += 1
                if run == 4, (bytes[start] == 0x31 && bytes[start + 1] == 0x39) || (bytes[start] == 0x32 && bytes[start + 1] == 0x30) {
                    return true
                }
            } else {
                run = 0
            }
        }
        return false
    }

    /// Whether `text` opens with a date that writes its year, after a weekday's name or not.
    static func opensWithDate(_ text: String) -> Bool {
        // A date opens with a digit, a weekday or a month: other lines are answered by their first word.
        let opening = text.drop { $0 == " " || $0 == "(" }
        guard let first = opening.first else { return false }
        if !first.isASCII || !first.isNumber {
            let word = opening.prefix { $0.isLetter }.lowercased()
            guard openingWords.contains(word) || openingWords.contains(String(word.prefix(3))) else { return false }
        }
        let range = NSRange(text.startIndex..., in: text)
        return pattern.firstMatch(in: text, options: [.anchored], range: range) != nil
    }

    /// The first words (or their first three letters) a date may open with: weekdays, months, "Thứ", "Chủ nhật".
    static let openingWords: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr",
                                            "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "thứ", "chủ"]

    static let months = "January|February|March|April|May|June|July|August|September|October|November|December"
        + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    static let pattern = try! NSRegularExpression(pattern: """
        \\s*\\(?(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\\s+|Thứ\\s+\\S+,?\\s+|Chủ\\s+nhật,?\\s+)?\
        (?:\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}|(?:\(months))\\.? \\d{1,2},? \\d{4}|\\d{1,2} (?:\(months))\\.? \\d{4})
        """, options: [.caseInsensitive])
}
