import Foundation
import WinnowICU

/// The time limit for every rule's regular expressions, in ICU match-engine steps (on the order of milliseconds).
let regexTimeLimit: Int32 = 200

/// A matcher from the rules file, compiled: regular expressions opened, keywords folded.
/// Holds ICU objects that are not thread-safe; one per worker.
final class LineMatcher {
    private enum Check {
        case regex([ICURegex])
        case keywords(KeywordMatcher)
        case exact(Set<String>, longest: Int)
        case contains([[UInt8]])
        case words(IntBounds)
        case chars(IntBounds)
        case indent(IntBounds)
        case letterRatio(DoubleBounds)
        case terminalPunctuation(Bool)
        case capitalized(Bool)
        case allCaps(Bool)
        case first(Int)
        case last(Int)
        case blankAfter(IntBounds)
        case blankBefore(IntBounds)
        case previous(LineMatcher)
        case next(LineMatcher)
        case not(LineMatcher)
        case any([LineMatcher])

        /// Cheap checks run first, so that regular expressions run on few lines. A nested matcher costs what its
        /// dearest check costs, and a little more.
        var cost: Int {
            switch self {
            case .first, .last, .blankAfter, .blankBefore, .indent, .words: 0
            case .terminalPunctuation, .contains: 1
            case .capitalized, .allCaps, .letterRatio, .exact, .chars: 2
            case .keywords: 4
            case .regex: 5
            case .previous(let inner), .next(let inner), .not(let inner): 1 + inner.cost
            case .any(let options): 1 + (options.map(\.cost).max() ?? 0)
            }
        }
    }

    private let checks: [Check]
    /// The plain-number conditions, checked before anything else without touching the line's text.
    private let gate: Gate
    private struct Gate {
        var words: IntBounds?
        var first: Int?
        var last: Int?
        var terminalPunctuation: Bool?
    }

    /// What evaluating this matcher costs at most (see `Check.cost`).
    var cost: Int { checks.map(\.cost).max() ?? 0 }
    /// The matcher's first regular expressions (or those of its `any` options): the first of them that matches
    /// says which part `drop_part` drops and what `extract` takes.
    let primaryRegexes: [ICURegex]

    init(_ spec: MatcherSpec, folder: TokenFolder) throws(Rejection) {
        var checks: [Check] = []
        var primary: [ICURegex]?
        for condition in spec.conditions {
            switch condition {
            case let .regex(patterns, ignoreCase):
                var compiled: [ICURegex] = []
                for pattern in patterns {
                    do {
                        compiled.append(try ICURegex(pattern, caseInsensitive: ignoreCase, timeLimit: regexTimeLimit))
                    } catch {
                        throw Rejection(.internalError, "pattern /\(pattern)/ does not compile: \(error)")
                    }
                }
                if primary == nil { primary = compiled }
                checks.append(.regex(compiled))
            case let .keywords(words):
                do {
                    checks.append(.keywords(try KeywordMatcher(keywords: words, folder: folder)))
                } catch {
                    throw Rejection(.internalError, error.description)
                }
            case let .exact(lines):
                let folded = Set(lines.map { $0.lowercased() })
                checks.append(.exact(folded, longest: folded.map(\.utf8.count).max() ?? 0))
            case let .contains(needles): checks.append(.contains(needles.map { Array($0.utf8) }))
            case let .words(bounds): checks.append(.words(bounds))
            case let .chars(bounds): checks.append(.chars(bounds))
            case let .indent(bounds): checks.append(.indent(bounds))
            case let .letterRatio(bounds): checks.append(.letterRatio(bounds))
            case let .terminalPunctuation(flag): checks.append(.terminalPunctuation(flag))
            case let .capitalized(flag): checks.append(.capitalized(flag))
            case let .allCaps(flag): checks.append(.allCaps(flag))
            case let .first(count): checks.append(.first(count))
            case let .last(count): checks.append(.last(count))
            case let .blankAfter(bounds): checks.append(.blankAfter(bounds))
            case let .blankBefore(bounds): checks.append(.blankBefore(bounds))
            case let .previous(inner): checks.append(.previous(try LineMatcher(inner, folder: folder)))
            case let .next(inner): checks.append(.next(try LineMatcher(inner, folder: folder)))
            case let .not(inner): checks.append(.not(try LineMatcher(inner, folder: folder)))
            case let .any(options):
                var compiled: [LineMatcher] = []
                for option in options { compiled.append(try LineMatcher(option, folder: folder)) }
                checks.append(.any(compiled))
            }
        }
        var gate = Gate()
        var rest: [Check] = []
        for check in checks {
            switch check {
            case let .words(bounds): gate.words = gate.words ?? bounds
            case let .first(count): gate.first = min(gate.first ?? count, count)
            case let .last(count): gate.last = min(gate.last ?? count, count)
            case let .terminalPunctuation(flag) where gate.terminalPunctuation == nil: gate.terminalPunctuation = flag
            default: rest.append(check)
            }
        }
        self.gate = gate
        self.checks = rest.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element)
        // Without a regex of its own, the matcher takes those of its `any` options, in order.
        self.primaryRegexes = primary ?? checks.flatMap { check -> [ICURegex] in
            if case let .any(options) = check { return options.flatMap(\.primaryRegexes) }
            return []
        }
    }

    /// True when the line at `index` of `lines` meets every condition.
    func matches(_ lines: [Line], at index: Int) throws(Rejection) -> Bool {
        if let words = gate.words, !words.contains(lines[index].wordCount) { return false }
        if let first = gate.first, index >= first { return false }
        if let last = gate.last, index < lines.count - last { return false }
        if let flag = gate.terminalPunctuation, LineShape.endsWithTerminalPunctuation(lines[index].text) != flag { return false }
        if checks.isEmpty { return true }
        let line = lines[index]
        for check in checks {
            let holds: Bool
            switch check {
            case let .regex(patterns):
                holds = try Self.anyMatch(patterns, in: line)
            case let .keywords(matcher):
                do { holds = try matcher.matches(line.text) } catch {
                    throw Rejection(.internalError, error.description, line: line.number)
                }
            case let .exact(set, longest):
                // Lower-casing can change the byte count a little; twice the longest entry is a safe bound.
                holds = line.text.utf8.count <= 2 * longest + 8 && set.contains(line.text.lowercased())
            case let .contains(needles): holds = Self.containsAny(needles, in: line.text)
            case let .words(bounds): holds = bounds.contains(line.wordCount)
            case let .chars(bounds): holds = Self.scalarCount(of: line.text, isIn: bounds)
            case let .indent(bounds): holds = bounds.contains(line.indent)
            case let .letterRatio(bounds): holds = bounds.contains(LineShape.letterRatio(line.text))
            case let .terminalPunctuation(flag): holds = LineShape.endsWithTerminalPunctuation(line.text) == flag
            case let .capitalized(flag): holds = LineShape.isCapitalized(line.text) == flag
            case let .allCaps(flag): holds = LineShape.isAllCaps(line.text) == flag
            case let .first(count): holds = index < count
            case let .last(count): holds = index >= lines.count - count
            case let .blankAfter(bounds):
                holds = bounds.contains(index + 1 < lines.count ? lines[index + 1].blankLinesBefore : Int.max / 2)
            case let .blankBefore(bounds): holds = bounds.contains(line.blankLinesBefore)
            case let .previous(inner): holds = index > 0 ? try inner.matches(lines, at: index - 1) : false
            case let .next(inner): holds = index + 1 < lines.count ? try inner.matches(lines, at: index + 1) : false
            case let .not(inner): holds = try !inner.matches(lines, at: index)
            case let .any(options):
                var found = false
                for option in options where try option.matches(lines, at: index) {
                    found = true
                    break
                }
                holds = found
            }
            if !holds { return false }
        }
        return true
    }

    /// The first match of the matcher's first regular expressions in `line`.
    func primaryMatch(in line: Line) throws(Rejection) -> (regex: ICURegex, match: RegexMatch)? {
        for regex in primaryRegexes {
            do {
                if let match = try regex.firstMatch(in: line.text) { return (regex, match) }
            } catch {
                throw Rejection(.regexTimeout, "pattern /\(error.pattern)/ ran past its time limit", line: line.number)
            }
        }
        return nil
    }

    /// True when the UTF-8 bytes of `text` contain one of `needles` (byte comparison: text is normalised).
    static func containsAny(_ needles: [[UInt8]], in text: String) -> Bool {
        var text = text
        return text.withUTF8 { haystack in
            guard let base = haystack.baseAddress else { return false }
            for needle in needles where !needle.isEmpty && needle.count <= haystack.count {
                let found = needle.withUnsafeBufferPointer { pattern -> Bool in
                    // memchr finds each candidate first byte; memcmp checks the rest.
                    var offset = 0
                    let last = haystack.count - pattern.count
                    while offset <= last {
                        guard let hit = memchr(base + offset, Int32(pattern[0]), last - offset + 1) else { return false }
                        let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                        if memcmp(base + position, pattern.baseAddress!, pattern.count) == 0 { return true }
                        offset = position + 1
                    }
                    return false
                }
                if found { return true }
            }
            return false
        }
    }

    /// Checks a character-count bound without counting when the byte count already decides it
    /// (a scalar takes 1 to 4 UTF-8 bytes).
    static func scalarCount(of text: String, isIn bounds: IntBounds) -> Bool {
        let bytes = text.utf8.count
        if let max = bounds.max, bytes > 4 * max { return false }
        if let min = bounds.min, bytes < min { return false }
        return bounds.contains(text.unicodeScalars.count)
    }

    private static func anyMatch(_ patterns: [ICURegex], in line: Line) throws(Rejection) -> Bool {
        for regex in patterns {
            do {
                if try regex.matches(line.text) { return true }
            } catch {
                throw Rejection(.regexTimeout, "pattern /\(error.pattern)/ ran past its time limit", line: line.number)
            }
        }
        return false
    }
}
