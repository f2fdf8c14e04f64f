import Foundation

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
            let length = scalarLength(first[start + lead])
            guard length == scalarLength(second[other + lead]), lead + length <= first.count else { return false }
            let left = String(decoding: first[(start + lead)..<(start + lead + length)], as: UTF8.self)
            let right = String(decoding: second[(other + lead)..<(other + lead + length)], as: UTF8.self)
            guard left.lowercased() == right.lowercased() else { return false }
            offset = lead + length
        }
        return true
    }

    /// The bytes of the UTF-8 sequence `lead` opens (1 for a stray continuation byte).
    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        case 0xC0...: 2
        default: 1
        }
    }
}
