internal import CICU

/// An ICU call that reported failure, named by the operation and ICU's own error name.
public struct ICUFailure: Error, CustomStringConvertible, Sendable {
    /// What Winnow asked ICU to do, e.g. "open the NFC normaliser".
    public let operation: String
    /// ICU's name for the error, e.g. "U_REGEX_TIME_OUT".
    public let code: String

    public var description: String { "ICU could not \(operation): \(code)" }
}

extension UErrorCode {
    var failed: Bool { cicu_failure(self) != 0 }
    var name: String { String(cString: cicu_errorName(self)) }

    func check(_ operation: @autoclosure () -> String) throws(ICUFailure) {
        if failed { throw ICUFailure(operation: operation(), code: name) }
    }
}

extension String {
    /// Runs `body` with a pointer to the string's UTF-8 bytes (copied only if the string is not native), passing
    /// on `body`'s error as its type: `withUTF8` rethrows any error untyped.
    public func withUTF8Bytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        var copy = self
        let result = copy.withUTF8 { bytes in Result { () throws(E) -> R in try body(bytes) } }
        return try result.get()
    }
}

/// Calls an ICU function that fills a UTF-16 buffer, growing the buffer once if ICU says it was too small.
func fillUTF16(
    capacity: Int,
    _ fill: (UnsafeMutablePointer<UChar>, Int32, inout UErrorCode) -> Int32
) throws(ICUFailure) -> [UInt16] {
    // ICU takes the capacity as a 32-bit length; a larger buffer could not be told anyway.
    var capacity = min(max(capacity, 16), Int(Int32.max))
    for _ in 0..<2 {
        var error = U_ZERO_ERROR
        var output = [UInt16](repeating: 0, count: capacity)
        let length = output.withUnsafeMutableBufferPointer { fill($0.baseAddress!, Int32(capacity), &error) }
        if error == U_BUFFER_OVERFLOW_ERROR {
            capacity = min(Int(length) + 1, Int(Int32.max))
            continue
        }
        try error.check("fill a UTF-16 buffer")
        output.removeSubrange(Int(length)...)
        return output
    }
    throw ICUFailure(operation: "fill a UTF-16 buffer", code: "U_BUFFER_OVERFLOW_ERROR")
}
