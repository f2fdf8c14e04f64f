internal import CICU

/// Unicode full case folding, as ICU applies it when a regular expression ignores case: for every character
/// that folding changes, what it folds to. Characters not listed fold to themselves.
public struct CaseFolding: Sendable {
    /// Each changing character's folded form, one to three scalars ("K" -> "k", "ß" -> "ss"), packed 21 bits
    /// each from the low end (a full folding has at most three; no folding holds U+0000, so 0 ends it).
    private let packed: [UInt32: UInt64]

    /// The one scalar `value` folds to (itself when folding leaves it alone), or nil when it folds to several.
    @inline(__always) public func single(_ value: UInt32) -> UInt32? {
        if value < 0x80 { return value &- 0x41 < 26 ? value | 0x20 : value }   // ASCII: capitals to small letters
        guard let folded = packed[value] else { return value }
        return folded >> 21 == 0 ? UInt32(folded) : nil
    }

    /// The scalars `value` folds to.
    public func scalars(of value: UInt32) -> [UInt32] {
        guard var folded = packed[value] else { return [value] }
        var scalars: [UInt32] = []
        while folded != 0 {
            scalars.append(UInt32(folded & 0x1F_FFFF))
            folded >>= 21
        }
        return scalars
    }

    /// ICU's folding data, read once per process; nil when ICU cannot give it.
    public static let shared: CaseFolding? = CaseFolding()

    private init?() {
        var error = U_ZERO_ERROR
        // Candidates: every character case mapping changes; those whose folding is themselves are left out.
        var ranges = [Int32](repeating: 0, count: 2 * 4096)
        let count = ranges.withUnsafeMutableBufferPointer { cicu_casemappedRanges($0.baseAddress, 4096, &error) }
        guard count >= 0, error.rawValue <= U_ZERO_ERROR.rawValue else { return nil }
        var packed: [UInt32: UInt64] = [:]
        packed.reserveCapacity(1600)
        var source: (UInt16, UInt16) = (0, 0)
        var folded: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0, 0)
        for index in 0..<Int(count) {
            for value in UInt32(ranges[2 * index])...UInt32(ranges[2 * index + 1]) {
                // UTF-16 by hand: this runs for some 2,800 characters when the first case-insensitive pattern is read.
                let units: Int32
                if value < 0x10000 {
                    source.0 = UInt16(value)
                    units = 1
                } else {
                    source.0 = UInt16(0xD800 + ((value - 0x10000) >> 10))
                    source.1 = UInt16(0xDC00 + ((value - 0x10000) & 0x3FF))
                    units = 2
                }
                let length = withUnsafePointer(to: &source) { src in
                    withUnsafeMutablePointer(to: &folded) { dest in
                        src.withMemoryRebound(to: UInt16.self, capacity: 2) { src in
                            dest.withMemoryRebound(to: UInt16.self, capacity: 8) { dest in
                                cicu_foldCase(src, units, dest, 8, &error)
                            }
                        }
                    }
                }
                guard error.rawValue <= U_ZERO_ERROR.rawValue, length > 0, length <= 8 else { return nil }
                var folding: UInt64 = 0
                var shift: UInt64 = 0
                withUnsafeBytes(of: &folded) { raw in
                    let output = raw.bindMemory(to: UInt16.self)
                    var position = 0
                    while position < Int(length) {
                        let unit = UInt32(output[position])
                        var scalar = unit
                        if unit & 0xFC00 == 0xD800, position + 1 < Int(length) {
                            scalar = 0x10000 + ((unit - 0xD800) << 10) + (UInt32(output[position + 1]) - 0xDC00)
                            position += 2
                        } else {
                            position += 1
                        }
                        if shift < 63 { folding |= UInt64(scalar) << shift }
                        shift += 21
                    }
                }
                guard shift <= 63 else { return nil }
                if folding != UInt64(value) { packed[value] = folding }
            }
        }
        self.packed = packed
    }
}
