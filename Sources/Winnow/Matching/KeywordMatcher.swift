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
final class KeywordMatcher {
    private let plain: Set<String>
    private let plainBytes: Set<[UInt8]>
    private let skeletons: Set<String>
    private let minLength: Int
    private let maxLength: Int
    private let folder: TokenFolder

    init(keywords: [String], folder: TokenFolder) throws(ICUFailure) {
        self.folder = folder
        var plain = Set<String>()
        var skeletons = Set<String>()
        for keyword in keywords {
            plain.insert(keyword.lowercased())
            skeletons.insert(try folder.skeleton(keyword))
        }
        self.plain = plain
        self.plainBytes = Set(plain.map { Array($0.utf8) })
        self.skeletons = skeletons
        self.minLength = keywords.map(\.count).min() ?? 1
        self.maxLength = keywords.map(\.utf8.count).max() ?? 0
    }

    /// True when some token of `text` is a keyword, a disguised keyword, or a domain built on one.
    ///
    /// Works on the UTF-8 bytes: a plain ASCII token of keyword size is lower-cased in place and looked up; only
    /// links and tokens that could hide a disguise (other scripts, full-width forms, digits mixed with letters)
    /// become strings and go through ICU.
    func matches(_ text: String) throws(ICUFailure) -> Bool {
        var text = text
        var suspects: [Substring] = []
        let plainHit = text.withUTF8 { bytes -> Bool in
            let count = bytes.count
            var start = 0
            var lowered: [UInt8] = []
            while start < count {
                while start < count && bytes[start] == 0x20 { start += 1 }
                var end = start
                while end < count && bytes[end] != 0x20 { end += 1 }
                var first = start
                var last = end
                while first < last && Self.isEdgeASCII(bytes[first]) { first += 1 }
                while last > first && Self.isEdgeASCII(bytes[last - 1]) { last -= 1 }
                let length = last - first
                if length >= minLength {
                    var ascii = true, digits = false, letters = false, link = false
                    for index in first..<last {
                        let byte = bytes[index]
                        if byte >= 0x80 { ascii = false; break }
                        if byte >= 0x30 && byte <= 0x39 { digits = true }
                        else if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { letters = true }
                        else if byte == 0x2E || byte == 0x2F { link = true }
                    }
                    if ascii {
                        if length <= maxLength && !link {
                            lowered.removeAll(keepingCapacity: true)
                            for index in first..<last {
                                let byte = bytes[index]
                                lowered.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                            }
                            if plainBytes.contains(lowered) { return true }
                        }
                        if link || (digits && letters) { suspects.append(Self.substring(bytes, start, end)) }
                    } else if Self.mayHideKeyword(bytes, from: first, to: last) {
                        suspects.append(Self.substring(bytes, start, end))
                    }
                }
                start = end
            }
            return false
        }
        if plainHit { return true }
        for raw in suspects {
            let token = LineTokens.strip(raw)
            if Self.tokenMatches(token.lowercased(), in: plain) { return true }
            if Self.tokenMatches(try folder.skeleton(String(token)), in: skeletons) { return true }
        }
        return false
    }

    private static func substring(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Substring {
        Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
    }

    private static func isEdgeASCII(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x22, 0x27, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x2E, 0x2D, 0x2A, 0x7C, 0x3C, 0x3E: true
        default: false
        }
    }

    /// True when a token with non-ASCII bytes holds anything beyond Latin letters, combining marks and general
    /// punctuation (Vietnamese words stay on the fast path; Cyrillic, Greek, full-width forms do not).
    private static func mayHideKeyword(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
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

    private static func tokenMatches(_ token: String, in keywords: Set<String>) -> Bool {
        if keywords.contains(token) { return true }
        guard token.contains(where: { $0 == "." || $0 == "/" }) else { return false }
        // A domain or link: look at each label.
        for label in token.split(whereSeparator: { $0 == "." || $0 == "/" || $0 == ":" || $0 == "?" || $0 == "=" }) {
            if keywords.contains(String(label)) { return true }
            for keyword in keywords where label.hasPrefix(keyword) { return true }
        }
        return false
    }
}

/// Token helpers shared by the keyword matcher.
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

    init() throws(ICUFailure) {
        casefold = try Normalizer.shared(.nfkcCasefold)
        skeletonMaker = try SkeletonMaker()
    }

    /// Lower case of the confusable skeleton of the NFKC-casefolded text.
    func skeleton(_ text: String) throws(ICUFailure) -> String {
        try skeletonMaker.skeleton(try casefold.normalize(text)).lowercased()
    }

    /// True when a token could hide a keyword from a plain lower-case comparison: it has characters beyond
    /// Latin letters, digits and common punctuation, or it mixes digits and letters.
    static func needsSkeleton(_ token: Substring) -> Bool {
        var digits = false
        var letters = false
        for scalar in token.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x30...0x39: digits = true
            case 0x41...0x5A, 0x61...0x7A: letters = true
            case 0...0x7F: continue
            case 0xC0...0x24F, 0x1E00...0x1EFF, 0x300...0x36F: letters = true
            default: return true
            }
        }
        return digits && letters
    }
}
