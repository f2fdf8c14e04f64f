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
        // Buffers made once: this runs for some 2,800 characters when the first case-insensitive pattern is read.
        var source: [UInt16] = []
        source.reserveCapacity(2)
        var folded = [UInt16](repeating: 0, count: 8)
        for index in 0..<Int(count) {
            for value in UInt32(ranges[2 * index])...UInt32(ranges[2 * index + 1]) {
                guard let scalar = Unicode.Scalar(value) else { continue }
                source.removeAll(keepingCapacity: true)
                source.append(contentsOf: UTF16.encode(scalar)!)
                let length = source.withUnsafeBufferPointer { src in
                    folded.withUnsafeMutableBufferPointer { dest in
                        cicu_foldCase(src.baseAddress, Int32(src.count), dest.baseAddress, 8, &error)
                    }
                }
                guard error.rawValue <= U_ZERO_ERROR.rawValue, length > 0, length <= 8 else { return nil }
                // Pack the folded scalars, 21 bits each.
                var folding: UInt64 = 0
                var shift: UInt64 = 0
                var units = folded[0..<Int(length)].makeIterator()
                var decoder = UTF16()
                while case .scalarValue(let folded) = decoder.decode(&units) {
                    guard shift < 63 else { return nil }
                    folding |= UInt64(folded.value) << shift
                    shift += 21
                }
                if folding != UInt64(value) { packed[value] = folding }
            }
        }
        self.packed = packed
    }
}
