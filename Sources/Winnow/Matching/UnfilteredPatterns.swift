/// Regular expressions a rule would try on every line: nothing cheap stands before them. A pattern whose
/// prefilter says something (an anchor, a literal every match holds; a digit alone is not enough) is checked on
/// the bytes first; a matcher with keywords, `contains`, exact lines or a first/last window reaches its regex
/// only on the lines those admit. What is left runs ICU at every position of every line, the slowest thing a
/// rule can do (one such pattern once took a third of the stream's time). `winnow lint` names them.
extension MatcherSpec {
    public var patternsScanningEveryLine: [String] {
        let narrowed = conditions.contains { condition in
            switch condition {
            case .keywords, .edgeKeywords, .contains, .exact, .first, .last: true
            default: false
            }
        }
        guard !narrowed else { return [] }
        return conditions.flatMap { condition -> [String] in
            switch condition {
            case let .regex(patterns, ignoreCase):
                patterns.filter { RegexPrefilter.shared(pattern: $0, ignoreCase: ignoreCase)?.asksOnlyForANumber ?? true }
            case let .any(options):
                options.flatMap(\.patternsScanningEveryLine)
            default:
                []
            }
        }
    }
}
