import Foundation

/// A listing told by a label it repeats: a short line ("Ho Chi Minh City", "0 Comments", "Research Brief",
/// "08/12/2025") that stands three times or more, at a regular step, with a teaser between each two and no more
/// than a teaser's words, under fewer than ``openingWords`` words before the first. A section, tag or archive page
/// prints the same item furniture (section, author, date, count of comments) with every story it lists; an article
/// does not repeat a line so, except a photo credit or an advertisement's label, which are left out.
///
/// A label's numbers are read as one ("2 ngày trước", "5 ngày trước"; a date stamp's days) unless they count up
/// one by one, as an article's steps do ("Bước 1:", "Bước 2:"). Bylines are one label whatever their names and dates
/// ("By Sara Samora • April 11, 2023 -" under one teaser, "By Jessica Loder • April 10, 2023 -" under the next):
/// at stop 65 that dropped 2 more pages to drop of the 3,886 and no article (a page of three bylines or more was a
/// page to drop 5 times, an article never).
///
/// On all 3,886 labelled pages (stop 63, bare text) the check drops 21 pages to drop that the checks before it
/// leave (16 by labels as written, 3 more by their numbers read as one, 2 more by labels of six words), and no
/// article. Measured while it was written: without the step's regularity it took three articles (a photo credit
/// under each photo of a story, whose paragraphs between differ in number); without the opening, two more (an
/// article with its advertisement slots); without the count, two how-to articles of the 2017 corpus ("Bước 1:"
/// ... "Bước 5").
public enum RepeatedLabel {
    /// The fewest times a listing's label stands.
    static let minimumRepeats = 3
    /// The most words a label has: "reading time less than a minute" under every teaser of an aggregator (five
    /// left it, at stop 63, with a tag page's "08:15 | 12-3-2024 | Xã hội").
    static let labelWords = 6
    /// A line this long (words) or longer between each two labels: a teaser, not a menu.
    static let teaserWords = 12
    /// The most words between two labels: one item's, not an article section's.
    static let itemWords = 120
    /// Words before the first label from which the page has an article of its own.
    static let openingWords = 100
    /// Rules whose lines repeat inside an article by nature: one credit per photo, one label per advertisement slot.
    static let articleFurniture = ["credit.", "caption.", "ad.", "footer.copyright"]

    /// The label and the times it stands, when it makes the page a listing; else nil.
    public static func label(in document: Document) -> (label: String, count: Int)? {
        // Every input line in the page's order; a line an article's furniture rule took is never a label.
        let lines = TagPage.inputLines(of: document)
        guard lines.count >= 2 * minimumRepeats else { return nil }
        func label(at index: Int) -> String? {
            let line = lines[index]
            guard line.words > 0, line.words <= bylineWords else { return nil }
            if let edit = line.edit, articleFurniture.contains(where: { document.edits[edit].rule.hasPrefix($0) }) { return nil }
            if isByline(line.firstBytes(in: document, 4)) { return bylineLabel }
            return line.words <= labelWords ? labelKey(line.text(in: document)) : nil
        }

        // A listing's first label stands in its opening: the labels looked for are the short lines there, and a
        // later line is read only when it has as many words as one of them.
        var candidates: [String: (text: String, indexes: [Int])] = [:]
        var opening = 0, index = 0
        while index < lines.count && opening < openingWords {
            if let text = label(at: index) { candidates[foldingNumbers(text, words: lines[index].words), default: (text, [])].indexes.append(index) }
            opening += lines[index].words
            index += 1
        }
        guard !candidates.isEmpty else { return nil }
        var lengths = Set<Int>()
        for (_, candidate) in candidates { lengths.insert(lines[candidate.indexes[0]].words) }
        // Bylines are read at any length once the opening holds one.
        let bylines = candidates[bylineLabel] != nil
        while index < lines.count {
            if lengths.contains(lines[index].words) || (bylines && lines[index].words <= bylineWords), let text = label(at: index) {
                let key = foldingNumbers(text, words: lines[index].words)
                if candidates[key] != nil { candidates[key]!.indexes.append(index) }
            }
            index += 1
        }
        var found: (label: String, count: Int)?
        let words = lines.map(\.words)
        for (_, place) in candidates where place.indexes.count >= minimumRepeats && place.indexes.count > (found?.count ?? 0) {
            guard !isCounting(place.indexes.compactMap { label(at: $0) }) else { continue }
            if isListing(words, at: place.indexes) { found = (place.text, place.indexes.count) }
        }
        return found
    }

    /// A byline's most words ("By Sara Samora • April 11, 2023 -").
    static let bylineWords = 14
    /// The one label every byline is read as, whatever its name and date: a listing prints one under each story,
    /// each story's own ("By Sara Samora • April 11, 2023", "By Jessica Loder • April 10, 2023").
    static let bylineLabel = "By …"

    /// Whether a line opens as a byline does: "By" or "BY", a space, a capital letter ("By Megan Ruggles", "BY JANE
    /// DOE"); not "By the numbers", "Bylaw".
    /// `bytes` (UTF-8; the first four are read) open so.
    static func isByline(_ bytes: some Collection<UInt8>) -> Bool {
        var head = bytes.makeIterator()
        guard head.next() == 0x42, let y = head.next(), y == 0x79 || y == 0x59, head.next() == 0x20,
              let capital = head.next() else { return false }
        return capital >= 0x41 && capital <= 0x5A
    }

    /// Whether the labels' first numbers count up one by one ("Bước 1:", "Bước 2:", "Bước 3:"): an article's
    /// steps, parts or days, not a listing's furniture.
    static func isCounting(_ labels: [String]) -> Bool {
        let numbers = labels.map { label in Int(label.drop { !$0.isASCII || !$0.isNumber }.prefix { $0.isASCII && $0.isNumber }) }
        guard let first = numbers.first, let start = first else { return false }
        return numbers.enumerated().allSatisfy { $0.element == start + $0.offset }
    }

    /// A label of two words or more with its numbers read as one ("2 ngày trước" and "5 ngày trước", "Ngày đăng:
    /// 12/3/2024 08:15" and the next day's): a listing's furniture counts days, dates, scores and comments. A
    /// one-word label stays as written ("[ads1]", "[ads2]" are an article's numbered slots).
    static func foldingNumbers(_ label: String, words: Int) -> String {
        guard words >= 2, label.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return label }
        var folded = "", inNumber = false
        for scalar in label.unicodeScalars {
            let digit = scalar.value >= 0x30 && scalar.value <= 0x39
            if !digit { folded.unicodeScalars.append(scalar) } else if !inNumber { folded.append("0") }
            inNumber = digit
        }
        return folded
    }

    /// A short line's words joined by single spaces, or nil when it has no letter or digit ("•", "|").
    static func labelKey(_ text: String) -> String? {
        var spaced = false, previousSpace = true, letters = false
        for scalar in text.unicodeScalars {
            let space = scalar.properties.isWhitespace
            if space && previousSpace { spaced = true }
            previousSpace = space
            if !letters, !space, scalar.properties.isAlphabetic || scalar.properties.numericType != nil { letters = true }
        }
        guard letters else { return nil }
        // Most labels are written with single spaces and nothing around them, and serve as they are.
        return spaced || previousSpace ? text.split(whereSeparator: \.isWhitespace).joined(separator: " ") : text
    }

    /// Whether labels at `indexes` (into the page's lines, given by their word counts) frame a listing's items:
    /// each two hold a teaser and no more than an item's words, every item as many lines as the others (one more
    /// or less), and the first stands under the page's opening words.
    static func isListing(_ words: [Int], at indexes: [Int]) -> Bool {
        guard words[..<indexes[0]].reduce(0, +) < openingWords else { return false }
        var itemLines: [Int] = []
        for (label, next) in zip(indexes, indexes.dropFirst()) {
            let item = words[(label + 1)..<next].filter { $0 > 0 }
            guard !item.isEmpty, item.reduce(0, +) <= itemWords, item.max()! >= teaserWords else { return false }
            itemLines.append(item.count)
        }
        return itemLines.max()! - itemLines.min()! <= 1
    }
}
