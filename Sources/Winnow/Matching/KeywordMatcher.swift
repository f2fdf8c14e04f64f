import WinnowICU

/// Finds keywords (spam brands such as "okvip", "hi88") however they are disguised, without matching inside
/// ordinary words or numbers.
///
/// A keyword matches a token of the line (a run between spaces, stripped of surrounding punctuation) when the
/// token is the keyword, or when the token is a domain or link (it holds "." or "/") one of whose labels is the
/// keyword or starts with it ("hi88.com", "hi88bet.vip", "https://okvip.tv/x"). Tokens are compared after folding:
/// lower case, then, for tokens that hold anything beyond Latin letters and punctuation or mix digits with
/// letters, NFKC casefolding (full-width forms, invisible characters) and the UTS #39 confusable skeleton
/// (look-alike letters from other scripts, "0" for "o").
///
/// The work happens on the line's UTF-8 bytes. ASCII tokens (nearly all of them) are folded with a table that
/// ``TokenFolder`` builds from ICU once; only tokens with characters from other scripts or full-width forms go
/// through ICU itself.
final class KeywordMatcher {
    private let plain: KeywordSet
    private let skeletons: KeywordSet
    private let minLength: Int
    private let maxLength: Int
    private let folder: TokenFolder

    init(keywords: [String], folder: TokenFolder) throws(ICUFailure) {
        self.folder = folder
        var skeletons: [[UInt8]] = []
        for keyword in keywords { skeletons.append(Array(try folder.skeleton(keyword).utf8)) }
        self.plain = KeywordSet(keywords.map { Array($0.lowercased().utf8) })
        self.skeletons = KeywordSet(skeletons)
        self.minLength = keywords.map(\.count).min() ?? 1
        self.maxLength = keywords.map(\.utf8.count).max() ?? 0
    }

    /// True when some token of `text` is a keyword, a disguised keyword, or a domain built on one.
    ///
    /// One pass over each ASCII token classifies it and hashes its lower case; only a token whose hash is in
    /// the keywords' filter is compared, so ordinary words cost a few instructions a byte.
    func matches(_ text: String) throws(ICUFailure) -> Bool {
        try text.withUTF8Bytes { (bytes) throws(ICUFailure) -> Bool in try matches(bytes) }
    }

    /// ``matches(_:)-string`` on UTF-8 (valid UTF-8), read in place.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) throws(ICUFailure) -> Bool {
        var suspects: [String] = []
        if hasPlainKeyword(bytes, suspects: &suspects) { return true }
        for token in suspects {
            if plain.matches(token: Array(token.lowercased().utf8)) { return true }
            if skeletons.matches(token: Array(try folder.skeleton(token).utf8)) { return true }
        }
        return false
    }

    /// One pass over the ASCII tokens: true when one is a keyword (or a disguised one, or a domain on one).
    /// Tokens with characters from other scripts go to `suspects`, for ICU's folding.
    private func hasPlainKeyword(_ bytes: UnsafeBufferPointer<UInt8>, suspects: inout [String]) -> Bool {
        let count = bytes.count
        var start = 0
        var folded: [UInt8] = []
        while start < count {
            while start < count && bytes[start] == 0x20 { start += 1 }
            var end = start
            while end < count && bytes[end] != 0x20 { end += 1 }
            defer { start = end }
            let (first, last) = TokenEdges.strip(bytes, start, end)
            guard last - first >= minLength else { continue }
            var ascii = true, digits = false, letters = false, link = false
            var hash = KeywordSet.hashSeed
            for index in first..<last {
                var byte = bytes[index]
                if byte >= 0x80 { ascii = false; break }
                if byte >= 0x30 && byte <= 0x39 { digits = true }
                else if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { letters = true; byte |= 0x20 }
                else if byte == 0x2E || byte == 0x2F { link = true }
                hash = KeywordSet.hash(hash, byte)
            }
            let token = UnsafeBufferPointer(rebasing: bytes[first..<last])
            if ascii {
                let mayBeDisguised = link || (digits && letters)
                if !mayBeDisguised {
                    if token.count <= maxLength && plain.mightContain(hash: hash) {
                        folded.removeAll(keepingCapacity: true)
                        for byte in token { folded.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
                        if plain.contains(folded) { return true }
                    }
                    continue
                }
                folded.removeAll(keepingCapacity: true)
                for byte in token { folded.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
                if link ? plain.matches(link: folded) : plain.contains(folded) { return true }
                folded.removeAll(keepingCapacity: true)
                folder.appendSkeleton(ofASCII: token, to: &folded)
                if link ? skeletons.matches(link: folded) : skeletons.contains(folded) { return true }
            } else if Self.mayHideKeyword(token) {
                suspects.append(String(decoding: token, as: UTF8.self))
            }
        }
        return false
    }

    /// True when a token with non-ASCII bytes holds anything beyond Latin letters, combining marks and general
    /// punctuation (Vietnamese words stay on the fast path; Cyrillic, Greek, full-width forms do not).
    private static func mayHideKeyword(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let end = bytes.count
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 { index += 1; continue }
            if byte >= 0xC3 && byte <= 0xC9 { index += 2; continue }          // U+00C0-U+027F Latin
            if byte == 0xCC || byte == 0xCD { index += 2; continue }          // U+0300-U+036F combining marks
            if byte == 0xE1, index + 1 < end, bytes[index + 1] >= 0xB8 && bytes[index + 1] <= 0xBB {
                index += 3; continue                                          // U+1E00-U+1EFF Latin Extended Additional
            }
            if byte == 0xE2, index + 1 < end, bytes[index + 1] == 0x80 || bytes[index + 1] == 0x81 {
                index += 3; continue                                          // U+2000-U+207F general punctuation
            }
            return true
        }
        return false
    }
}

/// Folded keywords as UTF-8 bytes, looked up whole or as the start of a domain label.
struct KeywordSet {
    private let words: Set<[UInt8]>
    /// The distinct keyword lengths, shortest first: the prefixes of a label worth looking up.
    private let lengths: [Int]
    /// A bit per value of `hash` (modulo its size) that some keyword has: a token whose bit is clear is not one.
    private let filter: [UInt64]
    private static let filterBits = 1 << 14

    init(_ words: [[UInt8]]) {
        self.words = Set(words)
        self.lengths = Set(words.map(\.count)).sorted()
        var filter = [UInt64](repeating: 0, count: Self.filterBits / 64)
        for word in words {
            let bit = Int(truncatingIfNeeded: word.reduce(Self.hashSeed, Self.hash)) & (Self.filterBits - 1)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.filter = filter
    }

    static let hashSeed: UInt32 = 0x811C_9DC5
    /// FNV-1a, one byte at a time, as the matcher computes it while it reads a token.
    @inline(__always) static func hash(_ hash: UInt32, _ byte: UInt8) -> UInt32 { (hash ^ UInt32(byte)) &* 0x0100_0193 }

    /// False when no keyword has this hash (of the token's lower-case bytes).
    func mightContain(hash: UInt32) -> Bool {
        let bit = Int(hash) & (Self.filterBits - 1)
        return filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    func contains(_ token: [UInt8]) -> Bool { words.contains(token) }

    /// The token is a keyword, or it is a link one of whose labels is or starts with a keyword.
    func matches(token: [UInt8]) -> Bool {
        if words.contains(token) { return true }
        return token.contains { $0 == 0x2E || $0 == 0x2F } && matches(link: token)
    }

    /// One of the link's labels (parts between `.`, `/`, `:`, `?` and `=`) is or starts with a keyword.
    func matches(link: [UInt8]) -> Bool {
        if words.contains(link) { return true }
        var index = 0
        while index < link.count {
            // One label: hash its bytes as they come, and look a prefix up only when its hash is a keyword's.
            var hash = Self.hashSeed
            var length = 0
            while index < link.count {
                let byte = link[index]
                if byte == 0x2E || byte == 0x2F || byte == 0x3A || byte == 0x3F || byte == 0x3D { break }
                hash = Self.hash(hash, byte)
                length += 1
                index += 1
                if mightContain(hash: hash), lengths.contains(length), words.contains(Array(link[(index - length)..<index])) {
                    return true
                }
            }
            index += 1
        }
        return false
    }
}

/// The punctuation a token is stripped of before it is compared: quotes, brackets, sentence punctuation, dashes.
enum TokenEdges {
    /// `start..<end` of `bytes` without leading and trailing edge punctuation.
    @inline(__always) static func strip(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        // Most tokens start and end with a letter or digit: nothing to strip.
        if end > start && isPlain(bytes[start]) && isPlain(bytes[end - 1]) { return (start, end) }
        return stripEdges(bytes, start, end)
    }

    /// An ASCII letter or digit, or a byte of a multi-byte character that cannot be edge punctuation.
    @inline(__always) private static func isPlain(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x30 && byte <= 0x39
            || byte >= 0x80 && byte != 0xC2 && byte != 0xE2 && !(byte >= 0x93 && byte <= 0xBB)
    }

    private static func stripEdges(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var first = start
        var last = end
        while first < last {
            let width = edgeWidth(bytes, at: first, limit: last)
            if width == 0 { break }
            first += width
        }
        while last > first {
            var lead = last - 1
            while lead > first && bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            guard edgeWidth(bytes, at: lead, limit: last) == last - lead else { break }
            last = lead
        }
        return (first, last)
    }

    /// The byte length of the edge character at `index`, or 0 when there is none.
    private static func edgeWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, limit: Int) -> Int {
        switch bytes[index] {
        case 0x22, 0x27, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x2E, 0x2D, 0x2A, 0x7C, 0x3C, 0x3E:
            return 1
        case 0xC2 where index + 1 < limit && (bytes[index + 1] == 0xAB || bytes[index + 1] == 0xBB):   // « »
            return 2
        case 0xE2 where index + 2 < limit && bytes[index + 1] == 0x80:
            switch bytes[index + 2] {
            case 0x93, 0x94, 0x98, 0x99, 0x9C, 0x9D, 0xA6: return 3                                   // – — ‘ ’ “ ” …
            default: return 0
            }
        default:
            return 0
        }
    }
}

/// Token helpers shared by the date and link scanners.
enum LineTokens {
    static let edgePunctuation: Set<Character> = [
        "\"", "'", "“", "”", "‘", "’", "«", "»", "(", ")", "[", "]", "{", "}", ",", ";", ":", "!", "?", ".", "…",
        "-", "–", "—", "*", "|", "<", ">",
    ]

    static func strip(_ token: Substring) -> Substring {
        var token = token
        while let first = token.first, edgePunctuation.contains(first) { token.removeFirst() }
        while let last = token.last, edgePunctuation.contains(last) { token.removeLast() }
        return token
    }
}

/// Folds tokens to the form keywords are compared in. Holds an ICU spoof checker: one per worker.
final class TokenFolder {
    private let casefold: Normalizer
    private let skeletonMaker: SkeletonMaker
    /// The folded skeleton of each ASCII character, from ICU. ASCII is its own NFD and NFKC_Casefold is lower
    /// case there, so the skeleton of an ASCII token is the concatenation of its characters' skeletons.
    private let asciiSkeletons: [[UInt8]]

    init() throws(ICUFailure) {
        casefold = try Normalizer.shared(.nfkcCasefold)
        skeletonMaker = try SkeletonMaker()
        var table: [[UInt8]] = []
        for value in 0..<128 {
            let character = String(Character(Unicode.Scalar(UInt8(value))))
            table.append(value < 0x21 || value == 0x7F ? [UInt8(value)] : Array(try Self.fold(character, casefold, skeletonMaker).utf8))
        }
        asciiSkeletons = table
    }

    /// A folder, or the rules' error when ICU cannot give one.
    static func make() throws(Rejection) -> TokenFolder {
        do { return try TokenFolder() } catch { throw Rejection(.internalError, error.description) }
    }

    /// Lower case of the confusable skeleton of the NFKC-casefolded text.
    func skeleton(_ text: String) throws(ICUFailure) -> String {
        try Self.fold(text, casefold, skeletonMaker)
    }

    /// Appends the skeleton of an ASCII token (every byte below 0x80), as ``skeleton(_:)`` would give it.
    func appendSkeleton(ofASCII token: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        for byte in token { output.append(contentsOf: asciiSkeletons[Int(byte)]) }
    }

    private static func fold(_ text: String, _ casefold: Normalizer, _ skeletonMaker: SkeletonMaker) throws(ICUFailure) -> String {
        try skeletonMaker.skeleton(try casefold.normalize(text)).lowercased()
    }
}
