import Synchronization
import WinnowICU

/// Cheap necessary conditions for a regular expression to match a line, checked before ICU is asked:
/// - the characters a match anchored at the start of the line (`^...`) can begin with, and those a match
///   anchored at the end (`...$`) can end with;
/// - for a pattern anchored at both ends, the most characters a match can have;
/// - text every match contains, one of a few literal strings ("sub-site-" in `\bsub-site-\d+`);
/// - a number character, when every match holds one (`\p{Ll}+\d+`, or through a lookahead `(?=\S*\d)`).
///
/// Most rule patterns are anchored, and most lines start with a character no pattern of a rule can start
/// with, so this skips most regex calls. The analysis reads the ICU pattern syntax and is conservative: what
/// it does not understand (back references, nested classes, `\Q...\E`, free spacing) gives no prefilter at all,
/// and zero-width assertions are ignored (ignoring one only widens the sets). When some part of a pattern
/// ignores case, characters are compared as ICU compares them, case-folded (ICU's full case folding): the
/// pattern's sets hold their members' foldings and the line's characters are folded before they are looked
/// up ("Đọc" and "ĐỌC" both start "đọ"; the Kelvin sign is "k"). A line character that folds to several
/// ("ß" -> "ss") is not judged; a pattern character that does turns off the pair and length checks. Such
/// patterns get a required-text check only when the text is ASCII: it is looked for with the line's ASCII
/// letters made small, and a line with a character that folds to ASCII letters is not judged.
final class RegexPrefilter: Sendable {
    /// Characters a match can start with, when the pattern is anchored at the start; nil when it is not.
    let first: ScalarSet?
    /// Characters a match can end with, when the pattern is anchored at the end; nil when it is not.
    let last: ScalarSet?
    /// For a pattern anchored at the start whose alternatives begin with few distinct characters: the first
    /// two characters a line can start with ("In", "Bả", "Gử" for `^(?:In|Bản in|Gửi bài)`), as
    /// `first << 32 | second`, and the single characters after which anything may follow.
    let startPairs: Set<UInt64>?
    let startSingles: Set<UInt32>
    /// The same a character further, where the pattern's starts are known that far ("Vie" against "Việt" for
    /// `^(?:View comments|Video)`, which the pairs admit): the first three characters as ``tripleKey(_:_:_:)``,
    /// and the starts of one or two characters after which anything may follow. Nil when no start is known to
    /// three characters.
    let startTriples: Set<UInt64>?
    let tripleSingles: Set<UInt32>
    let tripleDoubles: Set<UInt64>
    /// The longest line (in Unicode scalars) a pattern anchored at both ends can match.
    let maxScalars: Int?
    /// UTF-8 strings of which every match contains at least one.
    let required: NeedleSet?
    /// For a pattern that ignores case: the ASCII strings of which every match contains one, in small letters,
    /// looked for in the line with its ASCII letters made small ("photo" in "PHOTO: AP"). A line with a
    /// character whose case folding gives ASCII letters ("ß", "ﬁ", the Kelvin sign) is not judged. Nil when a
    /// required string goes beyond ASCII.
    let foldedRequired: NeedleSet?
    /// Every match holds a number character ("thientai1", "ảnh 1", a date): a line without one cannot match.
    let requiresNumber: Bool
    /// Whether a number is all this prefilter asks: the pattern is still tried at every position of each line
    /// with a digit (what `winnow lint` warns about).
    let asksOnlyForANumber: Bool
    /// For a pattern that ignores case: ICU's case foldings, applied to the line's characters before the
    /// first, pair and last checks. Nil when case matters.
    private let folds: CaseFolding?

    /// The prefilter for `pattern`, analysed once per process: every worker's rules ask for the same patterns,
    /// and the result is immutable.
    static func shared(pattern: String, ignoreCase: Bool) -> RegexPrefilter? {
        let key = (ignoreCase ? "i:" : "-:") + pattern
        if let known = analysed.withLock({ $0[key] }) { return known }
        let prefilter = RegexPrefilter(pattern: pattern, ignoreCase: ignoreCase)
        analysed.withLock { $0[key] = .some(prefilter) }
        return prefilter
    }

    private static let analysed = Mutex<[String: RegexPrefilter?]>([:])

    /// The prefilter for `pattern`, or nil when none of the conditions can be found: the pattern is not
    /// anchored, has no required text, can match an empty line, or uses syntax the analysis does not follow.
    init?(pattern: String, ignoreCase: Bool) {
        var parser = PatternParser(pattern: pattern, ignoreCase: ignoreCase)
        guard let tree = try? parser.parse(), !tree.isNullable else { return nil }
        let folds = parser.sawIgnoreCase ? CaseFolding.shared : nil
        func folded(_ set: ScalarSet) -> ScalarSet { folds.map { set.folded(with: $0) } ?? set }
        // As `admits` looks them up (a pattern character that folds to several turns the pairs off).
        func lookupKey(_ value: UInt32) -> UInt32 { folds?.single(value) ?? value }
        let first = tree.isStartAnchored ? folded(tree.firstSet) : nil
        var pairs: Set<UInt64>?
        var singles: Set<UInt32> = []
        // A pattern character that folds to several ("ß") can stand for several line characters ("ss"): then
        // the first two line characters and the line's length say nothing.
        if tree.isStartAnchored, !parser.sawExpandingFold, let prefixes = tree.prefixes(),
           !prefixes.contains(where: \.scalars.isEmpty) {
            pairs = []
            for prefix in prefixes {
                if prefix.scalars.count == 1 { singles.insert(lookupKey(prefix.scalars[0])) }
                else { pairs!.insert(UInt64(lookupKey(prefix.scalars[0])) << 32 | UInt64(lookupKey(prefix.scalars[1]))) }
            }
        }
        self.startPairs = pairs
        self.startSingles = singles
        var triples: Set<UInt64>?
        var tripleSingles: Set<UInt32> = [], tripleDoubles: Set<UInt64> = []
        if tree.isStartAnchored, !parser.sawExpandingFold, let prefixes = tree.prefixes(depth: 3),
           !prefixes.contains(where: \.scalars.isEmpty) {
            var found: Set<UInt64> = []
            for prefix in prefixes {
                let keys = prefix.scalars.map(lookupKey)
                switch keys.count {
                case 1: tripleSingles.insert(keys[0])
                case 2: tripleDoubles.insert(UInt64(keys[0]) << 32 | UInt64(keys[1]))
                default: found.insert(Self.tripleKey(keys[0], keys[1], keys[2]))
                }
            }
            if !found.isEmpty { triples = found }
        }
        self.startTriples = triples
        self.tripleSingles = tripleSingles
        self.tripleDoubles = tripleDoubles
        let last = tree.isEndAnchored ? folded(tree.lastSet) : nil
        let maxScalars = tree.isStartAnchored && tree.isEndAnchored && !parser.sawExpandingFold ? tree.maxLength : nil
        let required = folds != nil ? nil : tree.requiredText.map { NeedleSet($0.map { Array(String(String.UnicodeScalarView($0)).utf8) }) }
        let foldedRequired = folds == nil ? nil : tree.requiredText.flatMap { strings -> NeedleSet? in
            let needles = strings.map { Array(String(String.UnicodeScalarView($0)).utf8) }
            guard needles.allSatisfy({ $0.allSatisfy { $0 < 0x80 } }) else { return nil }
            return NeedleSet(needles.map { $0.map(Self.smallASCII) })
        }
        let requiresNumber = tree.requiresNumber
        // An anchor, a length or text every match holds narrows where the pattern is tried, not only which lines.
        let narrows = first != nil || last != nil || maxScalars != nil || required != nil || foldedRequired != nil || pairs != nil
        guard narrows || requiresNumber else { return nil }
        self.foldedRequired = foldedRequired
        self.requiresNumber = requiresNumber
        self.asksOnlyForANumber = !narrows
        self.first = first
        self.last = last
        self.maxScalars = maxScalars
        self.required = required
        self.folds = folds
    }

    /// `value` as the checks compare it: case-folded when the pattern ignores case; nil for a character that
    /// folds to several, which the checks do not judge.
    @inline(__always) private func key(_ value: UInt32) -> UInt32? {
        guard let folds else { return value }
        return folds.single(value)
    }

    /// False only when no match is possible in `text`. Reads the UTF-8 in place: it runs on every line.
    func admits(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { admits($0) }
    }

    /// ``admits(_:)-string`` on UTF-8 (valid UTF-8), read in place.
    func admits(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return true }
        let (rawFirst, next) = UTF8Scalars.scalar(in: bytes, at: 0)
        if let firstScalar = key(rawFirst) {
            if let first, !first.contains(firstScalar) { return false }
            if let startPairs, !startSingles.contains(firstScalar) {
                guard next < bytes.count else { return false }
                if let second = key(UTF8Scalars.scalar(in: bytes, at: next).value),
                   !startPairs.contains(UInt64(firstScalar) << 32 | UInt64(second)) { return false }
            }
            if let startTriples, !mayStartMatch(bytes, firstScalar, next, startTriples) { return false }
        }
        if let last {
            var start = bytes.count - 1
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let value = UTF8Scalars.scalar(in: bytes, at: start).value
            if !Self.isLineTerminator(value), let folded = key(value), !last.contains(folded) { return false }
        }
        // One more than a match can hold: `$` may stand before a final line terminator.
        if let maxScalars, bytes.count > maxScalars + 1 {
            if bytes.count > 4 * (maxScalars + 1) { return false }
            if UTF8Scalars.count(in: bytes) > maxScalars + 1 { return false }
        }
        if requiresNumber && !Self.hasNumber(bytes) { return false }
        if let required, !required.found(in: bytes) { return false }
        if let foldedRequired, !Self.mayHold(foldedRequired, ignoringCase: bytes) { return false }
        return true
    }

    @inline(__always) static func smallASCII(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// Whether `bytes`, their ASCII letters made small, hold one of `needles` (small ASCII), or hold a character
    /// whose full case folding has ASCII letters, which ICU may match to them: "ß" (U+00DF), "İ" (U+0130), "ŉ"
    /// (U+0149), "ſ" (U+017F), "ǰ" (U+01F0), U+1E96-U+1E9A, "ẞ" (U+1E9E), the Kelvin sign (U+212A) and the Latin
    /// ligatures U+FB00-U+FB06.
    static func mayHold(_ needles: NeedleSet, ignoringCase bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { small in
            let count = bytes.count
            var index = 0
            while index < count {
                let byte = bytes[index]
                small[index] = smallASCII(byte)
                if byte >= 0xC3 && foldsToASCII(bytes, at: index) { return true }
                index += 1
            }
            return needles.found(in: UnsafeBufferPointer(small))
        }
    }

    /// Whether the character whose UTF-8 starts at `index` is one of those ``mayHold(_:ignoringCase:)`` names.
    @inline(__always) private static func foldsToASCII(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let count = bytes.count
        guard index + 1 < count else { return false }
        let second = bytes[index + 1]
        switch bytes[index] {
        case 0xC3: return second == 0x9F
        case 0xC4: return second == 0xB0
        case 0xC5: return second == 0x89 || second == 0xBF
        case 0xC7: return second == 0xB0
        case 0xE1: return index + 2 < count && second == 0xBA && ((0x96...0x9A).contains(bytes[index + 2]) || bytes[index + 2] == 0x9E)
        case 0xE2: return index + 2 < count && second == 0x84 && bytes[index + 2] == 0xAA
        case 0xEF: return index + 2 < count && second == 0xAC && (0x80...0x86).contains(bytes[index + 2])
        default: return false
        }
    }

    /// Whether the line holds a number character: an ASCII digit, or a character beyond ASCII with a numeric
    /// value ("²", "½", "٣", "５"). Vietnamese letters and combining marks are passed over without a lookup.
    static func hasNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte >= 0x30 && byte <= 0x39 { return true }
                index += 1
                continue
            }
            let value = UTF8Scalars.next(in: bytes, at: &index)
            if (0xC0...0x24F).contains(value) || (0x300...0x36F).contains(value) || (0x1E00...0x1EFF).contains(value) { continue }
            if Unicode.Scalar(value)?.properties.numericType != nil { return true }
        }
        return false
    }

    /// The key of a three-character start in ``startTriples`` (scalar values take 21 bits).
    static func tripleKey(_ first: UInt32, _ second: UInt32, _ third: UInt32) -> UInt64 {
        UInt64(first) << 42 | UInt64(second) << 21 | UInt64(third)
    }

    /// False only when the line's first three characters (the first, `firstScalar`, already read and folded;
    /// the second at byte `next`) start no match.
    private func mayStartMatch(_ bytes: UnsafeBufferPointer<UInt8>, _ firstScalar: UInt32, _ next: Int,
                              _ triples: Set<UInt64>) -> Bool {
        if tripleSingles.contains(firstScalar) { return true }
        guard next < bytes.count else { return false }
        let (rawSecond, secondLength) = UTF8Scalars.scalar(in: bytes, at: next)
        guard let second = key(rawSecond) else { return true }
        if tripleDoubles.contains(UInt64(firstScalar) << 32 | UInt64(second)) { return true }
        let thirdStart = next + secondLength
        guard thirdStart < bytes.count else { return false }
        guard let third = key(UTF8Scalars.scalar(in: bytes, at: thirdStart).value) else { return true }
        return triples.contains(Self.tripleKey(firstScalar, second, third))
    }

    /// ICU's `$` also matches before a line terminator that ends the input: such a line gets no end check.
    private static func isLineTerminator(_ value: UInt32) -> Bool {
        (0x0A...0x0D).contains(value) || value == 0x85 || value == 0x2028 || value == 0x2029
    }
}

/// A set of Unicode scalars: ASCII exactly, other scalars listed or all of them.
struct ScalarSet: Sendable, Equatable {
    private var ascii: (UInt64, UInt64) = (0, 0)
    fileprivate var others: Set<UInt32> = []
    private(set) var allNonASCII = false
    /// Every member is a number character: ASCII digits, or a class of numbers (`\d`, `\p{N}`, `\p{Nd}`) whose
    /// non-ASCII members this set does not list (``markNumbers()``).
    private(set) var numbersOnly = true

    static var everything: ScalarSet {
        var set = ScalarSet()
        set.ascii = (.max, .max)
        set.allNonASCII = true
        set.numbersOnly = false
        return set
    }

    static func == (lhs: ScalarSet, rhs: ScalarSet) -> Bool {
        lhs.ascii == rhs.ascii && lhs.others == rhs.others && lhs.allNonASCII == rhs.allNonASCII && lhs.numbersOnly == rhs.numbersOnly
    }

    /// Says that the set is a class of numbers: its ASCII members are digits and the non-ASCII ones it admits
    /// stand for the numbers beyond ASCII.
    mutating func markNumbers() {
        numbersOnly = ascii.1 == 0 && ascii.0 & ~(UInt64(0x3FF) << 0x30) == 0
    }

    func contains(_ value: UInt32) -> Bool {
        if value < 64 { return ascii.0 & (1 << UInt64(value)) != 0 }
        if value < 128 { return ascii.1 & (1 << UInt64(value - 64)) != 0 }
        return allNonASCII || others.contains(value)
    }

    mutating func insert(_ value: UInt32) {
        if !(0x30...0x39).contains(value) { numbersOnly = false }
        if value < 64 { ascii.0 |= 1 << UInt64(value) }
        else if value < 128 { ascii.1 |= 1 << UInt64(value - 64) }
        else if !allNonASCII { others.insert(value) }
    }

    mutating func insertRange(_ range: ClosedRange<UInt32>) {
        if range.lowerBound < 128 { for value in range.lowerBound...min(range.upperBound, 127) { insert(value) } }
        guard range.upperBound >= 128 else { return }
        let low = max(range.lowerBound, 128)
        if range.upperBound - low > 512 { insertAllNonASCII() } else { for value in low...range.upperBound { insert(value) } }
    }

    mutating func insertAllNonASCII() {
        allNonASCII = true
        others = []
        numbersOnly = false
    }

    /// The set with each member's case folding added (capital ASCII letters add small ones).
    func folded(with folds: CaseFolding) -> ScalarSet {
        var result = self
        result.ascii.1 |= (ascii.1 & 0x7FF_FFFE) << 32   // 'A'...'Z' are bits 1...26 of the high word; 'a' is bit 33
        for member in others { for scalar in folds.scalars(of: member) { result.insert(scalar) } }
        return result
    }

    mutating func formUnion(_ other: ScalarSet) {
        numbersOnly = numbersOnly && other.numbersOnly
        ascii.0 |= other.ascii.0
        ascii.1 |= other.ascii.1
        if other.allNonASCII { insertAllNonASCII() } else if !allNonASCII { others.formUnion(other.others) }
    }
}

/// The shape of a pattern, as far as first and last characters go.
private indirect enum PatternNode {
    /// One character from the set.
    case characters(ScalarSet)
    /// `^`: the start of the line.
    case start
    /// `$`: the end of the line.
    case end
    /// A zero-width assertion (`\b`, lookaround) or a comment: consumes nothing, and is ignored, but for what a
    /// lookahead says the line holds: `(?=\S*\d)` needs a number ahead (`aheadNeedsNumber`).
    case assertion(aheadNeedsNumber: Bool)

    /// An assertion that says nothing of the line.
    static var zeroWidth: PatternNode { .assertion(aheadNeedsNumber: false) }
    case sequence([PatternNode])
    case alternation([PatternNode])
    case repetition(PatternNode, min: Int, max: Int?)

    var isNullable: Bool {
        switch self {
        case .characters: false
        case .start, .end, .assertion: true
        case .sequence(let items): items.allSatisfy(\.isNullable)
        case .alternation(let options): options.contains { $0.isNullable }
        case .repetition(let item, let min, _): min == 0 || item.isNullable
        }
    }

    var firstSet: ScalarSet { boundarySet(fromStart: true) }
    var lastSet: ScalarSet { boundarySet(fromStart: false) }

    private func boundarySet(fromStart: Bool) -> ScalarSet {
        switch self {
        case .characters(let set): return set
        case .start, .end, .assertion: return ScalarSet()
        case .sequence(let items):
            var set = ScalarSet()
            for item in fromStart ? items : items.reversed() {
                set.formUnion(item.boundarySet(fromStart: fromStart))
                if !item.isNullable { break }
            }
            return set
        case .alternation(let options):
            var set = ScalarSet()
            for option in options { set.formUnion(option.boundarySet(fromStart: fromStart)) }
            return set
        case .repetition(let item, _, _): return item.boundarySet(fromStart: fromStart)
        }
    }

    /// The start of a match: its first characters, and whether more may follow that are not listed (`open`).
    struct Prefix: Hashable {
        var scalars: [UInt32]
        var open: Bool
    }

    /// Every way a match can start, up to `depth` characters; nil when a part has too many characters to
    /// list (a large class, a case-insensitive letter) before anything is known.
    func prefixes(depth: Int = 2, limit: Int = 256) -> Set<Prefix>? {
        switch self {
        case .characters(let set):
            guard let members = set.smallMembers else { return nil }
            return Set(members.map { Prefix(scalars: [$0], open: false) })
        case .start, .end, .assertion:
            return [Prefix(scalars: [], open: false)]
        case .alternation(let options):
            var union: Set<Prefix> = []
            for option in options {
                guard let prefixes = option.prefixes(depth: depth, limit: limit) else { return nil }
                union.formUnion(prefixes)
            }
            return union.count <= limit ? union : nil
        case .repetition(let item, let min, let max):
            guard var prefixes = item.prefixes(depth: depth, limit: limit) else { return nil }
            // After one pass more passes may follow: what comes after is not known.
            if max != 1 { prefixes = Set(prefixes.map { Prefix(scalars: $0.scalars, open: true) }) }
            if min == 0 { prefixes.insert(Prefix(scalars: [], open: false)) }
            return prefixes
        case .sequence(let items):
            var result: Set<Prefix> = [Prefix(scalars: [], open: false)]
            for item in items {
                let growing = result.filter { !$0.open && $0.scalars.count < depth }
                if growing.isEmpty { break }
                guard let next = item.prefixes(depth: depth, limit: limit) else {
                    return Set(result.map { Prefix(scalars: $0.scalars, open: true) })
                }
                var extended = result.subtracting(growing)
                for start in growing {
                    for continuation in next {
                        let scalars = start.scalars + continuation.scalars
                        extended.insert(scalars.count >= depth ? Prefix(scalars: Array(scalars.prefix(depth)), open: true)
                                                               : Prefix(scalars: scalars, open: continuation.open))
                    }
                }
                if extended.count > limit { return Set(result.map { Prefix(scalars: $0.scalars, open: true) }) }
                result = extended
            }
            return result
        }
    }

    /// The most characters a match can take, or nil when there is no bound.
    var maxLength: Int? {
        switch self {
        case .characters: return 1
        case .start, .end, .assertion: return 0
        case .sequence(let items):
            var total = 0
            for item in items {
                guard let length = item.maxLength else { return nil }
                total += length
            }
            return total
        case .alternation(let options):
            var longest = 0
            for option in options {
                guard let length = option.maxLength else { return nil }
                longest = Swift.max(longest, length)
            }
            return longest
        case .repetition(let item, _, let max):
            guard let max, let length = item.maxLength else { return nil }
            return max * length
        }
    }

    /// Every match holds a number character (a digit: "\d", "[0-9]", "\p{N}").
    var requiresNumber: Bool {
        switch self {
        case .characters(let set): return set.numbersOnly
        case .start, .end: return false
        case .assertion(let aheadNeedsNumber): return aheadNeedsNumber
        case .repetition(let item, let min, _): return min > 0 && item.requiresNumber
        case .alternation(let options): return !options.isEmpty && options.allSatisfy(\.requiresNumber)
        case .sequence(let items): return items.contains(where: \.requiresNumber)
        }
    }

    /// Literal strings (as scalars) of which every match holds one, or nil when the analysis finds none.
    /// Prefers the longest: a run of single characters in a sequence ("sub-site-"), a small character class,
    /// or the union of what every alternative requires.
    var requiredText: [[Unicode.Scalar]]? {
        switch self {
        case .characters(let set):
            guard let members = set.smallMembers else { return nil }
            return members.compactMap { Unicode.Scalar($0) }.map { [$0] }
        case .start, .end, .assertion: return nil
        case .repetition(let item, let min, _): return min > 0 ? item.requiredText : nil
        case .alternation(let options):
            var union: [[Unicode.Scalar]] = []
            for option in options {
                guard let required = option.requiredText else { return nil }
                union += required
            }
            // A memchr pass per distinct anchor byte stays far cheaper than ICU up to a few dozen strings
            // (spam.glued-terms' seventeen needed this: at sixteen its regex ran at every position of every line).
            return union.count <= 32 ? union : nil
        case .sequence(let items):
            var candidates: [[[Unicode.Scalar]]] = []
            var run: [Unicode.Scalar] = []
            for item in items {
                if case .characters(let set) = item, let single = set.single, let scalar = Unicode.Scalar(single) {
                    run.append(scalar)
                    continue
                }
                if case .assertion = item { continue }   // zero-width: the run goes on
                if !run.isEmpty { candidates.append([run]) }
                run = []
                if let required = item.requiredText { candidates.append(required) }
            }
            if !run.isEmpty { candidates.append([run]) }
            // The best candidate has the longest shortest string, then the fewest strings.
            return candidates.max { a, b in
                let shortestA = a.map(\.count).min() ?? 0, shortestB = b.map(\.count).min() ?? 0
                return shortestA != shortestB ? shortestA < shortestB : a.count > b.count
            }
        }
    }

    /// Every match begins at the start of the line.
    var isStartAnchored: Bool { isAnchored(atStart: true) }
    /// Every match ends at the end of the line.
    var isEndAnchored: Bool { isAnchored(atStart: false) }

    private func isAnchored(atStart: Bool) -> Bool {
        switch self {
        case .start: return atStart
        case .end: return !atStart
        case .sequence(let items):
            for item in atStart ? items : items.reversed() {
                if case .assertion = item { continue }
                return item.isAnchored(atStart: atStart)
            }
            return false
        case .alternation(let options): return !options.isEmpty && options.allSatisfy { $0.isAnchored(atStart: atStart) }
        default: return false
        }
    }
}

/// Reads the subset of ICU regular-expression syntax that rules use. Anything else throws, and the pattern
/// gets no prefilter.
private struct PatternParser {
    struct Unsupported: Error {}

    let scalars: [Unicode.Scalar]
    var index = 0
    var ignoreCase: Bool
    /// Some part of the pattern ignores case.
    private(set) var sawIgnoreCase = false
    /// A case-insensitive character of the pattern folds to several ("ß" -> "ss").
    private(set) var sawExpandingFold = false

    init(pattern: String, ignoreCase: Bool) {
        self.scalars = Array(pattern.unicodeScalars)
        self.ignoreCase = ignoreCase
        self.sawIgnoreCase = ignoreCase
    }

    var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func parse() throws(Unsupported) -> PatternNode {
        let tree = try alternation()
        guard index == scalars.count else { throw Unsupported() }
        return tree
    }

    mutating func alternation() throws(Unsupported) -> PatternNode {
        var options = [try sequence()]
        while peek == "|" {
            index += 1
            options.append(try sequence())
        }
        return options.count == 1 ? options[0] : .alternation(options)
    }

    mutating func sequence() throws(Unsupported) -> PatternNode {
        var items: [PatternNode] = []
        while let next = peek, next != "|", next != ")" {
            guard let atom = try atom() else { continue }
            items.append(try quantified(atom))
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    /// The next atom, or nil for an inline flag group such as `(?i)`, which only changes how later atoms read.
    mutating func atom() throws(Unsupported) -> PatternNode? {
        let scalar = scalars[index]
        index += 1
        switch scalar {
        case "(": return try group()
        case "[": return .characters(try characterClass())
        case ".": return .characters(.everything)
        case "^": return .start
        case "$": return .end
        case "\\": return try escape()
        case "*", "+", "?", "{", ")", "]": throw Unsupported()
        default: return .characters(literal(scalar.value))
        }
    }

    mutating func group() throws(Unsupported) -> PatternNode? {
        guard peek == "?" else { return try closeGroup(alternation()) }
        index += 1
        guard let kind = peek else { throw Unsupported() }
        index += 1
        switch kind {
        case ":", ">": return try closeGroup(alternation())
        case "=", "!":
            let inner = try closeGroup(alternation())
            return .assertion(aheadNeedsNumber: kind == "=" && inner.requiresNumber)
        case "#":
            while let next = peek, next != ")" { index += 1 }
            _ = try closeGroup(.zeroWidth)
            return .zeroWidth
        case "<":
            if peek == "=" || peek == "!" {
                index += 1
                _ = try closeGroup(alternation())
                return .zeroWidth
            }
            while let next = peek, next != ">" {
                guard next.properties.isAlphabetic || ("0"..."9").contains(next) else { throw Unsupported() }
                index += 1
            }
            guard peek == ">" else { throw Unsupported() }
            index += 1
            return try closeGroup(alternation())
        default:
            // Flags: (?i) or (?i: ...), possibly with a '-' part. Free spacing (x) changes the syntax: give up.
            index -= 1
            var turningOn = true
            while let next = peek, next != ")" && next != ":" {
                switch next {
                case "-": turningOn = false
                case "i": if turningOn { ignoreCase = true; sawIgnoreCase = true }
                case "s", "w": break   // dot-all and word boundaries: wider or zero-width, nothing to change
                // Multi-line mode (m) lets ^ and $ match inside the text: no anchoring to rely on.
                default: throw Unsupported()
                }
                index += 1
            }
            guard let end = peek else { throw Unsupported() }
            index += 1
            if end == ")" { return nil }
            // A scoped flag group: case-insensitivity is kept for the rest of the pattern (a wider set is safe).
            return try closeGroup(alternation())
        }
    }

    mutating func closeGroup(_ inner: PatternNode) throws(Unsupported) -> PatternNode {
        guard peek == ")" else { throw Unsupported() }
        index += 1
        return inner
    }

    mutating func quantified(_ atom: PatternNode) throws(Unsupported) -> PatternNode {
        var node = atom
        while let next = peek {
            let minimum: Int
            var maximum: Int?
            switch next {
            case "?":
                (minimum, maximum) = (0, 1)
                index += 1
            case "*":
                minimum = 0
                index += 1
            case "+":
                minimum = 1
                index += 1
            case "{":
                index += 1
                guard let low = number() else { throw Unsupported() }
                minimum = low
                maximum = low
                if peek == "," {
                    index += 1
                    maximum = number()
                }
                guard peek == "}" else { throw Unsupported() }
                index += 1
            default:
                return node
            }
            if peek == "?" || peek == "+" { index += 1 }   // lazy or possessive: the same characters
            node = .repetition(node, min: minimum, max: maximum)
        }
        return node
    }

    /// The decimal number at the current position, if there is one.
    mutating func number() -> Int? {
        var digits = ""
        while let digit = peek, ("0"..."9").contains(digit) {
            digits.unicodeScalars.append(digit)
            index += 1
        }
        return Int(digits)
    }

    /// An escape outside a character class.
    mutating func escape() throws(Unsupported) -> PatternNode {
        guard let scalar = peek else { throw Unsupported() }
        switch scalar {
        case "b", "B", "A", "z", "Z", "G":
            index += 1
            return .zeroWidth
        default:
            return .characters(try escapedSet())
        }
    }

    /// The characters an escape stands for (the backslash already read), inside or outside a class.
    mutating func escapedSet() throws(Unsupported) -> ScalarSet {
        guard let scalar = peek else { throw Unsupported() }
        index += 1
        var set = ScalarSet()
        switch scalar {
        case "s", "h":
            // ICU's white space ([\t\n\f\r\p{Z}]), with a few more controls to be safe.
            for value: UInt32 in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000] {
                set.insert(value)
            }
            set.insertRange(0x2000...0x200A)
        case "d":
            set.insertRange(0x30...0x39)
            set.insertAllNonASCII()
            set.markNumbers()
        case "w":
            set = Self.asciiLetters
            set.insertRange(0x30...0x39)
            set.insert(0x5F)
            set.insertAllNonASCII()
        case "S", "W", "D", "H", "v", "V", "R", "X":
            set = .everything
        case "p", "P":
            let negated = scalar == "P"
            let name = try propertyName()
            set = negated ? .everything : Self.property(name)
        case "n": set = literal(0x0A)
        case "t": set = literal(0x09)
        case "r": set = literal(0x0D)
        case "f": set = literal(0x0C)
        case "e": set = literal(0x1B)
        case "a": set = literal(0x07)
        default:
            // Escaped punctuation stands for itself; other escapes (\x, \u, \N, \Q, back references) are not followed.
            guard scalar.value < 0x80, !scalar.properties.isAlphabetic, !("0"..."9").contains(scalar) else { throw Unsupported() }
            set = literal(scalar.value)
        }
        return set
    }

    mutating func propertyName() throws(Unsupported) -> String {
        guard let next = peek else { throw Unsupported() }
        if next != "{" {
            index += 1
            return String(Character(next))
        }
        index += 1
        var name = ""
        while let scalar = peek, scalar != "}" {
            name.unicodeScalars.append(scalar)
            index += 1
        }
        guard peek == "}" else { throw Unsupported() }
        index += 1
        return name
    }

    /// ASCII members of common properties, plus every non-ASCII character; anything else is everything.
    static func property(_ name: String) -> ScalarSet {
        var set = ScalarSet()
        switch name {
        case "Lu": set.insertRange(0x41...0x5A)
        case "Ll": set.insertRange(0x61...0x7A)
        case "L", "Letter": set = asciiLetters
        case "N", "Nd": set.insertRange(0x30...0x39)
        default: return .everything
        }
        set.insertAllNonASCII()
        if name == "N" || name == "Nd" { set.markNumbers() }
        return set
    }

    static var asciiLetters: ScalarSet {
        var set = ScalarSet()
        set.insertRange(0x41...0x5A)
        set.insertRange(0x61...0x7A)
        return set
    }

    /// `[...]`, the `[` already read. Negated classes stand for everything.
    mutating func characterClass() throws(Unsupported) -> ScalarSet {
        var set = ScalarSet()
        let negated = peek == "^"
        if negated { index += 1 }
        if peek == "]" { throw Unsupported() }
        while true {
            guard let scalar = peek else { throw Unsupported() }
            index += 1
            if scalar == "]" { break }
            if scalar == "[" { throw Unsupported() }                       // nested sets, [:alpha:]
            if (scalar == "&" || scalar == "-") && peek == scalar { throw Unsupported() }   // && and -- operators
            let low: UInt32
            if scalar == "\\" {
                let escaped = try escapedSet()
                guard let single = escaped.singleASCII, peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" else {
                    set.formUnion(escaped)
                    continue
                }
                low = single
            } else {
                low = scalar.value
            }
            if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                index += 1
                var high = scalars[index].value
                index += 1
                if high == 0x5C {   // an escaped end of range
                    guard let single = try escapedSet().singleASCII else { throw Unsupported() }
                    high = single
                }
                guard low <= high else { throw Unsupported() }
                set.formUnion(range(low...high))
            } else {
                set.formUnion(literal(low))
            }
        }
        return negated ? .everything : set
    }

    /// One character. When matching ignores case the prefilter folds sets and lines alike, so the character
    /// stands as it is; without ICU's folding data, it admits every non-ASCII character and the ASCII letters
    /// its case mappings begin with.
    mutating func literal(_ value: UInt32) -> ScalarSet {
        var set = ScalarSet()
        set.insert(value)
        guard ignoreCase else { return set }
        if let folding = CaseFolding.shared {
            if folding.single(value) == nil { sawExpandingFold = true }
            return set
        }
        if value < 0x80 {
            if let letter = Unicode.Scalar(value), letter.properties.isAlphabetic {
                set.insert(value ^ 0x20)
                set.insertAllNonASCII()
            }
            return set
        }
        set.insertAllNonASCII()
        // Non-ASCII letters whose case mappings reach ASCII ("İ" -> "i̇", "ß" -> "SS", the Kelvin sign -> "k").
        if let scalar = Unicode.Scalar(value) {
            for mapped in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping, scalar.properties.titlecaseMapping] {
                if let head = mapped.unicodeScalars.first, head.value < 0x80, head.properties.isAlphabetic {
                    set.insert(head.value)
                    set.insert(head.value ^ 0x20)
                }
            }
        }
        return set
    }

    mutating func range(_ range: ClosedRange<UInt32>) -> ScalarSet {
        var set = ScalarSet()
        set.insertRange(range)
        guard ignoreCase else { return set }
        if range.lowerBound < 0x80 { for value in range.lowerBound...min(range.upperBound, 0x7F) { set.formUnion(literal(value)) } }
        if range.upperBound >= 0x80 { set.insertAllNonASCII() }
        return set
    }
}

private extension ScalarSet {
    /// The members of a set of at most 8 characters, or nil for a bigger one. (The analysis asks this of every
    /// literal character of every pattern: the ASCII members come from the set's bits, not from 128 lookups.)
    var smallMembers: [UInt32]? {
        guard !allNonASCII, ascii.0.nonzeroBitCount + ascii.1.nonzeroBitCount + others.count <= 8 else { return nil }
        var members: [UInt32] = []
        for (word, base) in [(ascii.0, UInt32(0)), (ascii.1, UInt32(64))] {
            var bits = word
            while bits != 0 {
                members.append(base + UInt32(bits.trailingZeroBitCount))
                bits &= bits - 1
            }
        }
        return members + others.sorted()
    }

    /// The one character of a one-character set.
    var single: UInt32? {
        guard let members = smallMembers, members.count == 1 else { return nil }
        return members[0]
    }

    /// The one ASCII character of a set that holds only that, for class ranges written with an escape.
    var singleASCII: UInt32? {
        guard !allNonASCII, ascii.0.nonzeroBitCount + ascii.1.nonzeroBitCount == 1 else { return nil }
        return ascii.0 != 0 ? UInt32(ascii.0.trailingZeroBitCount) : 64 + UInt32(ascii.1.trailingZeroBitCount)
    }
}

