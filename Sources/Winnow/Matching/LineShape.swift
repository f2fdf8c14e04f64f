import WinnowICU

/// Measurements of a line's shape that rules test: words, punctuation, case, letters.
enum LineShape {
    static let terminalMarks: Set<Character> = [".", "!", "?", "…", ";", ":"]
    /// Sentence ends of scripts that do not use the full stop, and the full-width forms NFC keeps: "。" (Chinese,
    /// Japanese), "！？．；：" full-width, "؟" and "۔" (Arabic, Urdu), "।" and "॥" (Devanagari, Bengali), "።"
    /// (Ethiopic), "။" (Burmese), "។" (Khmer), "։" (Armenian). The judge's `end.sentence` feature reads a narrower
    /// set (``LineFeatureExtractor/isSentenceEnd(_:)``, no ";" or ":"): its weights were learned on that one.
    static let otherScriptTerminalMarks: Set<Unicode.Scalar> = [
        "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{FF0E}", "\u{FF1B}", "\u{FF1A}", "\u{FF61}", "\u{061F}", "\u{06D4}",
        "\u{0964}", "\u{0965}", "\u{1362}", "\u{104B}", "\u{17D4}", "\u{0589}",
    ]
    static let closers: Set<Character> = ["\"", "'", "”", "’", "»", ")", "]", "}", "*", "」", "』", "）", "】", "〕", "〉", "》", "］"]
    static let openers: Set<Character> = ["\"", "'", "“", "‘", "«", "(", "[", "{", "-", "–", "—", "•", "*"]

    /// Words, as runs of characters between spaces.
    static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for byte in text.utf8 {
            if byte == 0x20 {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }

    /// True when the line ends like a sentence: . ! ? … ; or : (or a script's own sentence end, "。", "؟", "।"...),
    /// possibly followed by closing quotes or brackets.
    static func endsWithTerminalPunctuation(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { endsWithTerminalPunctuation($0) }
    }

    /// ``endsWithTerminalPunctuation(_:)-string`` on UTF-8 (valid UTF-8), read from the end.
    static func endsWithTerminalPunctuation(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = bytes.count
        while index > 0 {
            index -= 1
            let byte = bytes[index]
            switch byte {
            case 0x2E, 0x21, 0x3F, 0x3B, 0x3A: return true            // . ! ? ; :
            case 0x22, 0x27, 0x29, 0x5D, 0x7D, 0x2A, 0x20: continue   // " ' ) ] } * space
            case 0x80...0xBF:
                // The last byte of a multi-byte character: find its start and decide on the scalar.
                var start = index
                while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
                guard let scalar = Unicode.Scalar(UTF8Scalars.scalar(in: bytes, at: start).value) else { return false }
                if scalar == "…" || otherScriptTerminalMarks.contains(scalar) { return true }
                if closers.contains(Character(scalar)) { index = start; continue }
                return false
            default: return false
            }
        }
        return false
    }

    /// True when every word that has a letter starts (after opening punctuation) with an upper-case letter.
    static func isCapitalized(_ text: String) -> Bool {
        var sawWord = false
        for word in text.split(separator: " ") {
            guard let first = word.first(where: { !openers.contains($0) }) else { continue }
            if first.isNumber { continue }
            guard first.isLetter else { continue }
            if !first.isUppercase { return false }
            sawWord = true
        }
        return sawWord
    }

    /// True when the line has capitals and no small letter. Letters of scripts without case (Chinese, Arabic,
    /// Thai...) are neither: "北京今天下雨了" is not a line in capitals, "HÀ NỘI 2024" and "北京 NEWS" are.
    static func isAllCaps(_ text: String) -> Bool {
        var sawCapital = false
        for character in text where character.isLetter {
            if character.isLowercase { return false }
            if character.isUppercase { sawCapital = true }
        }
        return sawCapital
    }

    /// Letters as a share of the characters that are not spaces (1 for an empty line).
    static func letterRatio(_ text: String) -> Double {
        var letters = 0
        var total = 0
        for character in text where character != " " {
            total += 1
            if character.isLetter { letters += 1 }
        }
        return total == 0 ? 1 : Double(letters) / Double(total)
    }

    /// The length in bytes of the longest text that both opens and closes UTF-8 `bytes`, at least `shortest` bytes
    /// and at most half of them, the two copies glued or apart with something that starts with a space between them
    /// ("Sponsored LinksSponsored Links", "Tổ chức Tổ chức", "Caption (photo: Name)Caption"); nil when none is.
    /// The rule condition `doubled` asks for the two halves (`shortest` at half the bytes), the judge's
    /// ``DoubledLine`` lets a credit stand between the copies.
    static func repeatedEnds(_ bytes: UnsafeBufferPointer<UInt8>, shortest: Int) -> Int? {
        let count = bytes.count
        guard count >= 2 else { return nil }
        for length in stride(from: count / 2, through: max(1, shortest), by: -1)
        where bytes[count - length] == bytes[0] && bytes[..<length].elementsEqual(bytes[(count - length)...]) {
            // The first copy ends where a word does, or the second is glued to it.
            let middle = count - 2 * length
            return middle == 0 || bytes[length] == 0x20 ? length : nil
        }
        return nil
    }
}
