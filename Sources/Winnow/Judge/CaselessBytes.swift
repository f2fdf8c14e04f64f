import Foundation
import WinnowICU

/// Two lines' UTF-8 compared in any case, without making strings of them: ASCII letters are folded byte by byte, and
/// where a letter beyond ASCII differs ("Ệ" against "ệ") only the two characters there are lower-cased and
/// compared. The copies the judge looks for (``TitleCopy``, ``ParagraphCopy``) are read on every page, and most lines
/// differ from the line they are held against within their first bytes. Lines of different lengths in bytes are
/// not equal: a change of case keeps a letter's length in every script the labelled pages hold.
enum CaselessBytes {
    static func equal(_ first: ArraySlice<UInt8>, _ second: ArraySlice<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        var offset = 0
        let start = first.startIndex, other = second.startIndex
        while offset < first.count {
            let a = first[start + offset], b = second[other + offset]
            if a == b {
                offset += 1
                continue
            }
            if a < 0x80 && b < 0x80 {
                guard a | 0x20 == b | 0x20, (a | 0x20) >= 0x61, (a | 0x20) <= 0x7A else { return false }
                offset += 1
                continue
            }
            // A character beyond ASCII: back to its first byte (the bytes before the difference are equal), then
            // the two characters whole.
            var lead = offset
            while lead > 0 && first[start + lead] & 0xC0 == 0x80 && second[other + lead] & 0xC0 == 0x80 { lead -= 1 }
            let left = first.withUnsafeBufferPointer { UTF8Scalars.scalar(in: $0, at: lead) }
            let right = second.withUnsafeBufferPointer { UTF8Scalars.scalar(in: $0, at: lead) }
            guard left.length == right.length, let one = Unicode.Scalar(left.value), let two = Unicode.Scalar(right.value),
                  one.properties.lowercaseMapping == two.properties.lowercaseMapping else { return false }
            offset = lead + left.length
        }
        return true
    }
}
