import WinnowICU

/// paragraphs -> sentences. ICU's sentence break iterator for the rules file's locale, then suppressions: no
/// break after an abbreviation from the rules file ("TP.", "Mr.") or after a person's initial ("Nguyễn V. A.").
/// Each line is a paragraph, so a sentence never spans two lines. The Vietnamese end mark "./." closing a
/// sentence is written as "." unless the rules keep it.
public final class SegmentStage: Stage {
    public let name = StageName.segment
    public let options: SegmentOptions
    private let breaker: SentenceBreaker
    private let abbreviations: Set<String>
    /// See ``SegmentOptions/numberAbbreviations``.
    private let numberAbbreviations: Set<String>
    /// The hashes of both kinds of abbreviation, for the lookup that runs on every candidate.
    private let abbreviationHashes: Set<Int>
    /// See ``SegmentOptions/notInitials``.
    private let notInitials: Set<String>
    /// See ``SegmentOptions/sentenceOpeners``, ``SegmentOptions/timeWords`` and ``SegmentOptions/reportingVerbs``.
    private let sentenceOpeners: Set<String>
    private let timeWords: Set<String>
    private let reportingVerbs: Set<String>
    /// In UTF-8 bytes (at least 8, for initials such as "L.D.M.").
    private let longestAbbreviation: Int

    private let suppressions: Bool

    /// `suppressions: false` gives plain ICU sentences (split, trimmed; ICU's iterator runs on every
    /// paragraph), for measuring what the rest adds.
    public init(options: SegmentOptions, suppressions: Bool = true) throws(Rejection) {
        self.options = options
        self.suppressions = suppressions
        do { breaker = try SentenceBreaker(locale: options.locale) } catch {
            throw Rejection(.internalError, error.description)
        }
        abbreviations = Set(options.abbreviations)
        numberAbbreviations = Set(options.numberAbbreviations)
        let allAbbreviations = options.abbreviations + options.numberAbbreviations
        abbreviationHashes = Set(allAbbreviations.map { Self.hash(ArraySlice($0.utf8)) })
        longestAbbreviation = max(allAbbreviations.map(\.utf8.count).max() ?? 0, 8)
        notInitials = Set(options.notInitials)
        sentenceOpeners = Set(options.sentenceOpeners)
        timeWords = Set(options.timeWords)
        reportingVerbs = Set(options.reportingVerbs)
    }

    public func run(_ document: inout Document) throws(Rejection) {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(document.lines.count * 2)
        for index in document.lines.indices {
            let line = document.lines[index]
            let found = try document.text.withUnsafeBufferPointer { (text) throws(Rejection) in
                try sentenceRanges(in: UnsafeBufferPointer(rebasing: text[line.range]))
            }
            let first = ranges.count
            for range in found { ranges.append((line.range.lowerBound + range.lowerBound)..<(line.range.lowerBound + range.upperBound)) }
            document.lines[index].sentenceIndexes = first..<ranges.count
        }
        document.sentenceRanges = ranges
    }

    /// The sentences of one paragraph, trimmed, in order.
    public func sentences(in text: String) throws(Rejection) -> [String] {
        try text.withUTF8Bytes { (bytes) throws(Rejection) -> [String] in
            try sentenceRanges(in: bytes).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
    }

    /// The sentences of one paragraph (valid UTF-8) as byte ranges of it, trimmed, in order. Every sentence is a
    /// run of the paragraph's bytes: the end mark "./." becomes "." by ending the range early.
    func sentenceRanges(in text: UnsafeBufferPointer<UInt8>) throws(Rejection) -> [Range<Int>] {
        let unmarked = suppressions ? Self.unmarkedBoundaries(in: text) : []
        // A paragraph with nothing that can end a sentence before its end is one sentence: no need for more.
        if suppressions && unmarked.isEmpty && breaker.isSingleSentence(text) {
            var first = 0
            var end = text.count
            while first < end && text[first] == 0x20 { first += 1 }
            while end > first && text[end - 1] == 0x20 { end -= 1 }
            return first < end ? [first..<end] : []
        }
        var boundaries: [Int]
        do { boundaries = suppressions ? try breaker.boundaries(in: text) : try breaker.icuBoundaries(in: text) } catch {
            throw Rejection(.internalError, error.description)
        }
        if !unmarked.isEmpty { boundaries = Array(Set(boundaries).union(unmarked)).sorted() }
        let bytes = Array(text)
        var ranges: [Range<Int>] = []
        var start = 0
        for (position, boundary) in boundaries.enumerated() {
            let isLast = position == boundaries.count - 1
            if !isLast && suppressions && (suppressed(bytes[start..<boundary], rest: bytes[boundary...])
                           || questionContinues(bytes[start..<boundary], after: bytes[boundary...])) { continue }
            var first = start
            var end = boundary
            while first < end && bytes[first] == 0x20 { first += 1 }
            while end > first && bytes[end - 1] == 0x20 { end -= 1 }
            // A paragraph that opens with a stray mark (". Hai mẫu xe", "... Sau nhiều năm", left by a line the
            // extractor split) does not make the mark a sentence of its own: it stays with the sentence after it.
            if !isLast && suppressions && ranges.isEmpty && first < end && !Self.hasWordCharacter(bytes[first..<end]) { continue }
            start = boundary
            if first == end { continue }
            // "./." (the Vietnamese end mark) becomes "."
            if !options.keepEndMark && end - first >= 3 && bytes[end - 3] == 0x2E && bytes[end - 2] == 0x2F && bytes[end - 1] == 0x2E {
                end -= 2
            }
            let bareEndMark = (end - first == 1 && bytes[first] == 0x2E)
                || (end - first == 2 && bytes[first] == 0x2F && bytes[first + 1] == 0x2E)
            if !options.keepEndMark, bareEndMark, let previous = ranges.popLast() {
                // ICU split the end mark off: "đại hội./" + "." -> "đại hội."
                let slash = previous.count >= 2 && bytes[previous.upperBound - 2] == 0x2E && bytes[previous.upperBound - 1] == 0x2F
                ranges.append(previous.lowerBound..<(slash ? previous.upperBound - 1 : previous.upperBound))
                continue
            }
            ranges.append(first..<end)
        }
        return ranges
    }

    /// True when ICU's boundary at the end of `candidate` is not a sentence end: it falls inside a run of
    /// non-space characters (a URL's "?", a missing space), or the candidate ends in an abbreviation from the
    /// rules, in initials ("J.K.", or "V." after a capitalised word), or is only a list number or heading number
    /// ("1.", "IV.", "Điều 245."), or in a time of day a day or a time zone follows ("10:30 p.m. Tuesday").
    private func suppressed(_ candidate: ArraySlice<UInt8>, rest: ArraySlice<UInt8>) -> Bool {
        if let next = rest.first, next != 0x20, candidate.last != 0x20 { return true }
        switch shortEnd(of: candidate) {
        case nil: return timeOfDayGoesOn(candidate, rest: rest)
        case .listNumber: return true
        case .abbreviation, .initial:
            // An abbreviation or an initial can end a sentence too: it does when a word that opens sentences
            // and names nothing comes next ("in the U.S. There are", "the Xbox One S. That revision").
            return !sentenceOpeners.contains(Self.firstWord(of: rest))
        case .numberAbbreviation:
            // "No. 5", but "silver bullet? No. Is it useful?"
            return Self.firstWord(of: rest).first?.isNumber ?? false
        }
    }

    /// What a candidate sentence ends in, when it is a short token ending in a full stop that need not end a
    /// sentence.
    private enum ShortEnd { case abbreviation, numberAbbreviation, initial, listNumber }

    /// Whether ICU's boundary after `candidate` falls after a time of day ("a.m.", "p.m.") that a day or a time
    /// zone follows: AP style writes "at 10 a.m. Monday".
    private func timeOfDayGoesOn(_ candidate: ArraySlice<UInt8>, rest: ArraySlice<UInt8>) -> Bool {
        // Most candidates end otherwise: decided on the bytes before any string is made.
        let token = Self.lastToken(of: candidate)
        guard token.count == 4, candidate[token.upperBound - 1] == 0x2E, candidate[token.upperBound - 2] | 0x20 == 0x6D,
              candidate[token.upperBound - 3] == 0x2E else { return false }
        let text = String(decoding: candidate[token], as: UTF8.self)
        guard text == "a.m." || text == "p.m." || text == "A.M." || text == "P.M." else { return false }
        return timeWords.contains(Self.firstWord(of: rest))
    }

    /// The first word of `rest` (after spaces; opening quotes and brackets dropped, closing punctuation cut).
    static func firstWord(of rest: ArraySlice<UInt8>) -> String {
        var start = rest.startIndex
        while start < rest.endIndex && rest[start] == 0x20 { start += 1 }
        var end = start
        while end < rest.endIndex && rest[end] != 0x20 && end - start < 24 { end += 1 }
        let word = String(decoding: rest[start..<end], as: UTF8.self)
        return String(word.drop { "\"'“‘([".contains($0) }.prefix { $0.isLetter || $0.isNumber })
    }

    /// Where the last token of `candidate` (between spaces) is, in its indexes.
    static func lastToken(of candidate: ArraySlice<UInt8>) -> Range<Int> {
        var end = candidate.endIndex
        while end > candidate.startIndex && candidate[end - 1] == 0x20 { end -= 1 }
        var start = end
        while start > candidate.startIndex && candidate[start - 1] != 0x20 { start -= 1 }
        return start..<end
    }

    /// Whether `text` has a letter or a digit.
    static func hasWordCharacter(_ text: ArraySlice<UInt8>) -> Bool {
        for byte in text where byte < 0x80 && ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x30 && byte <= 0x39) { return true }
        guard text.contains(where: { $0 >= 0x80 }) else { return false }
        return String(decoding: text, as: UTF8.self).unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// What `candidate` ends in: an abbreviation from the rules, initials ("J.K.", or "V." after a capitalised
    /// word), a list or heading number, or none of these (nil).
    private func shortEnd(of candidate: ArraySlice<UInt8>) -> ShortEnd? {
        let token = Self.lastToken(of: candidate)
        let (start, end) = (token.lowerBound, token.upperBound)
        guard end > start, candidate[end - 1] == 0x2E else { return nil }
        // Abbreviations, initials and list numbers are short; a longer token is a word ending a sentence.
        if end - start > longestAbbreviation + 2 { return Self.isListNumber(candidate) ? .listNumber : nil }
        // Skip ASCII opening punctuation, then look the token up by a hash of its bytes (no String on the
        // common path, a lower-case word ending a sentence).
        var bareStart = start
        while bareStart < end, [0x28, 0x22, 0x27, 0x5B, 0x2D, 0x2A].contains(candidate[bareStart]) { bareStart += 1 }
        let bareBytes = candidate[bareStart..<end]
        if abbreviationHashes.contains(Self.hash(bareBytes)) {
            let bare = String(decoding: bareBytes, as: UTF8.self)
            if abbreviations.contains(bare) { return .abbreviation }
            if numberAbbreviations.contains(bare) { return .numberAbbreviation }
        }
        if Self.isListNumber(candidate) { return .listNumber }
        // Initials start with an upper-case letter: ASCII A-Z, or a multi-byte letter (checked as a String).
        guard let first = bareBytes.first, (0x41...0x5A).contains(first) || first >= 0xC3 else { return nil }
        let bare = String(decoding: bareBytes, as: UTF8.self)
        if Self.isInitials(bare) && bare.count >= 4 { return .initial }
        guard bare.count == 2, let letter = bare.first, letter.isUppercase else { return nil }
        let previousToken = Self.lastToken(of: candidate[..<start])
        guard !previousToken.isEmpty else { return nil }
        let previous = String(decoding: candidate[previousToken], as: UTF8.self)
        // A name whose last word is one capital letter ("Đông Nam Á", Asia's south-east): no initial.
        if notInitials.contains(previous + " " + String(letter)) { return nil }
        return previous.first?.isUppercase ?? false ? .initial : nil
    }

    /// Sentence starts that UAX #29 does not mark, as offsets of the next sentence's first byte:
    /// - after "…" and a space before a capital ("giàu sang… Cũng chính vì thế"): the Sentence_Break data has no
    ///   class for the ellipsis character, though it ends sentences as "..." does; not after a word no sentence
    ///   ends on ("tầm quan trọng của… Pep Guardiola"), see ``JoinStage/openWords``;
    /// - after a full stop and a space before a number, bare or quoted ("vẫn ổn định. 30 người", `về". "15 năm`):
    ///   UAX #29 (SB8) looks past digits and quotes for a small letter ("người") and finds no sentence end.
    /// The boundaries go through the same suppressions as ICU's (abbreviations: "Q. 1", "Jan. 5").
    static func unmarkedBoundaries(in text: UnsafeBufferPointer<UInt8>) -> [Int] {
        var found: [Int] = []
        let count = text.count
        var index = 0
        while index < count {
            let byte = text[index]
            let isEllipsis = byte == 0xA6 && index >= 2 && text[index - 1] == 0x80 && text[index - 2] == 0xE2
            guard isEllipsis || byte == 0x2E else { index += 1; continue }
            // Closing quotes and brackets, then at least one space.
            var next = index + 1
            while next < count {
                if text[next] == 0x22 || text[next] == 0x27 || text[next] == 0x29 { next += 1; continue }
                if next + 2 < count && text[next] == 0xE2 && text[next + 1] == 0x80 && (text[next + 2] == 0x9D || text[next + 2] == 0x99) { next += 3; continue }
                break
            }
            guard next < count, text[next] == 0x20 else { index += 1; continue }
            while next < count && text[next] == 0x20 { next += 1 }
            let start = next
            // An opening quote may come first.
            if next < count && text[next] == 0x22 { next += 1 } else if next + 2 < count && text[next] == 0xE2 && text[next + 1] == 0x80 && text[next + 2] == 0x9C { next += 3 }
            guard next < count else { break }
            if isEllipsis {
                if startsWithCapital(text, at: next) && !endsOnOpenWord(text, before: index - 2) { found.append(start) }
            } else if (0x30...0x39).contains(text[next]) && index > 0 && text[index - 1] != 0x2E {
                found.append(start)
            }
            index = start
        }
        return found
    }

    /// Whether the character at `offset` is an upper-case letter.
    private static func startsWithCapital(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        let byte = text[offset]
        if byte < 0x80 { return (0x41...0x5A).contains(byte) }
        return Unicode.Scalar(UTF8Scalars.scalar(in: text, at: offset).value)?.properties.isUppercase ?? false
    }

    /// Whether the word that ends at `end` (exclusive) is one no sentence ends on.
    private static func endsOnOpenWord(_ text: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
        var start = end
        while start > 0 && text[start - 1] != 0x20 { start -= 1 }
        guard end - start <= 8 else { return false }
        return JoinStage.openWords.contains(String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self))
    }

    /// A quoted question or exclamation that the sentence goes on after: `"Is this the end?" she asked.`
    /// (ICU breaks after ? and ! even before a lower-case word; a news sentence never starts lower-case.)
    private func questionContinues(_ candidate: ArraySlice<UInt8>, after rest: ArraySlice<UInt8>) -> Bool {
        // Cheap exit on bytes: the candidate must end (before spaces) in a closing quote or bracket.
        guard let lastByte = candidate.last(where: { $0 != 0x20 }),
              lastByte == 0x22 || lastByte == 0x27 || lastByte == 0x29 || lastByte == 0x9D || lastByte == 0x99 || lastByte == 0xBB
        else { return false }
        let text = String(decoding: candidate.suffix(16), as: UTF8.self).trimmingSpaces
        let mark = text.reversed().first { !LineShape.closers.contains($0) }
        guard mark == "?" || mark == "!", text.last.map({ LineShape.closers.contains($0) }) ?? false else { return false }
        guard let next = String(decoding: rest.prefix(8), as: UTF8.self).first(where: { $0 != " " }) else { return false }
        if next.isLowercase { return true }
        // Or a name and a verb of saying come next: `"... share in grocery?" Forte said.`, `"Why?" Mr. Lee asked.`
        let words = String(decoding: rest.prefix(48), as: UTF8.self).split(separator: " ").prefix(4).map(String.init)
        guard let position = words.indices.dropFirst().first(where: { !(words[$0].first?.isUppercase ?? false) }),
              position <= 2 else { return false }
        return reportingVerbs.contains(words[position].filter(\.isLetter))
    }

    private static func hash(_ bytes: ArraySlice<UInt8>) -> Int {
        var hasher = Hasher()
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }

    /// "J.K." or "L.D.M.": upper-case letters each followed by a full stop.
    private static func isInitials(_ token: String) -> Bool {
        var expectLetter = true
        for character in token {
            if expectLetter {
                guard character.isUppercase else { return false }
            } else if character != "." {
                return false
            }
            expectLetter.toggle()
        }
        return expectLetter && !token.isEmpty
    }

    static let headingWords: Set<String> = ["Điều", "Khoản", "Chương", "Mục", "Phần", "Bước", "Article", "Section", "Chapter", "Part", "Step"]

    /// The whole candidate is a list or heading number: "1.", "12.", "IV.", "a.", "Điều 245.".
    private static func isListNumber(_ candidate: ArraySlice<UInt8>) -> Bool {
        guard candidate.count <= 40 else { return false }
        let text = String(decoding: candidate, as: UTF8.self).trimmingSpaces
        guard text.count <= 16, text.hasSuffix(".") else { return false }
        let words = text.dropLast().split(separator: " ")
        guard let number = words.last else { return false }
        let isNumber = number.allSatisfy(\.isNumber) || number.allSatisfy({ "IVXLC".contains($0) })
            || (number.count == 1 && number.first!.isLetter && number.first!.isLowercase)
        if words.count == 1 { return isNumber }
        return words.count == 2 && isNumber && headingWords.contains(String(words[0]))
    }
}
