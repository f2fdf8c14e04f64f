import Foundation
import WinnowICU

/// The time limit for every rule's regular expressions, in ICU match-engine steps (on the order of milliseconds).
let regexTimeLimit: Int32 = 200

/// A matcher from the rules file, compiled: regular expressions opened, keywords folded.
/// Holds ICU objects that are not thread-safe; one per worker.
///
/// Runs on every line for every rule, so it is built for that: the plain-number conditions (words, first,
/// last, terminal punctuation) are checked first without touching the text, then the other checks in order of
/// cost, each an object that reads the line in place.
final class LineMatcher {
    private let checks: FixedList<LineCheck>
    /// The plain-number conditions, checked before anything else.
    private let gate: Gate
    private struct Gate {
        var words: IntBounds?
        var first: Int?
        var last: Int?
        var terminalPunctuation: Bool?
    }

    /// What evaluating this matcher costs at most (see ``LineCheck/cost``).
    let cost: Int
    /// The matcher's first regular expressions (or those of its `any` options): the first of them that matches
    /// says which part `drop_part` drops and what `extract` takes.
    let primaryPatterns: [CompiledPattern]

    init(_ spec: MatcherSpec, folder: TokenFolder) throws(Rejection) {
        var checks: [LineCheck] = []
        var gate = Gate()
        var primary: [CompiledPattern]?
        var optionPatterns: [CompiledPattern] = []
        for condition in spec.conditions {
            switch condition {
            case let .regex(patterns, ignoreCase):
                let check = RegexCheck(patterns, ignoreCase: ignoreCase)
                if primary == nil { primary = check.patterns }
                checks.append(check)
            case let .keywords(words): checks.append(try KeywordCheck(words, edgesOnly: false, folder: folder))
            case let .edgeKeywords(words): checks.append(try KeywordCheck(words, edgesOnly: true, folder: folder))
            case let .exact(lines): checks.append(ExactCheck(lines))
            case let .contains(needles): checks.append(ContainsCheck(needles))
            case let .words(bounds): gate.words = gate.words ?? bounds
            case let .chars(bounds): checks.append(CharsCheck(bounds))
            case let .indent(bounds): checks.append(IndentCheck(bounds))
            case let .letterRatio(bounds): checks.append(LetterRatioCheck(bounds))
            case let .terminalPunctuation(flag): gate.terminalPunctuation = gate.terminalPunctuation ?? flag
            case let .capitalized(flag): checks.append(CapitalizedCheck(flag))
            case let .allCaps(flag): checks.append(AllCapsCheck(flag))
            case let .doubled(flag): checks.append(DoubledCheck(flag))
            case let .first(count): gate.first = min(gate.first ?? count, count)
            case let .last(count): gate.last = min(gate.last ?? count, count)
            case let .blankAfter(bounds): checks.append(BlankAfterCheck(bounds))
            case let .blankBefore(bounds): checks.append(BlankBeforeCheck(bounds))
            case let .previous(inner): checks.append(NeighbourCheck(offset: -1, try LineMatcher(inner, folder: folder)))
            case let .next(inner): checks.append(NeighbourCheck(offset: 1, try LineMatcher(inner, folder: folder)))
            case let .not(inner): checks.append(NotCheck(try LineMatcher(inner, folder: folder)))
            case let .any(options):
                var compiled: [LineMatcher] = []
                for option in options { compiled.append(try LineMatcher(option, folder: folder)) }
                optionPatterns += compiled.flatMap(\.primaryPatterns)
                checks.append(AnyCheck(compiled))
            }
        }
        self.gate = gate
        self.checks = FixedList(checks.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element))
        self.cost = checks.map(\.cost).max() ?? 0
        // Without a regex of its own, the matcher takes those of its `any` options, in order.
        self.primaryPatterns = primary ?? optionPatterns
    }

    /// True when the line at `index` of `lines` meets every condition.
    func matches(_ lines: LineTexts, at index: Int) throws(Rejection) -> Bool {
        if let words = gate.words, !words.contains(lines[index].wordCount) { return false }
        if let first = gate.first, index >= first { return false }
        if let last = gate.last, index < lines.count - last { return false }
        if let flag = gate.terminalPunctuation, LineShape.endsWithTerminalPunctuation(lines.bytes(index)) != flag { return false }
        for position in checks.indices {
            if try !checks.with(position, { (check) throws(Rejection) in try check.holds(lines, at: index) }) { return false }
        }
        return true
    }

    deinit { checks.deallocate() }

    /// The first match of the matcher's first regular expressions in `text` (the UTF-8 of input line `number`),
    /// as byte ranges of it.
    func primaryMatch(in text: UnsafeBufferPointer<UInt8>, line number: Int) throws(Rejection) -> (regex: ICURegex, match: RegexMatch)? {
        for pattern in primaryPatterns {
            let regex = try pattern.regex()
            do {
                if let match = try regex.firstMatch(in: text) { return (regex, match) }
            } catch {
                throw Rejection(gaveUp: error, line: number)
            }
        }
        return nil
    }

    /// Checks a character-count bound without counting when the byte count already decides it
    /// (a scalar takes 1 to 4 UTF-8 bytes).
    static func scalarCount(of text: UnsafeBufferPointer<UInt8>, isIn bounds: IntBounds) -> Bool {
        if let max = bounds.max, text.count > 4 * max { return false }
        if let min = bounds.min, text.count < min { return false }
        return bounds.contains(UTF8Scalars.count(in: text))
    }
}

/// One compiled condition of a matcher, asked about one line at a time. A class to override rather than a
/// protocol: matchers call their checks for every line of every rule through references they hold without
/// retaining them (see ``FixedList``), which needs a class type.
class LineCheck {
    /// Cheap checks run first, so that regular expressions run on few lines: 0 reads no text, 1 scans it
    /// once, 2 looks at its characters, 4 tokenises it, 5 runs ICU. A nested matcher costs what its dearest
    /// check costs, and a little more.
    var cost: Int { preconditionFailure("\(type(of: self)) must say its cost") }
    func holds(_ lines: LineTexts, at index: Int) throws(Rejection) -> Bool {
        preconditionFailure("\(type(of: self)) must say whether a line meets it")
    }
}

/// A regex and what it needs a line to have before ICU is asked. Both are made the first time a line reaches
/// the pattern (past the cheaper conditions of its rule): a short input never reaches most patterns, and
/// compiling and analysing them all took half of start-up.
final class CompiledPattern {
    let pattern: String
    let ignoreCase: Bool
    private var compiled: ICURegex?
    /// Necessary conditions checked before the regex runs (see ``RegexPrefilter``), once analysed. Held as an
    /// owned reference (released in `deinit`) and read through it without a retain: it is asked about every line.
    private var prefilter: Unmanaged<RegexPrefilter>?
    private var analysed = false

    init(_ pattern: String, ignoreCase: Bool) {
        self.pattern = pattern
        self.ignoreCase = ignoreCase
    }

    deinit { prefilter?.release() }

    /// False only when the pattern cannot match `text` (its prefilter says so, without ICU).
    func admits(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if !analysed {
            prefilter = RegexPrefilter.shared(pattern: pattern, ignoreCase: ignoreCase).map { Unmanaged.passRetained($0) }
            analysed = true
        }
        guard let prefilter else { return true }
        return prefilter._withUnsafeGuaranteedRef { $0.admits(text) }
    }

    /// True when the pattern matches somewhere in `text` (input line `number`, for the messages).
    func matches(_ text: UnsafeBufferPointer<UInt8>, line number: Int) throws(Rejection) -> Bool {
        if compiled == nil { try compile() }
        do { return try compiled!.matches(text) } catch {
            throw Rejection(gaveUp: error, line: number)
        }
    }

    /// The ICU regex (for the rare questions beyond `matches`: groups and their ranges).
    func regex() throws(Rejection) -> ICURegex {
        if compiled == nil { try compile() }
        return compiled!
    }

    /// Compiles the regex (or clones this process's compiled copy), the first time it is needed. The rules
    /// loader compiles every pattern of a user's rules file once, to report errors before any document.
    private func compile() throws(Rejection) {
        do { compiled = try ICURegex(pattern, caseInsensitive: ignoreCase, timeLimit: regexTimeLimit) } catch {
            throw Rejection(.internalError, "pattern /\(pattern)/ does not compile: \(error)")
        }
    }
}

/// `regex`: one of the patterns matches somewhere in the line.
final class RegexCheck: LineCheck {
    private let list: FixedList<CompiledPattern>
    var patterns: [CompiledPattern] { list.elements }
    override var cost: Int { 5 }

    init(_ patterns: [String], ignoreCase: Bool) {
        self.list = FixedList(patterns.map { CompiledPattern($0, ignoreCase: ignoreCase) })
        super.init()
    }

    deinit { list.deallocate() }

    override func holds(_ lines: LineTexts, at index: Int) throws(Rejection) -> Bool {
        let text = lines.bytes(index)
        for position in list.indices {
            let found = try list.with(position) { (pattern) throws(Rejection) -> Bool in
                if !pattern.admits(text) { return false }
                return try pattern.matches(text, line: lines[index].number)
            }
            if found { return true }
        }
        return false
    }
}

/// `keywords`: a token of the line is one of the keywords, however disguised; `edge_keywords`: the first or
/// the last token is, and only those two are read.
final class KeywordCheck: LineCheck {
    let matcher: KeywordMatcher
    let edgesOnly: Bool
    override var cost: Int { edgesOnly ? 2 : 4 }

    init(_ keywords: [String], edgesOnly: Bool, folder: TokenFolder) throws(Rejection) {
        do { matcher = try KeywordMatcher(keywords: keywords, folder: folder) } catch {
            throw Rejection(.internalError, error.description)
        }
        self.edgesOnly = edgesOnly
        super.init()
    }

    override func holds(_ lines: LineTexts, at index: Int) throws(Rejection) -> Bool {
        let bytes = lines.bytes(index)
        do {
            guard edgesOnly else { return try matcher.matches(bytes) }
            var firstEnd = 0
            while firstEnd < bytes.count && bytes[firstEnd] != 0x20 { firstEnd += 1 }
            var lastStart = bytes.count
            while lastStart > firstEnd && bytes[lastStart - 1] != 0x20 { lastStart -= 1 }
            if try matcher.matches(UnsafeBufferPointer(rebasing: bytes[0..<firstEnd])) { return true }
            guard lastStart > firstEnd else { return false }
            return try matcher.matches(UnsafeBufferPointer(rebasing: bytes[lastStart...]))
        } catch {
            throw Rejection(.internalError, error.description, line: lines[index].number)
        }
    }
}

/// `exact`: the whole line is one of the given lines, ignoring case.
final class ExactCheck: LineCheck {
    let lines: Set<String>
    /// The byte counts of the entries, as written and lower-cased: a line of another length is none of them
    /// (lower-casing keeps the byte count of nearly every letter; a line written as its entry is, keeps it too).
    let lengths: Set<Int>
    override var cost: Int { 2 }

    init(_ lines: [String]) {
        self.lines = Set(lines.map { $0.lowercased() })
        self.lengths = Set(lines.map(\.utf8.count) + lines.map { $0.lowercased().utf8.count })
    }

    override func holds(_ lines: LineTexts, at index: Int) -> Bool {
        lengths.contains(lines.bytes(index).count) && self.lines.contains(lines.string(index).lowercased())
    }
}

/// `contains`: the line holds one of the strings.
final class ContainsCheck: LineCheck {
    let needles: NeedleSet
    override var cost: Int { 1 }
    init(_ needles: [String]) { self.needles = NeedleSet(needles.map { Array($0.utf8) }); super.init() }
    override func holds(_ lines: LineTexts, at index: Int) -> Bool { needles.found(in: lines.bytes(index)) }
}

/// Byte strings to look for in a line, each found by the byte of it that is rarest in news text.
///
/// Searching for a needle's first byte is slow in Vietnamese: "Ảnh" starts with 0xE1, the lead byte of
/// most Vietnamese letters. Each needle is searched for by its least common byte instead (punctuation such
/// as ':' and capitals before lower-case letters, lead bytes and spaces), with memchr, and checked around
/// each hit.
struct NeedleSet: Sendable {
    /// The needles grouped by the byte they are searched by, with each needle's offset of that byte.
    private let groups: [(anchor: UInt8, needles: [(bytes: [UInt8], offset: Int)])]
    /// The needles, in the order given.
    let strings: [[UInt8]]

    /// `memchrGroups`: see ``memchrGroups`` (tests set it to try both searches on the same needles).
    init(_ needles: [[UInt8]], memchrGroups: Int = NeedleSet.memchrGroups) {
        strings = needles.filter { !$0.isEmpty }
        var groups: [(anchor: UInt8, needles: [(bytes: [UInt8], offset: Int)])] = []
        for needle in strings {
            let offset = needle.indices.min { Self.commonness(needle[$0]) < Self.commonness(needle[$1]) }!
            if let group = groups.firstIndex(where: { $0.anchor == needle[offset] }) {
                groups[group].needles.append((needle, offset))
            } else {
                groups.append((needle[offset], [(needle, offset)]))
            }
        }
        self.groups = groups
        if groups.count > memchrGroups {
            var table = [UInt8](repeating: 0, count: 256)
            for (number, group) in groups.enumerated() { table[Int(group.anchor)] = UInt8(number + 1) }
            anchorTable = table
        } else {
            anchorTable = nil
        }
    }

    /// Up to this many anchor bytes, one memchr pass each; past it, one pass over the haystack that looks every
    /// byte up in ``anchorTable``. A brand list of thirty names has about twenty anchors; counted with callgrind
    /// on 400 records of the bench corpus, 4 or 16 here do about as well as 8, and 2 worse.
    static let memchrGroups = 8
    /// Per byte value: 1 + the index of the group it anchors, or 0. Nil when the needles have few anchors.
    private let anchorTable: [UInt8]?
    /// Whether the needles are looked for in one pass over the haystack rather than by memchr.
    var searchesInOnePass: Bool { anchorTable != nil }

    func found(in text: String) -> Bool {
        var text = text
        return text.withUTF8 { found(in: $0) }
    }

    /// One memchr pass per anchor byte (or one table pass for many); at each hit, every needle with that anchor is
    /// compared around it.
    func found(in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = haystack.baseAddress else { return false }
        let count = haystack.count
        if let anchorTable {
            return anchorTable.withUnsafeBufferPointer { table in
                for at in 0..<count {
                    let group = Int(table[Int(base[at])])
                    if group != 0 && Self.anyNeedle(groups[group - 1].needles, at: at, in: haystack) { return true }
                }
                return false
            }
        }
        for (anchor, needles) in groups {
            var position = 0
            while position < count {
                guard let hit = memchr(base + position, Int32(anchor), count - position) else { break }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if Self.anyNeedle(needles, at: at, in: haystack) { return true }
                position = at + 1
            }
        }
        return false
    }

    /// Whether one of `needles` (each with the offset of its anchor byte) stands in `haystack` with its anchor at `at`.
    @inline(__always) private static func anyNeedle(_ needles: [(bytes: [UInt8], offset: Int)], at: Int,
                                                    in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        let base = haystack.baseAddress!, count = haystack.count
        for (needle, offset) in needles where at >= offset && at - offset + needle.count <= count {
            if needle.withUnsafeBufferPointer({ memcmp(base + at - offset, $0.baseAddress!, needle.count) }) == 0 { return true }
        }
        return false
    }

    /// How often a byte turns up in news text, per million bytes: the mean of 20 MB of Vietnamese news (the
    /// benchmark corpus, from ../shared/corpus) and 4 MB of whole pages in English, German and 25 other
    /// languages (../shared/devset/docs/auto-*), counted at stop 41; 1 for bytes not seen. A needle is searched
    /// by its rarest byte: "f" (5,328) rather than "n" (59,943) in "freespins", since every hit of the anchor
    /// costs a comparison, and the common letters of a Vietnamese line hit many times.
    private static func commonness(_ byte: UInt8) -> Int { frequencies[Int(byte)] }

    private static let frequencies: [Int] = [
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 21124, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        141827, 90, 702, 25, 41, 100, 208, 524, 758, 780, 55, 72, 7305, 1813, 6445, 641,
        2570, 2061, 2314, 878, 736, 882, 643, 582, 488, 561, 1137, 213, 9, 14, 21, 211,
        28, 2517, 2126, 2521, 1716, 1420, 1272, 1248, 1784, 1556, 502, 1233, 1603, 2418, 2557, 700,
        2221, 357, 1296, 3249, 4267, 923, 1349, 1052, 246, 281, 305, 47, 1, 46, 1, 110,
        1, 34593, 8131, 26111, 15000, 47727, 5328, 22813, 36606, 41672, 650, 7209, 19043, 14900, 59943, 26931,
        9776, 1558, 29043, 24881, 42643, 19243, 7898, 4395, 1842, 8123, 1993, 27, 90, 27, 7, 1,
        2911, 2823, 1164, 3354, 479, 628, 231, 2522, 417, 691, 269, 1748, 409, 1131, 138, 577,
        989, 8527, 136, 1042, 501, 1045, 308, 488, 280, 2819, 253, 1931, 997, 2345, 283, 1302,
        6547, 8383, 1726, 4641, 1164, 2925, 363, 3020, 408, 2702, 2384, 1044, 1364, 3184, 330, 1697,
        5042, 1783, 816, 2450, 2807, 480, 468, 738, 661, 1217, 14818, 26477, 1222, 1099, 529, 2557,
        1, 1, 731, 27175, 9036, 674, 5552, 1, 1, 1, 1, 1, 20, 1, 19, 1,
        1827, 726, 1, 1, 1, 1, 1, 8, 525, 382, 1, 3, 1, 1, 1, 1,
        433, 39575, 2272, 2504, 486, 1311, 925, 651, 532, 422, 163, 391, 570, 159, 12, 143,
        3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ]
}

/// `chars`: the line's length in characters.
final class CharsCheck: LineCheck {
    let bounds: IntBounds
    override var cost: Int { 2 }
    init(_ bounds: IntBounds) { self.bounds = bounds; super.init() }
    override func holds(_ lines: LineTexts, at index: Int) -> Bool { LineMatcher.scalarCount(of: lines.bytes(index), isIn: bounds) }
}

/// `indent`: leading white space of the input line.
final class IndentCheck: LineCheck {
    let bounds: IntBounds
    override var cost: Int { 0 }
    init(_ bounds: IntBounds) { self.bounds = bounds; super.init() }
    override func holds(_ lines: LineTexts, at index: Int) -> Bool { bounds.contains(lines[index].indent) }
}

/// `letter_ratio`: letters as a share of the characters that are not spaces.
final class LetterRatioCheck: LineCheck {
    let bounds: DoubleBounds
    override var cost: Int { 2 }
    init(_ bounds: DoubleBounds) { self.bounds = bounds; super.init() }
    override func holds(_ lines: LineTexts, at index: Int) -> Bool { bounds.contains(LineShape.letterRatio(lines.string(index))) }
}

/// `capitalized`: every word with a letter starts with a capital (or, when false, not so).
final class CapitalizedCheck: LineCheck {
    let flag: Bool
    override var cost: Int { 2 }
    init(_ flag: Bool) { self.flag = flag; super.init() }
    override func holds(_ lines: LineTexts, at index: Int) -> Bool { LineShape.isCapitalized(lines.string(index)) == flag }
}

/// `all_caps`: no lower-case letter (or, when false, some).
final class AllCapsCheck: LineCheck {
    let flag: Bool
    override var cost: Int { 2 }
    init(_ flag: Bool) { self.flag = flag; super.init() }
    override func holds(_ lines: LineTexts, at index: Int) -> Bool { LineShape.isAllCaps(lines.string(index)) == flag }
}

/// `doubled`: the line is one text of two words or more written twice, glued or one space apart.
final class DoubledCheck: LineCheck {
    let flag: Bool
    override var cost: Int { 1 }
    init(_ flag: Bool) { self.flag = flag; super.init() }
    override func holds(_ lines: LineTexts, at index: Int) -> Bool { Self.isDoubled(lines.bytes(index)) == flag }

    /// Whether `bytes` (UTF-8), without the spaces around them, are one text twice: glued ("Sponsored LinksSponsored
    /// Links") or one space apart ("Tổ chức Tổ chức"), the text holding a space (two words or more).
    static func isDoubled(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
        guard let length = LineShape.repeatedEnds(text, shortest: max(3, text.count / 2)) else { return false }
        return text[..<length].contains(0x20)
    }
}

/// `blank_after`: blank lines between this line and the next (the end of the document counts as many).
final class BlankAfterCheck: LineCheck {
    let bounds: IntBounds
    override var cost: Int { 0 }
    init(_ bounds: IntBounds) { self.bounds = bounds; super.init() }
    override func holds(_ lines: LineTexts, at index: Int) -> Bool {
        bounds.contains(index + 1 < lines.count ? lines[index + 1].blankLinesBefore : Int.max / 2)
    }
}

/// `blank_before`: blank lines between the previous line and this one.
final class BlankBeforeCheck: LineCheck {
    let bounds: IntBounds
    override var cost: Int { 0 }
    init(_ bounds: IntBounds) { self.bounds = bounds; super.init() }
    override func holds(_ lines: LineTexts, at index: Int) -> Bool { bounds.contains(lines[index].blankLinesBefore) }
}

/// `previous` and `next`: the neighbouring line matches (there must be one).
final class NeighbourCheck: LineCheck {
    let offset: Int
    let matcher: LineMatcher
    override var cost: Int { 1 + matcher.cost }
    init(offset: Int, _ matcher: LineMatcher) {
        self.offset = offset
        self.matcher = matcher
    }

    override func holds(_ lines: LineTexts, at index: Int) throws(Rejection) -> Bool {
        let neighbour = index + offset
        return lines.indices.contains(neighbour) ? try matcher.matches(lines, at: neighbour) : false
    }
}

/// `not`: the matcher does not hold.
final class NotCheck: LineCheck {
    let matcher: LineMatcher
    override var cost: Int { 1 + matcher.cost }
    init(_ matcher: LineMatcher) { self.matcher = matcher; super.init() }
    override func holds(_ lines: LineTexts, at index: Int) throws(Rejection) -> Bool { try !matcher.matches(lines, at: index) }
}

/// `any`: one of the matchers holds.
final class AnyCheck: LineCheck {
    private let options: FixedList<LineMatcher>
    private let dearest: Int
    override var cost: Int { 1 + dearest }
    init(_ options: [LineMatcher]) {
        self.options = FixedList(options)
        self.dearest = options.map(\.cost).max() ?? 0
        super.init()
    }

    deinit { options.deallocate() }

    override func holds(_ lines: LineTexts, at index: Int) throws(Rejection) -> Bool {
        for position in options.indices {
            if try options.with(position, { (option) throws(Rejection) in try option.matches(lines, at: index) }) { return true }
        }
        return false
    }
}

/// A list of objects fixed when its owner is made and read for every line: its elements are called through
/// references that are not retained for each call (an array stored in a class is retained for every loop over
/// it, and each element for every call). The list keeps its elements alive; its owner frees it in `deinit`.
struct FixedList<Element: AnyObject> {
    /// The elements, held (and kept alive) as an ordinary array too.
    let elements: [Element]
    private let buffer: UnsafeMutableBufferPointer<Unmanaged<Element>>

    init(_ elements: [Element]) {
        self.elements = elements
        buffer = .allocate(capacity: elements.count)
        _ = buffer.initialize(from: elements.map { Unmanaged.passUnretained($0) })
    }

    var indices: Range<Int> { 0..<buffer.count }

    /// Runs `body` with the element at `position`, which the list keeps alive meanwhile.
    @inline(__always)
    func with<R, E: Error>(_ position: Int, _ body: (Element) throws(E) -> R) throws(E) -> R {
        // The standard library's call rethrows untyped: the typed error comes out as a result.
        let result = buffer[position]._withUnsafeGuaranteedRef { element in Result { () throws(E) -> R in try body(element) } }
        return try result.get()
    }

    func deallocate() {
        buffer.deallocate()
    }
}
extension Rejection {
    /// A document whose line `number` a pattern gave up on (time limit or backtracking stack): whether the rule
    /// applies is unknown, so the document is rejected rather than cleaned as if it did not.
    init(gaveUp error: RegexTimeout, line number: Int) {
        switch error.limit {
        case .time: self.init(.regexTimeout, Message.timeLimit(error.pattern), line: number)
        case .stack: self.init(.regexStackOverflow, Message.stackFull(error.pattern), line: number)
        }
    }

    enum Message {
        static func timeLimit(_ pattern: String) -> String { "pattern /\(pattern)/ ran past its time limit" }
        static func stackFull(_ pattern: String) -> String {
            "pattern /\(pattern)/ filled ICU's backtracking stack on this line (too long for it): "
                + "make the pattern match less per character (a possessive *+ or an atomic group (?>...)), or split the line"
        }
    }
}
