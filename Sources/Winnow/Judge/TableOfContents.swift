import Foundation
import WinnowICU

/// An article's table of contents: a run of ``minimumEntries`` bulleted lines or more, each shorter than
/// ``entryWords`` words, one of which names a heading the page prints elsewhere as a line of its own, without a
/// bullet ("- Các Loại Vacxin Cho Chó Phổ Biến" above the article's "Các Loại Vacxin Cho Chó Phổ Biến"). A site's
/// contents widget ("Mục lục", "Table of contents") lists the article's headings as links; the article then prints
/// them again, one by one, above their sections. A list of the article's own (results, names, steps) does not
/// repeat as headings: where two lists repeat each other (a top ten under a top twenty), both are bulleted.
///
/// Numbering is read past on both sides ("- 1. Tự mình xem xét nhà đất", "- 2 I. Phân tích ..." against "I. Phân
/// tích ..."), and case and a closing colon are not compared. On all 3,886 labelled pages at hand (stop 65, bare
/// text) the check finds 52 lines on five pages of four sites, all junk (46 of them kept before it), and no body
/// line; without the heading printed elsewhere, bulleted runs of short lines were body 45 times more (lists of
/// names and results).
public enum TableOfContents {
    /// The rule id logged for a line of a table of contents.
    public static let ruleID = "judge.table-of-contents"
    /// The fewest entries of a table of contents.
    static let minimumEntries = 3
    /// An entry is shorter than this (words): a heading, not a paragraph of a bulleted list.
    static let entryWords = 25
    /// An entry names a heading when it holds this many characters or more once its bullet and numbering are read
    /// past: "Kết Luận" alone is every article's last heading.
    static let headingLength = 10

    /// The positions in `document.lines` of the lines of its tables of contents, in order (none for most pages).
    public static func entries(in document: Document) -> [Int] {
        let lines = document.lines
        // Runs of bulleted short lines, found from the lines' first bytes; most pages have none.
        var runs: [Range<Int>] = []
        var start: Int?
        for index in lines.indices {
            let line = lines[index]
            let bulleted = line.wordCount < entryWords && bulletLength(document.text[line.range]) != nil
            if bulleted {
                if start == nil { start = index }
            } else if let first = start {
                if index - first >= minimumEntries { runs.append(first..<index) }
                start = nil
            }
        }
        if let first = start, lines.count - first >= minimumEntries { runs.append(first..<lines.count) }
        guard !runs.isEmpty else { return [] }
        // The headings the page prints without a bullet, read as an entry is.
        var headings = Set<String>()
        for line in lines {
            let bytes = document.text[line.range]
            guard line.wordCount < entryWords, bulletLength(bytes) == nil, let key = headingKey(bytes, from: bytes.startIndex) else { continue }
            headings.insert(key)
        }
        return runs.filter { run in
            run.contains { index in
                let bytes = document.text[lines[index].range]
                guard let bullet = bulletLength(bytes), let key = headingKey(bytes, from: bytes.startIndex + bullet) else { return false }
                return headings.contains(key)
            }
        }.flatMap { $0 }
    }

    /// The bytes of the bullet (a list item's mark, ``LineFeatureExtractor/isBulletMark(_:)``) and the spaces after
    /// it that open `bytes`, or nil when the line opens otherwise: a number ("1.", "-5 độ") is no bullet here, as a
    /// numbered heading is the article's own.
    static func bulletLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        let mark = bytes.withUnsafeBufferPointer { UTF8Scalars.scalar(in: $0, at: 0) }
        guard LineFeatureExtractor.isBulletMark(mark.value) else { return nil }
        var length = mark.length
        let start = bytes.startIndex
        guard bytes.count > length, bytes[start + length] == 0x20 else { return nil }
        while start + length < bytes.endIndex && bytes[start + length] == 0x20 { length += 1 }
        return length
    }

    /// The text a heading is compared by: from `from` on, numbering read past ("1.", "2)", "IV.", "1 5 "), a closing
    /// colon dropped, in lower case; nil when less than ``headingLength`` characters are left.
    static func headingKey(_ bytes: ArraySlice<UInt8>, from: Int) -> String? {
        var position = from
        // Numbers of one or two digits and Roman numerals of up to four letters, each with a full stop or a bracket
        // or not, and a space after.
        while true {
            var end = position
            while end < bytes.endIndex && end - position < 4 && isNumeral(bytes[end]) { end += 1 }
            guard end > position else { break }
            let digits = bytes[position..<end].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
            if digits && end - position > 2 { break }
            if end < bytes.endIndex && (bytes[end] == 0x2E || bytes[end] == 0x29) { end += 1 }
            guard end < bytes.endIndex && bytes[end] == 0x20 else { break }
            while end < bytes.endIndex && bytes[end] == 0x20 { end += 1 }
            position = end
        }
        var end = bytes.endIndex
        while end > position && (bytes[end - 1] == 0x3A || bytes[end - 1] == 0x20) { end -= 1 }
        guard end - position >= headingLength else { return nil }
        let key = String(decoding: bytes[position..<end], as: UTF8.self).lowercased()
        return key.count >= headingLength ? key : nil
    }

    /// A digit, or a capital letter of a Roman numeral as headings number them (I, V, X).
    private static func isNumeral(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == 0x49 || byte == 0x56 || byte == 0x58
    }
}
