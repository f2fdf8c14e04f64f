internal import CICU

/// ICU's sentence break iterator for one locale, over UTF-8 text (through a UTF-16 copy: see ``UTF16Text``).
///
/// Not thread-safe: each worker builds its own (a pipeline per thread).
public final class SentenceBreaker {
    private let handle: OpaquePointer
    public let locale: String
    /// This breaker's own copy of the sentence-end roles: a table shared by all workers would have its
    /// reference count bumped by every call from every thread.
    private let roles: UnsafeMutableBufferPointer<UInt8>
    private let latinFastPath: Bool
    /// The UTF-16 copy of the text being broken, reused from call to call.
    private let input = UTF16Text()

    public init(locale: String) throws(ICUFailure) {
        var error = U_ZERO_ERROR
        let breaker = cicu_openSentenceBreaker(locale, &error)
        try error.check("open a sentence break iterator for locale \(locale)")
        guard let breaker else { throw ICUFailure(operation: "open a sentence break iterator", code: "null") }
        self.handle = breaker
        self.locale = locale
        roles = UnsafeMutableBufferPointer.allocate(capacity: SentenceEndRoles.table.count)
        _ = roles.initialize(from: SentenceEndRoles.table)
        latinFastPath = SentenceEndRoles.latinLettersPlayNoRole
    }

    deinit {
        roles.deallocate()
        cicu_closeBreaker(handle)
    }

    /// True when ICU would find one sentence in `text` without being asked: no character that can end a
    /// sentence (Sentence_Break ATerm or STerm) comes before the text's final run of such characters, closing
    /// punctuation and spaces, and in that run no closing punctuation follows a space (it would open the next
    /// sentence: "Mỹ. ("). UAX #29 breaks sentences only after those characters and after paragraph separators
    /// (which send the text to ICU), so such a text is one sentence whatever the locale; checking costs a
    /// fraction of running the iterator.
    public func isSingleSentence(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let roles = self.roles
            var firstEnd = -1
            var lastOther = -1
            var spaceSinceEnd = false
            var index = 0
            let count = bytes.count
            while index < count {
                let lead = bytes[index]
                let start = index
                if latinFastPath && lead >= 0xC3 && lead <= 0xC9 {
                    // U+00C0-U+027F: Latin letters (and × ÷), none of them ends or closes a sentence.
                    if firstEnd >= 0 { return false }
                    lastOther = start
                    index += 2
                    continue
                } else if latinFastPath && lead == 0xE1 && bytes[index + 1] >= 0xB8 && bytes[index + 1] <= 0xBB {
                    // U+1E00-U+1EFF: Latin Extended Additional, the Vietnamese letters.
                    if firstEnd >= 0 { return false }
                    lastOther = start
                    index += 3
                    continue
                }
                let (scalar, length) = UTF8Scalars.scalar(in: bytes, at: index)
                if scalar >= 0x10000 { return false }   // beyond the table: let ICU decide
                let value = Int(scalar)
                index += length
                switch roles[value] {
                case 1:
                    if firstEnd < 0 { firstEnd = start }
                    spaceSinceEnd = false
                case 2: if spaceSinceEnd { return false }        // an opening bracket after the end: a new sentence
                case 3: if firstEnd >= 0 { spaceSinceEnd = true }
                case 4: return false
                case 5: break
                default:
                    if firstEnd >= 0 { return false }              // text after an end mark: let ICU decide
                    lastOther = start
                }
            }
            return firstEnd < 0 || firstEnd > lastOther
        }
    }

    /// The sentence boundaries ICU finds in `text`, as UTF-8 byte offsets, ascending, ending with the text's length.
    /// The start (0) is not included.
    public func boundaries(in text: String) throws(ICUFailure) -> [Int] {
        if text.isEmpty { return [] }
        let result: Result<[Int], ICUFailure> = withUTF8Bytes(text) { bytes in
            input.fill(bytes, recordingOffsets: true)
            var error = U_ZERO_ERROR
            cicu_setBreakerText(handle, input.units, Int32(input.count), &error)
            if error.failed { return .failure(ICUFailure(operation: "set break iterator text", code: error.name)) }
            var offsets: [Int] = []
            _ = cicu_breakFirst(handle)
            var next = cicu_breakNext(handle)
            while next != cicu_breakDone() {
                offsets.append(input.utf8Offset(of: Int(next)))
                next = cicu_breakNext(handle)
            }
            return .success(offsets)
        }
        return try result.get()
    }
}

/// The sentence-end role (see `cicu_sentenceEndRole`) of every BMP code point, read from ICU once.
private enum SentenceEndRoles {
    static let table: [UInt8] = (0..<0x10000).map { UInt8(cicu_sentenceEndRole(UChar32($0))) }
    /// U+00C0-U+027F and U+1E00-U+1EFF (the letters of Vietnamese) play no part in ending sentences, so the
    /// check can skip them by their lead bytes; verified against this ICU's data rather than assumed.
    static let latinLettersPlayNoRole = (0xC0...0x27F).allSatisfy { table[$0] == 0 } && (0x1E00...0x1EFF).allSatisfy { table[$0] == 0 }
}
