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

    public init(options: SegmentOptions) throws(Rejection) {
        self.options = options
        do { breaker = try SentenceBreaker(locale: options.locale) } catch {
            throw Rejection(.internalError, error.description)
        }
        abbreviations = Set(options.abbreviations)
    }

    public func run(_ document: inout Document) throws(Rejection) {
        for index in document.lines.indices {
            document.lines[index].sentences = try sentences(in: document.lines[index].text)
        }
    }

    /// The sentences of one paragraph, trimmed, in order.
    public func sentences(in text: String) throws(Rejection) -> [String] {
        let boundaries: [Int]
        do { boundaries = try breaker.boundaries(in: text) } catch {
            throw Rejection(.internalError, error.description)
        }
        let bytes = Array(text.utf8)
        var sentences: [String] = []
        var start = 0
        for (position, boundary) in boundaries.enumerated() {
            let isLast = position == boundaries.count - 1
            if !isLast && suppressed(bytes[start..<boundary]) { continue }
            var sentence = String(decoding: bytes[start..<boundary], as: UTF8.self).trimmingSpaces
            start = boundary
            if sentence.isEmpty { continue }
            if !options.keepEndMark && sentence.hasSuffix("./.") { sentence.removeLast(2) }
            if !options.keepEndMark, sentence == "/." || sentence == ".", var previous = sentences.popLast() {
                // ICU split the end mark off: "đại hội./" + "." -> "đại hội."
                if previous.hasSuffix("./") { previous.removeLast() }
                sentences.append(previous)
                continue
            }
            sentences.append(sentence)
        }
        return sentences
    }

    /// True when the candidate sentence ends in a token after which no sentence ends.
    private func suppressed(_ candidate: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: candidate, as: UTF8.self).trimmingSpaces
        let words = text.split(separator: " ")
        guard let last = words.last else { return false }
        let token = String(last.drop(while: { LineShape.openers.contains($0) }))
        if abbreviations.contains(token) { return true }
        // An initial: one upper-case letter and a full stop, after a capitalised word or another initial.
        if token.count == 2, token.last == ".", let letter = token.first, letter.isUppercase, words.count >= 2 {
            let before = words[words.count - 2]
            if let first = before.first, first.isUppercase { return true }
        }
        return false
    }
}
