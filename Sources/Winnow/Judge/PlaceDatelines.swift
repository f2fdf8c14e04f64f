import Foundation

/// A listing told by its datelines: three paragraphs or more open with a place in capitals and a colon or a dash
/// ("KUALA LUMPUR: ...", "DAVAO CITY (MindaNews/25 May) — ...", "LEGAZPI CITY – ..."), two places or more among
/// them, something between each two (a teaser's headline), and they are half the page's paragraphs or more. A
/// report has one dateline, on its lead; a section page prints each story's lead under its headline.
///
/// A column of datelined briefs with nothing between them ("PARIS - ...", "LONDON - ...") is left: a roundup
/// article prints its items so too. One agency's dateline on every teaser is ``TagPage/repeatedDateline(in:)``'s.
///
/// On all 3,886 labelled pages (stop 63, bare text) it drops 3 pages to drop that the other checks leave, and no
/// article; without the line between, one more page to drop (a category page of world briefs).
public enum PlaceDatelines {
    /// The fewest paragraphs that open with a dateline.
    static let minimumDatelines = 3
    /// A paragraph: a line of this many words or more.
    static let paragraphWords = 15
    /// The fewest letters of a place ("HUẾ" has three, and stands as "TP HUẾ" or "THỪA THIÊN HUẾ").
    static let placeLetters = 4
    /// Words in capitals that open a paragraph as a label, not a place: an update, a note, a question.
    static let labels: Set<String> = ["UPDATE", "UPDATED", "WATCH", "READ", "READ MORE", "NOTE", "EDITOR'S NOTE",
                                      "EDITOR’S NOTE", "BREAKING", "PHOTO", "PHOTOS", "VIDEO", "CORRECTION", "LIVE",
                                      "ALSO READ", "RELATED", "SOURCE", "CLARIFICATION", "WARNING", "SPOILER"]

    /// How many paragraphs open with a dateline, when they make the page a listing; else nil.
    public static func datelines(in document: Document) -> Int? {
        // A dateline stands in the line's first bytes; most lines open with a capital and a small letter, and are
        // answered by their first two letters.
        guard let places = ListingShape.teaserOpenings(in: document, paragraphWords: paragraphWords, minimum: minimumDatelines, read: { line in
            let opening = line.prefix(96)
            return opensInCapitals(opening) ? place(of: String(decoding: opening, as: UTF8.self)) : nil
        }), Set(places).count >= 2 else { return nil }
        return places.count
    }

    /// Whether UTF-8 `bytes` open with two capital letters, after white space: ASCII ones are read as bytes, and
    /// only a line that opens with a letter outside ASCII is decoded (its first few bytes).
    static func opensInCapitals(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let start = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return false }
        let first = bytes[start], second = bytes.index(after: start) < bytes.endIndex ? bytes[start + 1] : 0
        if first < 0x80 && second < 0x80 { return first >= 0x41 && first <= 0x5A && second >= 0x41 && second <= 0x5A }
        guard (first >= 0x41 && first <= 0x5A) || first >= 0xC3 else { return false }
        let letters = String(decoding: bytes[start..<min(start + 8, bytes.endIndex)], as: UTF8.self).unicodeScalars.prefix(2)
        return letters.count == 2 && letters.allSatisfy { $0.properties.isUppercase }
    }

    /// The place a line's dateline names ("KUALA LUMPUR", "DAVAO CITY"), upper-cased: words in capitals (letters,
    /// spaces, dots, commas, apostrophes, hyphens; ``placeLetters`` letters or more), an agency in brackets or not,
    /// then a colon, or a dash between spaces; else nil.
    static func place(of text: String) -> String? {
        var place = "", letters = 0
        var scalars = Substring(text).unicodeScalars.drop { $0 == " " || $0 == "\t" }
        while let scalar = scalars.first {
            if scalar.properties.isAlphabetic {
                guard scalar.properties.isUppercase else { return nil }
                letters += 1
            } else if !" .,'’-".unicodeScalars.contains(scalar) || (scalar == "-" && place.hasSuffix(" ")) {
                // (A hyphen joins a place's parts, "BÀ RỊA-VŨNG TÀU"; between spaces it is the dash.)
                break
            }
            place.unicodeScalars.append(scalar)
            scalars = scalars.dropFirst()
        }
        let name = place.trimmingCharacters(in: .whitespaces)
        guard letters >= placeLetters, !name.isEmpty, !labels.contains(name) else { return nil }
        // An agency in brackets: "(MindaNews/25 May)", "(Reuters)".
        if scalars.first == "(" {
            guard let close = scalars.firstIndex(of: ")"), scalars.distance(from: scalars.startIndex, to: close) <= 40 else { return nil }
            scalars = scalars[scalars.index(after: close)...].drop { $0 == " " }
        }
        guard let mark = scalars.first else { return nil }
        if mark == ":" { return scalars.dropFirst().first == " " ? name : nil }
        if mark == "—" || mark == "–" || mark == "-" { return scalars.dropFirst().first == " " ? name : nil }
        return nil
    }
}
