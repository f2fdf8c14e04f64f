/// What kind of character a scalar is, as far as the judgement features care: letters by case, digits,
/// punctuation, symbols, marks, and whether it belongs to a script written without spaces (Han, kana, Hangul).
enum CharacterClass: UInt8 {
    case other = 0, upper, lower, caseless, digit, punctuation, symbol, mark
    /// Added to the class of a character from a script written without spaces between words.
    static let unspacedFlag: UInt8 = 0x80

    /// The class byte of every BMP scalar (with ``unspacedFlag``), made once per process from the standard
    /// library's Unicode data.
    /// Made once and never freed, read without bounds checks or reference counting in the line scan.
    nonisolated(unsafe) static let table: UnsafeBufferPointer<UInt8> = {
        let table = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0x1_0000)
        for value in 0..<0x1_0000 {
            table[value] = Unicode.Scalar(UInt32(value)).map(byte(for:)) ?? CharacterClass.other.rawValue
        }
        return UnsafeBufferPointer(table)
    }()

    /// The class byte of `value` (a Unicode scalar value).
    @inline(__always)
    static func byte(of value: UInt32) -> UInt8 {
        if value < 0x1_0000 { return table[Int(value)] }
        guard let scalar = Unicode.Scalar(value) else { return other.rawValue }
        return byte(for: scalar)
    }

    private static func byte(for scalar: Unicode.Scalar) -> UInt8 {
        let kind: CharacterClass
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: kind = .upper
        case .lowercaseLetter: kind = .lower
        case .otherLetter, .modifierLetter: kind = .caseless
        case .decimalNumber, .letterNumber, .otherNumber: kind = .digit
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation: kind = .punctuation
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: kind = .symbol
        case .nonspacingMark, .spacingMark, .enclosingMark: kind = .mark
        default: kind = .other
        }
        let value = scalar.value
        let unspaced = (0x3040...0x30FF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0x4E00...0x9FFF).contains(value) || (0xAC00...0xD7AF).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0x2_0000...0x3_FFFF).contains(value) || (0x0E00...0x0EFF).contains(value) || (0x1000...0x109F).contains(value)
        return kind.rawValue | (unspaced ? unspacedFlag : 0)
    }
}
