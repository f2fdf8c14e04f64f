internal import CICU

/// ICU's sentence break iterator for one locale, reading UTF-8 in place through UText.
///
/// Not thread-safe: each worker builds its own (a pipeline per thread).
public final class SentenceBreaker {
    private let handle: OpaquePointer
    public let locale: String
    /// The UText (as an opaque pointer: its C type must not show in the layout) the iterator reads, pointed at each new text in turn.
    private let input: OpaquePointer

    public init(locale: String) throws(ICUFailure) {
        var error = U_ZERO_ERROR
        let breaker = cicu_openSentenceBreaker(locale, &error)
        try error.check("open a sentence break iterator for locale \(locale)")
        guard let breaker else { throw ICUFailure(operation: "open a sentence break iterator", code: "null") }
        self.handle = breaker
        self.locale = locale
        var textError = U_ZERO_ERROR
        self.input = OpaquePointer(cicu_openUTF8(nil, 0, &textError)!)
    }

    deinit {
        cicu_closeBreaker(handle)
        cicu_closeUText(UnsafeMutablePointer(input))
    }

    /// The sentence boundaries ICU finds in `text`, as UTF-8 byte offsets, ascending, ending with the text's length.
    /// The start (0) is not included.
    public func boundaries(in text: String) throws(ICUFailure) -> [Int] {
        if text.isEmpty { return [] }
        let result: Result<[Int], ICUFailure> = withUTF8Bytes(text) { bytes in
            var error = U_ZERO_ERROR
            bytes.withMemoryRebound(to: CChar.self) { _ = cicu_reopenUTF8(UnsafeMutablePointer(input), $0.baseAddress, Int64($0.count), &error) }
            if error.failed { return .failure(ICUFailure(operation: "open UText over UTF-8", code: error.name)) }
            cicu_setBreakerText(handle, UnsafeMutablePointer(input), &error)
            if error.failed { return .failure(ICUFailure(operation: "set break iterator text", code: error.name)) }
            var offsets: [Int] = []
            _ = cicu_breakFirst(handle)
            var next = cicu_breakNext(handle)
            while next != cicu_breakDone() {
                offsets.append(Int(next))
                next = cicu_breakNext(handle)
            }
            return .success(offsets)
        }
        return try result.get()
    }
}
