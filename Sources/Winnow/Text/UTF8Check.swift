import WinnowICU

/// Whether bytes are well-formed UTF-8 (The Unicode Standard, table 3-7: no overlong forms, surrogates or code
/// points beyond U+10FFFF), found without making a string: the decode stage asks it of every input.
enum UTF8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        let raw = UnsafeRawPointer(base)
        var index = 0
        var nextBlockTry = 0
        var afterBlock = false
        while index < count {
            // Sixteen bytes at a time where every character is ASCII or has two or three bytes after an
            // ordinary lead (see `ordinaryBlock`). A block's last character may go on past it: when the next
            // step is not a block, it starts again at that character, which is checked whole.
            // (At least one byte must follow the block, so that the step after it comes.)
            if index >= 2 && index >= nextBlockTry && index + 16 < count {
                if ordinaryBlock(base, index) {
                    index += 16
                    afterBlock = true
                    continue
                }
                nextBlockTry = index + 16
            }
            if afterBlock {
                afterBlock = false
                index -= 1
                while base[index] & 0xC0 == 0x80 { index -= 1 }
            }
            // The ASCII bytes of the next eight in one step, up to the first other byte (Vietnamese text has
            // one in most words).
            if index + 8 <= count {
                let high = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080
                if high == 0 {
                    index += 8
                    continue
                }
                index += high.trailingZeroBitCount >> 3
            } else if base[index] < 0x80 {
                index += 1
                continue
            }
            let lead = base[index]
            // The common shapes first: three bytes after a lead with no special range (U+1000-U+CFFF, U+E000-
            // U+FFFF: the Vietnamese letters U+1Exx among them), then two bytes.
            if lead >= 0xE1 && lead <= 0xEF && lead != 0xED {
                guard index + 2 < count, base[index + 1] & 0xC0 == 0x80, base[index + 2] & 0xC0 == 0x80 else { return false }
                index += 3
                continue
            }
            if lead >= 0xC2 && lead <= 0xDF {
                guard index + 1 < count, base[index + 1] & 0xC0 == 0x80 else { return false }
                index += 2
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xE0: length = 3; low = 0xA0
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false                        // a continuation byte, C0, C1 or F5-FF
            }
            guard index + length <= count else { return false }
            let second = base[index + 1]
            guard second >= low && second <= high else { return false }
            for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// True when the sixteen bytes at `index` (two bytes before it readable) are ASCII, continuation bytes
    /// and leads of two-byte characters (0xC2-0xDF) or three-byte ones without a restricted second byte
    /// (0xE1-0xEC, 0xEE, 0xEF), and every continuation byte, and no other, follows a lead that needs it: a
    /// lead one byte before, or a three-byte lead two before. Such bytes are well-formed as far as they go;
    /// a lead in the last two lanes is completed by what follows the block.
    @inline(__always)
    private static func ordinaryBlock(_ base: UnsafePointer<UInt8>, _ index: Int) -> Bool {
        let lanes = ByteBlock.load(base, index)
        let before = ByteBlock.load(base, index - 1)
        let twoBefore = ByteBlock.load(base, index - 2)
        let hard = ByteBlock.within(lanes, 0xC0, 0xC1) .| ByteBlock.equal(lanes, 0xE0) .| ByteBlock.equal(lanes, 0xED)
            .| (lanes .>= ByteBlock.Lanes(repeating: 0xF0))
        let continuation = ByteBlock.within(lanes, 0x80, 0xBF)
        let needed = ByteBlock.within(before, 0xC2, 0xDF) .| ByteBlock.within(before, 0xE1, 0xEF)
            .| ByteBlock.within(twoBefore, 0xE1, 0xEF)
        return !ByteBlock.anySet(hard .| (continuation .^ needed))
    }
}
