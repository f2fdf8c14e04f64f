internal import CICU

/// What ICU's charset detector thinks a byte string is encoded in.
public struct CharsetGuess: Sendable, Equatable {
    /// ICU's name for the charset, e.g. "UTF-8", "windows-1252", "ISO-8859-1".
    public let name: String
    /// 0-100.
    public let confidence: Int
}

/// Legacy encodings through ICU's converters and charset detector.
public enum Charset {
    /// ICU's best guess at the encoding of `bytes`, or nil when it has none.
    public static func detect(_ bytes: [UInt8]) -> CharsetGuess? {
        var error = U_ZERO_ERROR
        guard let detector = cicu_openDetector(&error), !error.failed else { return nil }
        defer { cicu_closeDetector(detector) }
        var confidence: Int32 = 0
        let name = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                cicu_detect(detector, $0.baseAddress, Int32($0.count), &confidence, &error)
            }
        }
        guard let name, !error.failed else { return nil }
        return CharsetGuess(name: String(cString: name), confidence: Int(confidence))
    }

    /// True when ICU knows a converter called `name`.
    public static func isKnown(_ name: String) -> Bool {
        var error = U_ZERO_ERROR
        guard let converter = cicu_openConverter(name, &error), !error.failed else { return false }
        cicu_closeConverter(converter)
        return true
    }

    /// Decodes `bytes` from the encoding `name` (any name ICU's converters accept) into a string.
    /// Bytes the encoding cannot map become U+FFFD.
    public static func decode(_ bytes: [UInt8], from name: String) throws(ICUFailure) -> String {
        var error = U_ZERO_ERROR
        let converter = cicu_openConverter(name, &error)
        try error.check("open a converter for \(name)")
        defer { cicu_closeConverter(converter) }
        let units = try bytes.withUnsafeBufferPointer { (buffer) throws(ICUFailure) -> [UInt16] in
            try buffer.withMemoryRebound(to: CChar.self) { (src) throws(ICUFailure) -> [UInt16] in
                try fillUTF16(capacity: src.count * 2 + 16) { dest, capacity, error in
                    cicu_toUChars(converter, dest, capacity, src.baseAddress, Int32(src.count), &error)
                }
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Encodes `text` into the encoding `name` (for tests and tools that need legacy bytes).
    public static func encode(_ text: String, to name: String) throws(ICUFailure) -> [UInt8] {
        var error = U_ZERO_ERROR
        let converter = cicu_openConverter(name, &error)
        try error.check("open a converter for \(name)")
        defer { cicu_closeConverter(converter) }
        let units = Array(text.utf16)
        // At most four bytes per unit, within ICU's 32-bit lengths.
        var capacity = min(units.count * 4 + 16, Int(Int32.max))
        var output = [UInt8](repeating: 0, count: capacity)
        var length: Int32 = 0
        units.withUnsafeBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dest in
                dest.withMemoryRebound(to: CChar.self) {
                    length = cicu_fromUChars(converter, $0.baseAddress, Int32(capacity), src.baseAddress, Int32(src.count), &error)
                }
            }
        }
        try error.check("encode text as \(name)")
        capacity = Int(length)
        return Array(output[0..<capacity])
    }
}
