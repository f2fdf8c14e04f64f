/// Where Vietnamese writes the tone mark on the vowel pairs "oa", "oe" and "uy" that end a syllable.
public enum ToneMarkStyle: String, Sendable, CaseIterable {
    /// Leave words as the site wrote them.
    case keep
    /// The mark on the first vowel: "hòa", "khỏe", "thủy" (the older, still common convention).
    case traditional
    /// The mark on the second vowel: "hoà", "khoẻ", "thuỷ" (the reformed convention).
    case modern
}

/// Rewrites "hoà"/"hòa", "thuỷ"/"thủy", "uỷ"/"ủy" to one convention, so that the same word is the same string.
/// Only syllables that end in oa, oe or uy move their mark ("hoàn", "quý", "thuyền" are the same in both).
public struct ToneMarkPlacement: Sendable {
    public let style: ToneMarkStyle

    public init(style: ToneMarkStyle) {
        self.style = style
    }

    static let marks: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]

    /// The text with marks moved, or nil when nothing changed. Works on NFD scalars; the caller recomposes.
    public func apply(toDecomposed text: String) -> String? {
        guard style != .keep else { return nil }
        var scalars = Array(text.unicodeScalars)
        var changed = false
        var wordStart = 0
        var index = 0
        while index <= scalars.count {
            if index == scalars.count || !Self.isWordScalar(scalars[index]) {
                if index > wordStart, place(&scalars, wordStart..<index) { changed = true }
                wordStart = index + 1
            }
            index += 1
        }
        return changed ? String(String.UnicodeScalarView(scalars)) : nil
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark
    }

    /// Moves the mark within one word, if the word ends in o+a, o+e or u+y (each maybe with a mark).
    private func place(_ scalars: inout [Unicode.Scalar], _ word: Range<Int>) -> Bool {
        // Letters of the word with the index of each base letter; marks stay attached to the letter before them.
        var bases: [Int] = []
        for position in word where scalars[position].properties.generalCategory != .nonspacingMark {
            bases.append(position)
        }
        guard bases.count >= 2 else { return false }
        let first = bases[bases.count - 2], second = bases[bases.count - 1]
        let pair = (lower(scalars[first]), lower(scalars[second]))
        guard (pair.0 == "o" && (pair.1 == "a" || pair.1 == "e")) || (pair.0 == "u" && pair.1 == "y") else { return false }
        // "qu" + y: the u belongs to the consonant; the mark is always on y.
        if pair.0 == "u", bases.count >= 3, lower(scalars[bases[bases.count - 3]]) == "q" { return false }
        // The marks after each vowel (up to the next base letter or the end of the word).
        let firstMarks = first + 1..<second
        let secondMarks = second + 1..<word.upperBound
        let toneOnFirst = firstMarks.first { Self.marks.contains(scalars[$0].value) }
        let toneOnSecond = secondMarks.first { Self.marks.contains(scalars[$0].value) }
        switch (style, toneOnFirst, toneOnSecond) {
        case (.modern, let from?, nil):
            let tone = scalars.remove(at: from)
            scalars.insert(tone, at: second)  // `second` moved left by one: this is right after the second vowel
            return true
        case (.traditional, nil, let from?):
            let tone = scalars.remove(at: from)
            scalars.insert(tone, at: first + 1)
            return true
        default:
            return false
        }
    }

    private func lower(_ scalar: Unicode.Scalar) -> Character {
        Character(String(scalar).lowercased())
    }
}
