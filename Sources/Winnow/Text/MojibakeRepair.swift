/// Repairs text that was UTF-8 but was decoded as windows-1252 or Latin-1 somewhere upstream ("Ä\u{90}áº£ng"
/// for "Đảng", "Ã¡" for "á").
///
/// Each run of characters that windows-1252/Latin-1 can encode and that holds a non-ASCII character is turned
/// back into those bytes; the run is replaced only when the bytes are valid UTF-8 that is shorter (every
/// repaired sequence folds several characters into one). Text that is already right never qualifies: a correct
/// Latin-1 word such as "café" or "SÃO" is not valid UTF-8 once encoded, and Vietnamese letters beyond Latin-1
/// end a run.
public enum MojibakeRepair {
    /// The repaired line, or nil when nothing in it needed (or allowed) repair.
    public static func repair(_ text: String) -> String? {
        guard hasSuspectPair(text) else { return nil }
        var output: [Unicode.Scalar] = []
        var run: [UInt8] = []
        var runScalars: [Unicode.Scalar] = []
        var changed = false

        func flushRun() {
            defer { run.removeAll(keepingCapacity: true); runScalars.removeAll(keepingCapacity: true) }
            guard run.contains(where: { $0 >= 0x80 }),
                  let decoded = String(validating: run, as: UTF8.self),
                  decoded.unicodeScalars.count < runScalars.count else {
                output.append(contentsOf: runScalars)
                return
            }
            output.append(contentsOf: decoded.unicodeScalars)
            changed = true
        }

        for scalar in text.unicodeScalars {
            if let byte = windows1252Byte(scalar) {
                run.append(byte)
                runScalars.append(scalar)
            } else {
                flushRun()
                output.append(scalar)
            }
        }
        flushRun()
        return changed ? String(String.UnicodeScalarView(output)) : nil
    }

    /// True when some character that a UTF-8 lead byte becomes in windows-1252/Latin-1 (U+00C2-U+00F4) is
    /// followed by one that a continuation byte becomes (0x80-0xBF): the signature of mojibake. Ordinary
    /// Vietnamese or French ("văn", "déjà") never has it, so most lines leave here.
    static func hasSuspectPair(_ text: String) -> Bool {
        var previousIsLead = false
        for scalar in text.unicodeScalars {
            if previousIsLead, let byte = windows1252Byte(scalar), (0x80...0xBF).contains(byte) { return true }
            previousIsLead = (0xC2...0xF4).contains(scalar.value)
        }
        return false
    }

    /// The windows-1252 byte for `scalar` (Latin-1 for U+0000-U+00FF, including the C1 controls that a Latin-1
    /// decoder produces for bytes 0x80-0x9F), or nil when neither encoding has it.
    static func windows1252Byte(_ scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value <= 0xFF { return UInt8(scalar.value) }
        return windows1252High[scalar.value]
    }

    private static let windows1252High: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
        0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91,
        0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98,
        0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B, 0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]
}
