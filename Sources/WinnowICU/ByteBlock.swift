/// Sixteen bytes of UTF-8 read and tested at once: the scans that look at every byte of every line skip
/// ordinary text a block at a time and look closer only where a block holds something.
///
/// Comparisons are written against whole vectors (`SIMD16(repeating:)`): Swift lowers a comparison of a vector
/// with a scalar one lane at a time, a hundred times slower.
public enum ByteBlock {
    public typealias Lanes = SIMD16<UInt8>
    public typealias Mask = SIMDMask<SIMD16<Int8>>

    /// The sixteen bytes at `offset` (the caller makes sure they are there).
    @inlinable @inline(__always)
    public static func load(_ base: UnsafePointer<UInt8>, _ offset: Int) -> Lanes {
        UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: Lanes.self)
    }

    /// Lanes equal to `byte`.
    @inlinable @inline(__always)
    public static func equal(_ lanes: Lanes, _ byte: UInt8) -> Mask { lanes .== Lanes(repeating: byte) }

    /// Lanes from `low` to `high`, both included.
    @inlinable @inline(__always)
    public static func within(_ lanes: Lanes, _ low: UInt8, _ high: UInt8) -> Mask {
        (lanes .>= Lanes(repeating: low)) .& (lanes .<= Lanes(repeating: high))
    }

    /// Lanes that are a byte of a character outside ASCII and the Latin letters that Vietnamese uses, given
    /// the block one byte further on (`next`): lead bytes other than `latinLeads` (two-byte Latin letters) and
    /// 0xE1 before `latinAfterE1` (U+1E00-U+1EFF, the Vietnamese letters among them). Continuation bytes
    /// belong to their lead.
    @inlinable @inline(__always)
    public static func otherScripts(_ lanes: Lanes, next: Lanes, latinLeads: ClosedRange<UInt8>,
                                    latinAfterE1: ClosedRange<UInt8>) -> Mask {
        let leads = lanes .>= Lanes(repeating: 0xC0)
        let latin = within(lanes, latinLeads.lowerBound, latinLeads.upperBound)
        let vietnamese = equal(lanes, 0xE1) .& within(next, latinAfterE1.lowerBound, latinAfterE1.upperBound)
        return leads .& .!latin .& .!vietnamese
    }

    /// True when some lane is set. (The standard library's `any` calls a lane-by-lane reduction; this turns
    /// the lanes into bytes and tests them as two words.)
    @inlinable @inline(__always)
    public static func anySet(_ mask: Mask) -> Bool {
        let bytes = Lanes(repeating: 0).replacing(with: 0xFF, where: mask)
        let words = unsafeBitCast(bytes, to: SIMD2<UInt64>.self)
        return words[0] | words[1] != 0
    }

    /// How many lanes are set: the mask as bytes of 0 or 1, each eight summed by a multiply.
    @inlinable @inline(__always)
    public static func count(_ mask: Mask) -> Int {
        let bytes = Lanes(repeating: 0).replacing(with: 1, where: mask)
        let words = unsafeBitCast(bytes, to: SIMD2<UInt64>.self)
        let ones: UInt64 = 0x0101_0101_0101_0101
        return Int(truncatingIfNeeded: (words[0] &* ones) >> 56 &+ (words[1] &* ones) >> 56)
    }

    /// The first index at or after `index` that starts a character (skips continuation bytes).
    @inlinable @inline(__always)
    public static func characterStart(_ base: UnsafePointer<UInt8>, from index: Int, count: Int) -> Int {
        var index = index
        while index < count && base[index] & 0xC0 == 0x80 { index += 1 }
        return index
    }
}
