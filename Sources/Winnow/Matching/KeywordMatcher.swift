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
        self.skeletons = skeletons
        self.minLength = keywords.map(\.count).min() ?? 1
        self.maxLength = keywords.map(\.utf8.count).max() ?? 0
    }

    private static func asciiLowercased(_ token: Substring) -> String {
        String(decoding: token.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// True when some token of `text` is a keyword, a disguised keyword, or a domain built on one.
    func matches(_ text: String) throws(ICUFailure) -> Bool {
        for raw in text.split(separator: " ") {
            let token = LineTokens.strip(raw)
            let bytes = token.utf8.count
            if bytes < minLength { continue }
            if token.utf8.allSatisfy({ $0 < 0x80 }) {
                // Plain ASCII: only a keyword-sized token or a domain can match.
                let isLink = token.utf8.contains { $0 == 0x2E || $0 == 0x2F }
                guard bytes <= maxLength || isLink else { continue }
                if Self.tokenMatches(Self.asciiLowercased(token), in: plain) { return true }
            }
            if TokenFolder.needsSkeleton(token), Self.tokenMatches(try folder.skeleton(String(token)), in: skeletons) {
                return true
            }
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
