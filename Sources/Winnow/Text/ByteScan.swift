import WinnowICU

/// Searches over UTF-8 for the bytes JSON treats specially. Text rarely holds them, so most of it is skipped
/// sixteen bytes per step.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The first index at or after `start` holding a byte below 0x20, `"` or `\`, or, when `lineSeparators` is
    /// set, the start of U+2028 or U+2029 (E2 80 A8, E2 80 A9); `bytes.count` when there is none. Sixteen
    /// bytes at a time, then eight, then one.
    static func firstJSONSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, lineSeparators: Bool) -> Int {
        var index = start
        let count = bytes.count
        if let base = bytes.baseAddress {
            while index + 18 <= count {
                let lanes = ByteBlock.load(base, index)
                var special = (lanes .< ByteBlock.Lanes(repeating: 0x20)) .| ByteBlock.equal(lanes, 0x22) .| ByteBlock.equal(lanes, 0x5C)
                if lineSeparators {
                    let next = ByteBlock.load(base, index + 1)
                    let afterNext = ByteBlock.load(base, index + 2)
                    special = special .| (ByteBlock.equal(lanes, 0xE2) .& ByteBlock.equal(next, 0x80) .& ByteBlock.within(afterNext, 0xA8, 0xA9))
                }
                if ByteBlock.anySet(special) { break }
                index += 16
            }
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                var found = hasByte(below: 0x20, in: word) | hasByte(0x22, in: word) | hasByte(0x5C, in: word)
                if lineSeparators { found |= hasByte(0xE2, in: word) }
                if found != 0 { break }
                index += 8
            }
        }
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return index }
            if lineSeparators && byte == 0xE2 && index + 2 < count && bytes[index + 1] == 0x80
                && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) { return index }
            index += 1
        }
        return count
    }

    /// Non-zero when some byte of `word` equals `byte` (may also flag a byte after a true hit; callers then
    /// look byte by byte).
    @inline(__always) private static func hasByte(_ byte: UInt8, in word: UInt64) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    /// Non-zero when some byte of `word` is below `limit` (at most 0x80).
    @inline(__always) private static func hasByte(below limit: UInt8, in word: UInt64) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highs
    }
}
